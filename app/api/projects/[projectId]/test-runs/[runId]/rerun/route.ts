import { created, projectRoute } from "@/lib/api/handler";
import { rerunFailures } from "@/lib/runs/rerun-failures";

type Params = { projectId: string; runId: string };

// POST /api/projects/{projectId}/test-runs/{runId}/rerun — a new run of the FAILED and BLOCKED entries, same milestone and environment
export const POST = projectRoute<Params>(async ({ ctx, params, req, body }) =>
  created(await rerunFailures({ ctx, runId: params.runId, input: req.headers.get("content-type") ? await body() : {} })),
);
