import { json, projectRoute } from "@/lib/api/handler";
import { entryDefects } from "@/lib/defects/entry-defects";

type Params = { projectId: string; runId: string; entryId: string };

// GET /api/projects/{projectId}/test-runs/{runId}/entries/{entryId}/defects — the case's defects, Jira statuses refreshed when stale
export const GET = projectRoute<Params>(async ({ ctx, params }) => json({ data: await entryDefects(ctx, params.runId, params.entryId) }));
