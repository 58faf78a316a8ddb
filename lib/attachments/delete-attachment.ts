import { and, eq } from "drizzle-orm";
import { attachments } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { attachmentStorage } from "./storage";
import { logger } from "@/lib/observability/logger";

/**
 * The row goes first, in its transaction; the file after commit. A crash in between leaves an
 * unreferenced file, never a row whose file is gone.
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
  try {
    await attachmentStorage().delete(row.storageKey);
  } catch (err) {
    logger().error({ err, storageKey: row.storageKey, attachmentId: row.id }, "attachments: could not delete the file of a deleted attachment");
  }
}
