import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { attachments, results } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { Attachment } from "./schemas";
import { attachmentStorage, type ByteRange } from "./storage";
import { logger } from "@/lib/observability/logger";

type AttachmentRow = typeof attachments.$inferSelect;

const createdKey = sql<string>`to_char(${attachments.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function attachmentUrl(ctx: ProjectCtx, id: string): string {
  return `/api/projects/${encodeURIComponent(ctx.project.key)}/attachments/${encodeURIComponent(id)}`;
}

export function toAttachment(ctx: ProjectCtx, row: AttachmentRow & { resultId: string }): Attachment {
  return {
    id: row.id,
    resultId: row.resultId,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    url: attachmentUrl(ctx, row.id),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The result's run entry, or 404 when the result is not in this project. */
export async function findResult(ctx: ProjectCtx, resultId: string, db: Db | Tx = ctx.db) {
  const [row] = await db
    .select({ id: results.id, entryId: results.entryId })
    .from(results)
    .where(and(eq(results.projectId, ctx.project.id), eq(results.id, resultId)));
  if (!row) throw new NotFoundError("Result");
  return row;
}

/** A result's attachments in upload order. */
export async function listResultAttachments(ctx: ProjectCtx, resultId: string, params: PageParams): Promise<Page<Attachment>> {
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  await findResult(ctx, resultId);
  const rows = await ctx.db
    .select({ ...getTableColumns(attachments), createdKey })
    .from(attachments)
    .where(
      and(
        eq(attachments.projectId, ctx.project.id),
        eq(attachments.resultId, resultId),
        after && sql`(${attachments.createdAt}, ${attachments.id}) > (${after[0]}::timestamptz, ${after[1]})`,
      ),
    )
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.createdKey, r.id], (r) => toAttachment(ctx, { ...r, resultId }));
}

export async function getAttachmentRow(ctx: ProjectCtx, attachmentId: string): Promise<AttachmentRow> {
  const [row] = await ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.projectId, ctx.project.id), eq(attachments.id, attachmentId)));
  if (!row) throw new NotFoundError("Attachment");
  return row;
}

/** The bytes of an attachment row; 404 if the file has gone missing from storage. */
export async function openAttachment(row: AttachmentRow, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
  const stream = await attachmentStorage().get(row.storageKey, range);
  if (!stream) {
    logger().error({ storageKey: row.storageKey, attachmentId: row.id }, "attachments: file missing from storage");
    throw new NotFoundError("Attachment file");
  }
  return stream;
}
