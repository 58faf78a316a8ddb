import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { ingestResults } from "@/lib/results/ingest-results";
import { listRunResults } from "@/lib/results/queries";
import { ResultListQuery } from "@/lib/results/schemas";

type Params = { projectId: string; runId: string };

// GET /api/projects/{projectId}/test-runs/{runId}/results — entries with their latest attempt, filtered by status, flaky, priority
export const GET = projectRoute<Params>(async ({ ctx, params, query }) => {
  const { status, flaky, priority, ...page } = parse(ResultListQuery, query);
  return json(await listRunResults(ctx, params.runId, { status, flaky, priority }, page));
});

// POST /api/projects/{projectId}/test-runs/{runId}/results — a batch of up to 1000 automated results (idempotent)
export const POST = projectRoute<Params>(
  async ({ ctx, params, body }) => json(await ingestResults({ ctx, runId: params.runId, input: await body() })),
  { maxBytes: 16 * 1024 * 1024 },
);
