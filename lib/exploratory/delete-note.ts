import { and, eq } from "drizzle-orm";
import { attachments, exploratoryNotes } from "@/db/schema";
import { drainStorageDeletions } from "@/lib/attachments/drain-storage-deletions";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { findNote, findSession } from "./queries";
import { assertRunning, touchSession } from "./session-state";

/** Deletes a note of a running session with its attachments; their files go after commit (through the deletion outbox). */
export async function deleteNote({ ctx, runId, noteId }: { ctx: ProjectCtx; runId: string; noteId: string }): Promise<void> {
  authorize(ctx, "run:write");
  const keys = await ctx.db.transaction(async (tx) => {
    const session = await findSession(ctx, runId, tx, true);
    const note = await findNote(ctx, session.id, noteId, tx);
    assertRunning(session, "delete notes");
    const files = await tx
      .select({ storageKey: attachments.storageKey })
      .from(attachments)
      .where(and(eq(attachments.projectId, ctx.project.id), eq(attachments.noteId, note.id)));
    // Attachments go with the note (ON DELETE CASCADE).
    await tx.delete(exploratoryNotes).where(and(eq(exploratoryNotes.projectId, ctx.project.id), eq(exploratoryNotes.id, note.id)));
    await touchSession(tx, session);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "note.delete",
      entityType: "exploratory_note",
      entityId: note.id,
      before: { runId: session.id, kind: note.kind, body: note.body, defectKey: note.defectKey, attachments: files.length },
    });
    return files.map((f) => f.storageKey);
  });
  // The cascade queued the files' keys in the same transaction; delete them now, or the
  // attachment-deletions job will.
  await drainStorageDeletions(ctx.db, { keys });
}
