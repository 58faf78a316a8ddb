import { json, projectRoute } from "@/lib/api/handler";
import { runFailureClusters } from "@/lib/failure-clusters/queries";

// GET /api/projects/{projectId}/test-runs/{runId}/failure-clusters — the run's failing entries grouped by error signature
export const GET = projectRoute<{ projectId: string; runId: string }>(async ({ ctx, params }) => json(await runFailureClusters(ctx, params.runId)));
