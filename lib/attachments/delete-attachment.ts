import { and, eq } from "drizzle-orm";
import { attachments } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { drainStorageDeletions } from "./drain-storage-deletions";

/**
 * The row goes in its transaction, which also queues its storage key for deletion (a trigger on
 * `attachments`); the bytes go right after commit. If that fails or the process dies first, the
 * `attachment-deletions` job deletes them later: never a row whose file is gone, never an orphan.
 */
export async function deleteAttachment({ ctx, attachmentId }: { ctx: ProjectCtx; attachmentId: string }): Promise<void> {
  authorize(ctx, "attachment:write");
  const row = await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(attachments)
      .where(and(eq(attachments.projectId, ctx.project.id), eq(attachments.id, attachmentId)))
      .returning();
    if (!deleted) throw new NotFoundError("Attachment");
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "attachment.delete",
      entityType: "attachment",
      entityId: deleted.id,
      before: { resultId: deleted.resultId, filename: deleted.filename, contentType: deleted.contentType, sizeBytes: deleted.sizeBytes, sha256: deleted.sha256 },
    });
    return deleted;
  });
  await drainStorageDeletions(ctx.db, { keys: [row.storageKey] });
}
