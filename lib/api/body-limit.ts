import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { PayloadTooLargeError } from "@/lib/errors";
import { errorResponse } from "./handler";
import { assertStorableText } from "./storable-text";

/** Bodies of endpoints anyone may call without credentials (Slack's command, the sign-in callback). */
export const MAX_UNAUTHENTICATED_BODY_BYTES = 64 * 1024;

/**
 * Reads a body up to `maxBytes`, counting while it streams: a declared Content-Length over the
 * limit is refused before a byte is read, and a chunked body is cancelled as soon as it passes
 * the limit, so a huge upload never sits in memory.
 */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new PayloadTooLargeError(`The request body is over the limit of ${maxBytes} bytes.`);
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) {
    req.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Wraps a handler that would read its whole body (Auth.js): the body is read within the limit
 * first (413 in the error shape past it) and handed on as a fresh request with the same bytes.
 * Form fields Postgres could not store (a NUL in the email) are a 400 here, before any lookup.
 */
export function withBodyLimit(handler: (req: NextRequest) => Promise<Response>, maxBytes = MAX_UNAUTHENTICATED_BODY_BYTES) {
  return async (req: NextRequest): Promise<Response> => {
    let body: Uint8Array;
    try {
      body = await readBodyLimited(req, maxBytes);
      if (/application\/x-www-form-urlencoded/i.test(req.headers.get("content-type") ?? "")) {
        assertStorableText(Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body))));
      }
    } catch (err) {
      return errorResponse(err, randomUUID());
    }
    const headers = new Headers(req.headers);
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
    return handler(new NextRequest(req.url, { method: req.method, headers, body: body.byteLength ? (body as BodyInit) : undefined }));
  };
}
