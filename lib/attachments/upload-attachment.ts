import { attachments } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, PG, pgErrorCode } from "@/lib/errors";
import { acceptContentType, checkSignature, SNIFF_BYTES, type AttachmentContentType } from "./content-types";
import { sanitizeFilename } from "./filename";
import { findResult, toAttachment } from "./queries";
import { UploadAttachmentQuery, type Attachment } from "./schemas";
import { attachmentStorage, attachmentTooLarge, maxAttachmentBytes } from "./storage";
import { logger } from "@/lib/observability/logger";

export type UploadAttachmentInput = {
  /** The request's `Content-Type`: the file's type. */
  contentType: string | null;
  /** The request's `Content-Length`, when the client sent one. */
  contentLength: string | null;
  /** The query string: `?name=` is the file's name as the client knows it. */
  query: unknown;
  body: ReadableStream<Uint8Array> | null;
};

type AttachmentRow = typeof attachments.$inferSelect;

/** The upload's name and type, checked before anything is read or stored. */
export function describeUpload(input: UploadAttachmentInput): { filename: string; contentType: AttachmentContentType } {
  const { name } = parse(UploadAttachmentQuery, input.query);
  const contentType = acceptContentType(input.contentType);
  return { filename: sanitizeFilename(name, contentType), contentType };
}

/**
 * Streams the body to storage (hashing, size-limiting and checking its type on the way), then
 * records it and its audit row in one transaction. A refused or failed upload leaves neither a
 * file nor a row. Shared by every owner of attachments (results, exploratory notes).
 */
export async function storeAttachment(
  ctx: ProjectCtx,
  input: UploadAttachmentInput,
  opts: {
    owner: { resultId?: string; entryId?: string | null; noteId?: string };
    /** Named in the 404 when the owner is deleted while the file uploads. */
    ownerLabel: string;
    /** Extra audit fields naming the owner. */
    audit: Record<string, string>;
  },
): Promise<AttachmentRow> {
  const { filename, contentType } = describeUpload(input);
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
          ...opts.owner,
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
        after: { ...opts.audit, filename, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
      });
      return row;
    });
  } catch (err) {
    await storage.delete(stored.key).catch((cleanup) => logger().error({ err: cleanup, storageKey: stored.key }, "attachments: could not remove the file of a refused upload"));
    // The owner was deleted while the file was uploading.
    if (pgErrorCode(err) === PG.foreignKeyViolation) throw new NotFoundError(opts.ownerLabel);
    throw err;
  }
}

/** Attaches a file to a result (an attempt): a screenshot, a trace, a log. */
export async function uploadAttachment({ ctx, resultId, input }: { ctx: ProjectCtx; resultId: string; input: UploadAttachmentInput }): Promise<Attachment> {
  authorize(ctx, "attachment:write");
  describeUpload(input); // a bad name or type is a 400 before the result is looked up
  const result = await findResult(ctx, resultId);
  const row = await storeAttachment(ctx, input, {
    owner: { resultId: result.id, entryId: result.entryId },
    ownerLabel: "Result",
    audit: { resultId: result.id },
  });
  return toAttachment(ctx, { ...row, resultId: result.id });
}
