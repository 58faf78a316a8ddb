import { json, projectRoute } from "@/lib/api/handler";
import { completeRun } from "@/lib/runs/complete-run";

// POST /api/projects/{projectId}/test-runs/{runId}/complete — complete a run (idempotent), or one shard of it with {shard}
export const POST = projectRoute<{ projectId: string; runId: string }>(async ({ ctx, params, req, body }) =>
  json(await completeRun({ ctx, runId: params.runId, input: req.headers.get("content-type") ? await body() : {} })),
);
