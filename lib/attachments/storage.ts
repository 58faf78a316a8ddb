import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { dataDir } from "@/db/client";
import { Env, s3Settings } from "@/lib/env";
import { PayloadTooLargeError } from "@/lib/errors";
import { s3Storage } from "./s3-storage";

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

/** A stored file as the sweep sees it. */
export type ListedFile = { key: string; modifiedAt: Date };

/**
 * Where attachment bytes live; metadata stays in Postgres. Keys are generated here, never
 * taken from the caller, so no user input reaches a path. Two implementations: `DiskStorage`
 * (the default) and `S3Storage` (`QA_STUDIO_S3_BUCKET`).
 */
export interface AttachmentStorage {
  put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredFile>;
  /** The bytes (or a range of them), or null when the key has no file. */
  get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored file, in no particular order (for the sweep of files without an attachment row). */
  list(): AsyncIterable<ListedFile>;
  /** Removes what uploads interrupted by a crash left behind before `olderThan`; returns how many. */
  removeInterruptedUploads(olderThan: Date): Promise<number>;
}

export const KEY_PATTERN = /^[0-9a-f]{32}$/;

export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

/**
 * Passes an upload's chunks through while counting, hashing and checking its first bytes: the
 * size limit is enforced as the bytes arrive (413), never after a whole oversized body is stored.
 */
export async function* metered(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: PutOptions,
  totals: { sizeBytes: number; sha256: string },
): AsyncGenerator<Uint8Array> {
  const hash = createHash("sha256");
  const headBytes = options.headBytes ?? 0;
  let head: Buffer | undefined = options.checkHead ? Buffer.alloc(0) : undefined;
  let size = 0;
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
    yield chunk;
  }
  if (head) options.checkHead!(head);
  totals.sizeBytes = size;
  totals.sha256 = hash.digest("hex");
}

/** Stops reading a body nobody will consume. */
export async function cancelBody(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  if (body instanceof ReadableStream) await body.cancel().catch(() => {});
}

/** Files under one directory, fanned out by the key's first two characters. */
export class DiskStorage implements AttachmentStorage {
  constructor(readonly root: string) {}

  async put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredFile> {
    const key = newStorageKey();
    const tmpDir = path.join(this.root, "tmp");
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${key}.part`);
    const totals = { sizeBytes: 0, sha256: "" };
    const file = await fsp.open(tmp, "wx", 0o600);
    try {
      try {
        for await (const chunk of metered(body, options, totals)) await file.write(chunk);
        await file.sync();
      } finally {
        await file.close();
      }
      const final = this.pathOf(key);
      await fsp.mkdir(path.dirname(final), { recursive: true });
      await fsp.rename(tmp, final);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      await cancelBody(body);
      throw err;
    }
    return { key, ...totals };
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

  async *list(): AsyncIterable<ListedFile> {
    let fanout: string[];
    try {
      fanout = await fsp.readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const dir of fanout) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await fsp.readdir(path.join(this.root, dir)).catch(() => [] as string[])) {
        if (!KEY_PATTERN.test(name) || !name.startsWith(dir)) continue;
        const stat = await fsp.stat(path.join(this.root, dir, name)).catch(() => null);
        if (stat?.isFile()) yield { key: name, modifiedAt: stat.mtime };
      }
    }
  }

  /** `tmp/<key>.part` files of uploads whose process died while writing them. */
  async removeInterruptedUploads(olderThan: Date): Promise<number> {
    const tmpDir = path.join(this.root, "tmp");
    let removed = 0;
    for (const name of await fsp.readdir(tmpDir).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{32}\.part$/.test(name)) continue;
      const file = path.join(tmpDir, name);
      const stat = await fsp.stat(file).catch(() => null);
      if (!stat || stat.mtime >= olderThan) continue;
      await fsp.rm(file, { force: true });
      removed++;
    }
    return removed;
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

/**
 * The configured storage: the S3 bucket when `QA_STUDIO_S3_BUCKET` is set, else the local disk.
 * The settings are read on each call, so tests can point it elsewhere.
 */
export function attachmentStorage(): AttachmentStorage {
  const s3 = s3Settings();
  return s3 ? s3Storage(s3) : new DiskStorage(filesDir());
}
