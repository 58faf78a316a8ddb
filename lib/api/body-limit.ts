import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { errorResponse } from "./handler";
import { readBodyLimited } from "./read-body";
import { assertStorableText } from "./storable-text";

/** Bodies of endpoints anyone may call without credentials (Slack's command, the sign-in callback). */
export const MAX_UNAUTHENTICATED_BODY_BYTES = 64 * 1024;

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
