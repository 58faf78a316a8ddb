import { noContent, projectRoute } from "@/lib/api/handler";
import { deleteAttachment } from "@/lib/attachments/delete-attachment";
import { serveAttachment } from "@/lib/attachments/serve-attachment";

type Params = { projectId: string; attachmentId: string };

// GET /api/projects/{projectId}/attachments/{attachmentId} — the file's bytes (members only; cookie or key)
export const GET = projectRoute<Params>(async ({ req, ctx, params }) => serveAttachment(ctx, params.attachmentId, req));

// DELETE /api/projects/{projectId}/attachments/{attachmentId} — delete the attachment and its file
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await deleteAttachment({ ctx, attachmentId: params.attachmentId });
  return noContent();
});
