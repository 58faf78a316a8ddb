import { json, noContent, projectRoute } from "@/lib/api/handler";
import { deleteNote } from "@/lib/exploratory/delete-note";
import { getNote } from "@/lib/exploratory/queries";
import { updateNote } from "@/lib/exploratory/update-note";

type Params = { projectId: string; runId: string; noteId: string };

// GET /api/projects/{projectId}/test-runs/{runId}/notes/{noteId} — one note with its attachments
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getNote(ctx, params.runId, params.noteId)));

// PATCH /api/projects/{projectId}/test-runs/{runId}/notes/{noteId} — edit a note, or link its defect
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateNote({ ctx, runId: params.runId, noteId: params.noteId, input: await body() })),
);

// DELETE /api/projects/{projectId}/test-runs/{runId}/notes/{noteId} — delete a note of a running session
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await deleteNote({ ctx, runId: params.runId, noteId: params.noteId });
  return noContent();
});
