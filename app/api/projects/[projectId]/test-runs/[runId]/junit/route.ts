import { json, projectRoute } from "@/lib/api/handler";
import { ingestJunit } from "@/lib/results/junit/ingest-junit";

type Params = { projectId: string; runId: string };

// POST /api/projects/{projectId}/test-runs/{runId}/junit — JUnit XML (a body or multipart files), streamed into one transaction
export const POST = projectRoute<Params>(async ({ ctx, params, req }) => json(await ingestJunit({ ctx, runId: params.runId, req })));
