import { describeUpload, storeAttachment, type UploadAttachmentInput } from "@/lib/attachments/upload-attachment";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { findNote, findSession, toNoteAttachment } from "./queries";
import type { NoteAttachment } from "./schemas";

/**
 * Attaches a file (a screenshot, a log) to a note, through the same storage and checks as result
 * attachments. Allowed until the session is aborted, so evidence can follow the session.
 */
export async function uploadNoteAttachment({
  ctx,
  runId,
  noteId,
  input,
}: {
  ctx: ProjectCtx;
  runId: string;
  noteId: string;
  input: UploadAttachmentInput;
}): Promise<NoteAttachment> {
  authorize(ctx, "run:write");
  authorize(ctx, "attachment:write");
  describeUpload(input); // a bad name or type is a 400 before the note is looked up
  const session = await findSession(ctx, runId);
  const note = await findNote(ctx, session.id, noteId);
  if (session.status === "ABORTED") throw new ConflictError("The session was ABORTED; its notes take no more attachments.");
  const row = await storeAttachment(ctx, input, {
    owner: { noteId: note.id },
    ownerLabel: "Note",
    audit: { noteId: note.id, runId: session.id },
  });
  return toNoteAttachment(ctx, { ...row, noteId: note.id });
}
