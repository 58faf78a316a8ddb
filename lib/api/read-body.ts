import { PayloadTooLargeError } from "@/lib/errors";

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
