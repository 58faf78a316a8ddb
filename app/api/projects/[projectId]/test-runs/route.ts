import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createRun } from "@/lib/runs/create-run";
import { listRuns } from "@/lib/runs/queries";
import { RunListQuery } from "@/lib/runs/schemas";

// GET /api/projects/{projectId}/test-runs — newest first, filtered by milestone, environment, status, kind, ciBuildId
export const GET = projectRoute(async ({ ctx, query }) => {
  const { limit, cursor, ...filter } = parse(RunListQuery, query);
  return json(await listRuns(ctx, filter, { limit, cursor }));
});

// POST /api/projects/{projectId}/test-runs — create a run (an existing ciBuildId returns its run with 200)
export const POST = projectRoute(async ({ ctx, body }) => {
  const { run, created: isNew } = await createRun({ ctx, input: await body() });
  return isNew ? created(run) : json(run);
});
