import { json, noContent, projectRoute } from "@/lib/api/handler";
import { assignEntry } from "@/lib/entries/assign-entries";
import { removeEntry } from "@/lib/entries/remove-entry";

type Params = { projectId: string; runId: string; entryId: string };

// PATCH /api/projects/{projectId}/test-runs/{runId}/entries/{entryId} — assign the entry (assigneeId, null unassigns)
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await assignEntry({ ctx, runId: params.runId, entryId: params.entryId, input: await body() })),
);

// DELETE /api/projects/{projectId}/test-runs/{runId}/entries/{entryId} — remove an entry that has no results
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await removeEntry({ ctx, runId: params.runId, entryId: params.entryId });
  return noContent();
});
