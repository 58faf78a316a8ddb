import { createHash, randomBytes } from "node:crypto";
import * as attachmentRoute from "@/app/api/projects/[projectId]/attachments/[attachmentId]/route";
import * as resultAttachmentsRoute from "@/app/api/projects/[projectId]/results/[resultId]/attachments/route";
import * as noteAttachmentsRoute from "@/app/api/projects/[projectId]/test-runs/[runId]/notes/[noteId]/attachments/route";

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const png = (size: number) => Buffer.concat([Buffer.from(PNG_SIGNATURE), randomBytes(size - PNG_SIGNATURE.length)]);
export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export type Body = Uint8Array | string | ReadableStream<Uint8Array>;
export type SendOptions = { key?: string; cookie?: string; body?: Body; contentType?: string; headers?: Record<string, string> };

const ROUTES: [RegExp, Record<string, unknown>, string[]][] = [
  [/^\/api\/projects\/([^/]+)\/results\/([^/]+)\/attachments$/, resultAttachmentsRoute, ["projectId", "resultId"]],
  [/^\/api\/projects\/([^/]+)\/test-runs\/([^/]+)\/notes\/([^/]+)\/attachments$/, noteAttachmentsRoute, ["projectId", "runId", "noteId"]],
  [/^\/api\/projects\/([^/]+)\/attachments\/([^/]+)$/, attachmentRoute, ["projectId", "attachmentId"]],
];

/**
 * Calls the attachment route handlers in-process with a real Request, binary bodies included
 * (the shared test client speaks JSON only). Returns the raw Response.
 */
export async function sendAttachmentRequest(method: string, urlPath: string, opts: SendOptions = {}): Promise<Response> {
  const url = new URL(urlPath, "http://localhost:3000");
  const found = ROUTES.map(([pattern, mod, names]) => {
    const m = pattern.exec(url.pathname);
    return m ? { mod, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) } : null;
  }).find(Boolean);
  if (!found) throw new Error(`No attachment route for ${urlPath}`);
  const handler = found.mod[method] as (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const headers = new Headers(opts.headers);
  if (opts.key) headers.set("authorization", `Bearer ${opts.key}`);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  if (opts.contentType) headers.set("content-type", opts.contentType);
  const init: RequestInit & { duplex?: "half" } = { method, headers, body: opts.body as BodyInit | undefined };
  if (opts.body instanceof ReadableStream) init.duplex = "half";
  return handler(new Request(url, init), { params: Promise.resolve(found.params) });
}

/** A body delivered in chunks, as a real upload arrives. */
export function chunked(bytes: Uint8Array, chunkSize = 16 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}
