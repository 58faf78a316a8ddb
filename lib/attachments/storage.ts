import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { dataDir } from "@/db/client";
import { Env } from "@/lib/env";
import { PayloadTooLargeError } from "@/lib/errors";

export type StoredFile = { key: string; sizeBytes: number; sha256: string };

export type PutOptions = {
  /** Larger bodies are refused with 413 while streaming; nothing is left behind. */
  maxBytes: number;
  /** Called once with the first `headBytes` bytes (fewer if the file is shorter); throw to refuse. */
  checkHead?: (head: Uint8Array) => void;
  headBytes?: number;
};

/** A byte range, both ends inclusive, as HTTP ranges are. */
export type ByteRange = { start: number; end: number };

/**
 * Where attachment bytes live; metadata stays in Postgres. Keys are generated here, never
 * taken from the caller, so no user input reaches a path.
 */
export interface AttachmentStorage {
  put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredFile>;
  /** The bytes (or a range of them), or null when the key has no file. */
  get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f]{32}$/;

/** Files under one directory, fanned out by the key's first two characters. */
export class DiskStorage implements AttachmentStorage {
  constructor(readonly root: string) {}

  async put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredFile> {
    const key = randomBytes(16).toString("hex");
    const tmpDir = path.join(this.root, "tmp");
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${key}.part`);
    const hash = createHash("sha256");
    const headBytes = options.headBytes ?? 0;
    let head: Buffer | undefined = options.checkHead ? Buffer.alloc(0) : undefined;
    let size = 0;
    const file = await fsp.open(tmp, "wx", 0o600);
    try {
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > options.maxBytes) throw attachmentTooLarge(options.maxBytes);
          if (head) {
            head = Buffer.concat([head, chunk]);
            if (head.byteLength >= headBytes) {
              options.checkHead!(head.subarray(0, headBytes));
              head = undefined;
            }
          }
          hash.update(chunk);
          await file.write(chunk);
        }
        if (head) options.checkHead!(head);
        await file.sync();
      } finally {
        await file.close();
      }
      const final = this.pathOf(key);
      await fsp.mkdir(path.dirname(final), { recursive: true });
      await fsp.rename(tmp, final);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      // Stop reading a body nobody will consume.
      if (body instanceof ReadableStream) await body.cancel().catch(() => {});
      throw err;
    }
    return { key, sizeBytes: size, sha256: hash.digest("hex") };
  }

  async get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.pathOf(key), "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new TypeError(`Not a storage key: ${JSON.stringify(key)}`);
    return path.join(this.root, key.slice(0, 2), key);
  }
}

export function attachmentTooLarge(maxBytes: number): PayloadTooLargeError {
  const mb = maxBytes / (1024 * 1024);
  return new PayloadTooLargeError(`The attachment is over the limit of ${Number.isInteger(mb) ? mb : mb.toFixed(2)} MB (QA_STUDIO_MAX_ATTACHMENT_MB).`);
}

// Next.js bundles route handlers separately; one temporary directory per process, not per bundle.
const TMP_KEY = Symbol.for("qa-studio.files-tmp-dir");
const store = globalThis as unknown as { [TMP_KEY]?: string };

/**
 * `$QA_STUDIO_FILES_DIR`, else `<data dir>/files`. An in-memory database (tests) has no data
 * directory, so its files go to a temporary directory that lives as long as the process.
 */
export function filesDir(): string {
  const configured = process.env.QA_STUDIO_FILES_DIR;
  if (configured) return path.resolve(/*turbopackIgnore: true*/ configured);
  const data = dataDir();
  if (data !== ":memory:") return path.join(data, "files");
  store[TMP_KEY] ??= fs.mkdtempSync(path.join(os.tmpdir(), "qa-studio-files-"));
  return store[TMP_KEY];
}

/** `QA_STUDIO_MAX_ATTACHMENT_MB` in bytes, read per request so the limit can change without code. */
export function maxAttachmentBytes(): number {
  const mb = Env.shape.QA_STUDIO_MAX_ATTACHMENT_MB.parse(process.env.QA_STUDIO_MAX_ATTACHMENT_MB || undefined);
  return Math.floor(mb * 1024 * 1024);
}

/** The configured storage. The directory is read on each call, so tests can point it elsewhere. */
export function attachmentStorage(): AttachmentStorage {
  return new DiskStorage(filesDir());
}
