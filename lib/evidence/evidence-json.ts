import type { Evidence } from "./read-evidence";

/**
 * `{sha256, generatedAt, manifest}` streamed: the manifest is sent as the exact canonical bytes
 * that were hashed, so `sha256` can be checked by hashing the `manifest` value re-serialized
 * canonically (keys sorted, no whitespace). The spool is closed when the stream ends or is cancelled.
 */
export function evidenceJson(evidence: Evidence): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = evidence.spool.canonicalChunks();
  let started = false;
  let done = false;
  const finish = async () => {
    if (done) return;
    done = true;
    await chunks.return(undefined);
    await evidence.spool.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`{"sha256":${JSON.stringify(evidence.sha256)},"generatedAt":${JSON.stringify(evidence.generatedAt)},"manifest":`));
          return;
        }
        const next = await chunks.next();
        if (next.done) {
          controller.enqueue(encoder.encode("}"));
          controller.close();
          await finish();
        } else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error("[evidence.json]", err);
        controller.error(err);
        await finish();
      }
    },
    async cancel() {
      await finish();
    },
  });
}
