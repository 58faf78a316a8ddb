import { json, projectRoute } from "@/lib/api/handler";
import { completeRun } from "@/lib/runs/complete-run";

// POST /api/projects/{projectId}/test-runs/{runId}/complete — mark a run COMPLETED (idempotent)
export const POST = projectRoute<{ projectId: string; runId: string }>(async ({ ctx, params }) =>
  json(await completeRun({ ctx, runId: params.runId })),
);
