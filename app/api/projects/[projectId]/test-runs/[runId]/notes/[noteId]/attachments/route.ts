import { created, projectRoute } from "@/lib/api/handler";
import { uploadNoteAttachment } from "@/lib/exploratory/upload-note-attachment";

type Params = { projectId: string; runId: string; noteId: string };

// POST /api/projects/{projectId}/test-runs/{runId}/notes/{noteId}/attachments — upload one file: raw bytes, type in Content-Type, name in ?name=
export const POST = projectRoute<Params>(async ({ req, ctx, params, query }) => {
  const input = { contentType: req.headers.get("content-type"), contentLength: req.headers.get("content-length"), query, body: req.body };
  return created(await uploadNoteAttachment({ ctx, runId: params.runId, noteId: params.noteId, input }));
});
