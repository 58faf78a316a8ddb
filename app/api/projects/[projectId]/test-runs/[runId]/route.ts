import { json, projectRoute } from "@/lib/api/handler";
import { getRun } from "@/lib/runs/queries";
import { updateRun } from "@/lib/runs/update-run";

type Params = { projectId: string; runId: string };

// GET /api/projects/{projectId}/test-runs/{runId} — one run with its status counters
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getRun(ctx, params.runId)));

// PATCH /api/projects/{projectId}/test-runs/{runId} — update fields or move through statuses
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateRun({ ctx, runId: params.runId, input: await body() })),
);
