import { created, json, projectRoute } from "@/lib/api/handler";
import { recordResult } from "@/lib/entries/record-result";

type Params = { projectId: string; runId: string; entryId: string };

// POST /api/projects/{projectId}/test-runs/{runId}/entries/{entryId}/results — record a manual attempt (a retried idempotencyKey answers 200)
export const POST = projectRoute<Params>(async ({ ctx, params, body }) => {
  const outcome = await recordResult({ ctx, runId: params.runId, entryId: params.entryId, input: await body() });
  return outcome.duplicate ? json(outcome) : created(outcome);
});
