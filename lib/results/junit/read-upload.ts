import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";

/** One uploaded JUnit file, read as it arrives. `name` is null for a bare XML body. */
export type UploadedFile = { name: string | null; chunks: AsyncIterable<Uint8Array> };

const XML = /^(application|text)\/([\w.-]+\+)?xml$/i;
const MULTIPART = /^multipart\/form-data$/i;
const MAX_FILES = 1000;

/**
 * The JUnit files of a request, one after the other, without buffering them: the body itself
 * (`application/xml`, `text/xml`), or every file part of `multipart/form-data`. Checks the content
 * type (415) and the declared length (413) at once; the body's real length is counted while it is
 * read, so a body without Content-Length is cut off at the same limit.
 */
export function uploadedFiles(req: Request, maxBytes: number): AsyncIterable<UploadedFile> {
  const type = req.headers.get("content-type") ?? "";
  const mediaType = type.split(";")[0].trim();
  if (!XML.test(mediaType) && !MULTIPART.test(mediaType)) {
    throw new UnsupportedMediaTypeError("Send JUnit XML with `Content-Type: application/xml` (or text/xml), or files as multipart/form-data.");
  }
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge(maxBytes);
  if (XML.test(mediaType)) return single({ name: null, chunks: limited(req.body, maxBytes) });
  return multipartFiles(req.body, type, maxBytes);
}

async function* single(file: UploadedFile): AsyncGenerator<UploadedFile> {
  yield file;
}

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The upload is over the limit of ${+(maxBytes / (1024 * 1024)).toFixed(3)} MB (QA_STUDIO_JUNIT_MAX_MB).`);
}

/** The body's bytes, refused past `maxBytes`; stopping early cancels the body. */
async function* limited(body: ReadableStream<Uint8Array> | null, maxBytes: number): AsyncGenerator<Buffer> {
  if (!body) return;
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function malformed(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return ValidationError.field("body", `The multipart body is malformed: ${(err as Error).message}`);
}

/**
 * File parts of a multipart body in order. busboy hands over one part at a time and waits until
 * its stream is read, so the caller reads each file to its end before asking for the next.
 */
async function* multipartFiles(body: ReadableStream<Uint8Array> | null, contentType: string, maxBytes: number): AsyncGenerator<UploadedFile> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { files: MAX_FILES } });
  } catch (err) {
    throw ValidationError.field("body", `The multipart body cannot be read: ${(err as Error).message}`);
  }
  const queue: UploadedFile[] = [];
  let active: Readable | null = null;
  let finished = false;
  let failure: AppError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const fail = (err: unknown) => {
    failure ??= malformed(err);
    active?.destroy(failure);
    notify();
  };
  parser.on("file", (field, stream, info) => {
    active = stream;
    queue.push({ name: info.filename || field, chunks: guarded(stream) });
    notify();
  });
  parser.on("filesLimit", () => fail(new PayloadTooLargeError(`Send at most ${MAX_FILES} files per request.`)));
  parser.on("error", fail);
  parser.on("close", () => {
    finished = true;
    notify();
  });
  const source = Readable.from(limited(body, maxBytes));
  source.on("error", fail);
  source.pipe(parser);
  try {
    for (;;) {
      if (failure) throw failure;
      const next = queue.shift();
      if (next) yield next;
      else if (finished) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    source.unpipe(parser);
    source.destroy();
  }
}

async function* guarded(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw malformed(err);
  }
}
