import { attachments } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, PG, pgErrorCode } from "@/lib/errors";
import { acceptContentType, checkSignature, SNIFF_BYTES } from "./content-types";
import { sanitizeFilename } from "./filename";
import { findResult, toAttachment } from "./queries";
import { UploadAttachmentQuery, type Attachment } from "./schemas";
import { attachmentStorage, attachmentTooLarge, maxAttachmentBytes } from "./storage";

export type UploadAttachmentInput = {
  /** The request's `Content-Type`: the file's type. */
  contentType: string | null;
  /** The request's `Content-Length`, when the client sent one. */
  contentLength: string | null;
  /** The query string: `?name=` is the file's name as the client knows it. */
  query: unknown;
  body: ReadableStream<Uint8Array> | null;
};

/**
 * Streams the body to storage (hashing, size-limiting and checking its type on the way), then
 * records it in one transaction. A refused or failed upload leaves neither a file nor a row.
 */
export async function uploadAttachment({ ctx, resultId, input }: { ctx: ProjectCtx; resultId: string; input: UploadAttachmentInput }): Promise<Attachment> {
  authorize(ctx, "attachment:write");
  const { name } = parse(UploadAttachmentQuery, input.query);
  const contentType = acceptContentType(input.contentType);
  const filename = sanitizeFilename(name, contentType);
  const result = await findResult(ctx, resultId);
  const maxBytes = maxAttachmentBytes();
  if (Number(input.contentLength) > maxBytes) throw attachmentTooLarge(maxBytes);

  const storage = attachmentStorage();
  const stored = await storage.put(input.body ?? new Blob([]).stream(), {
    maxBytes,
    headBytes: SNIFF_BYTES,
    checkHead: (head) => checkSignature(contentType, head),
  });
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(attachments)
        .values({
          projectId: ctx.project.id,
          resultId: result.id,
          entryId: result.entryId,
          filename,
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.key,
          createdById: ctx.actor.userId,
        })
        .returning();
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "attachment.create",
        entityType: "attachment",
        entityId: row.id,
        after: { resultId: result.id, filename, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
      });
      return toAttachment(ctx, { ...row, resultId: result.id });
    });
  } catch (err) {
    await storage.delete(stored.key).catch((cleanup) => console.error(`[attachments] could not remove file ${stored.key}`, cleanup));
    // The result was deleted while the file was uploading.
    if (pgErrorCode(err) === PG.foreignKeyViolation) throw new NotFoundError("Result");
    throw err;
  }
}
