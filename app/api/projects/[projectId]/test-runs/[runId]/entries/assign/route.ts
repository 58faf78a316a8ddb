import { json, projectRoute } from "@/lib/api/handler";
import { assignEntries } from "@/lib/entries/assign-entries";

type Params = { projectId: string; runId: string };

// POST /api/projects/{projectId}/test-runs/{runId}/entries/assign — assign entryIds, or all entries, to one member
export const POST = projectRoute<Params>(async ({ ctx, params, body }) => json(await assignEntries({ ctx, runId: params.runId, input: await body() })));
