import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { addEntries } from "@/lib/entries/add-entries";
import { listEntries } from "@/lib/entries/queries";
import { EntryListQuery } from "@/lib/entries/schemas";

type Params = { projectId: string; runId: string };

// GET /api/projects/{projectId}/test-runs/{runId}/entries — entries by suite path then case number, filtered by status, assignee, priority, suite
export const GET = projectRoute<Params>(async ({ ctx, params, query }) => {
  const { limit, cursor, ...filter } = parse(EntryListQuery, query);
  return json(await listEntries(ctx, params.runId, filter, { limit, cursor }));
});

// POST /api/projects/{projectId}/test-runs/{runId}/entries — add cases (caseIds, suiteIds or filter) to an open run
export const POST = projectRoute<Params>(async ({ ctx, params, body }) => json(await addEntries({ ctx, runId: params.runId, input: await body() })));
