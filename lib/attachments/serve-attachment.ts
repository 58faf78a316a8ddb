import type { ProjectCtx } from "@/lib/context";
import { servedContentType, servedInline } from "./content-types";
import { contentDisposition } from "./filename";
import { getAttachmentRow, openAttachment } from "./queries";
import type { ByteRange } from "./storage";

/**
 * The bytes of an attachment, served so that nothing uploaded can run as our origin: the
 * stored type with `nosniff`, a sandboxing CSP, and a download for anything but images, video,
 * PDF and plain text. Bytes never change under an id, so the sha256 is a strong ETag, and
 * single byte ranges let videos seek.
 */
export async function serveAttachment(ctx: ProjectCtx, attachmentId: string, req: Request): Promise<Response> {
  const row = await getAttachmentRow(ctx, attachmentId);
  const etag = `"${row.sha256}"`;
  const headers = new Headers({
    "Content-Type": servedContentType(row.contentType),
    "Content-Disposition": contentDisposition(servedInline(row.contentType) ? "inline" : "attachment", row.filename),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
    "Cross-Origin-Resource-Policy": "same-origin",
    // Members only: browsers may keep a copy, shared caches may not.
    "Cache-Control": "private, max-age=3600",
    ETag: etag,
    "Accept-Ranges": "bytes",
  });
  if (matchesEtag(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  const ifRange = req.headers.get("if-range");
  const range = ifRange === null || ifRange === etag ? parseRange(req.headers.get("range"), row.sizeBytes) : undefined;
  const body = await openAttachment(row, range);
  if (range) {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${row.sizeBytes}`);
    headers.set("Content-Length", String(range.end - range.start + 1));
    return new Response(body, { status: 206, headers });
  }
  headers.set("Content-Length", String(row.sizeBytes));
  return new Response(body, { status: 200, headers });
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.trim() === "*" || header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** One satisfiable `bytes=` range; anything else is ignored and the whole file is sent (RFC 9110 §14.2). */
export function parseRange(header: string | null, size: number): ByteRange | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || size === 0 || (!m[1] && !m[2])) return undefined;
  if (!m[1]) {
    const suffix = Number(m[2]);
    return suffix > 0 ? { start: Math.max(0, size - suffix), end: size - 1 } : undefined;
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start <= end && start < size ? { start, end } : undefined;
}
