import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Settings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { cancelBody, KEY_PATTERN, metered, newStorageKey, type AttachmentStorage, type ByteRange, type ListedFile, type PutOptions, type StoredFile } from "./storage";

/** Every object QA Studio writes is under this prefix, so a shared bucket's other objects are never listed or swept. */
export const S3_PREFIX = "attachments/";

/** Parts of a multipart upload (S3's minimum); at most two are buffered per upload. */
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Attachments in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, ...). Uploads stream
 * through `@aws-sdk/lib-storage` (one PUT for small files, multipart above 5 MB) while the size
 * limit, the hash and the type signature are checked; a refused or failed upload aborts its
 * multipart upload and deletes the key, so nothing is left behind. Downloads stream, ranges
 * included, through the app, which keeps the permission checks and headers.
 */
export class S3Storage implements AttachmentStorage {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredFile> {
    const key = newStorageKey();
    const totals = { sizeBytes: 0, sha256: "" };
    // Why the body was refused (413, 415), kept apart from what the store answers afterwards.
    let refused: unknown;
    const source = async function* () {
      try {
        yield* metered(body, options, totals);
      } catch (err) {
        refused = err;
        throw err;
      }
    };
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: Readable.from(source()), ContentType: "application/octet-stream" },
      partSize: PART_BYTES,
      queueSize: QUEUE_SIZE,
    });
    try {
      await upload.done();
      // The store must hold exactly the bytes that were counted and hashed.
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (head.ContentLength !== totals.sizeBytes) {
        throw new AppError("UPSTREAM_FAILED", `The object store kept ${head.ContentLength} bytes of an upload of ${totals.sizeBytes}; nothing was stored.`);
      }
    } catch (err) {
      await cancelBody(body);
      await this.delete(key).catch((cleanup) => logger().error({ err: cleanup, storageKey: key }, "attachments: could not remove the object of a refused upload"));
      if (refused && err !== refused) {
        // lib-storage reports a failed abort of the multipart upload instead of the refusal.
        logger().warn({ err, storageKey: key }, "attachments: the object store did not abort a refused multipart upload; its parts stay until the sweep or the bucket's lifecycle rule removes them");
      }
      throw refused ?? err;
    }
    return { key, ...totals };
  }

  async get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      if (!res.Body) return null;
      return res.Body.transformToWebStream() as ReadableStream<Uint8Array>;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers a delete of a missing key with success, as the interface wants.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<ListedFile> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: S3_PREFIX, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(S3_PREFIX.length);
        if (key && KEY_PATTERN.test(key) && object.LastModified) yield { key, modifiedAt: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * Multipart uploads that a crashed process never completed nor aborted (their parts are stored
   * and billed, but invisible in listings). Stores without this API (some S3-compatible servers)
   * answer NotImplemented; for them a lifecycle rule (AbortIncompleteMultipartUpload) does it.
   */
  async removeInterruptedUploads(olderThan: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: S3_PREFIX, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= olderThan) continue;
          await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }));
          removed++;
        }
        [keyMarker, uploadIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : [undefined, undefined];
      } while (keyMarker);
    } catch (err) {
      if (err instanceof S3ServiceException && err.name === "NotImplemented") {
        logger().debug({ bucket: this.bucket }, "attachments: the object store cannot list multipart uploads; rely on its lifecycle rule");
        return removed;
      }
      throw err;
    }
    return removed;
  }

  private objectKey(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new TypeError(`Not a storage key: ${JSON.stringify(key)}`);
    return S3_PREFIX + key;
  }
}

function isNotFound(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  return err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata?.httpStatusCode === 404;
}

// One client (and connection pool) per process and configuration; route bundles share it.
const KEY = Symbol.for("qa-studio.s3-clients");
const store = globalThis as unknown as { [KEY]?: Map<string, S3Client> };

export function s3Client(settings: S3Settings): S3Client {
  const clients = (store[KEY] ??= new Map());
  const id = JSON.stringify(settings);
  let client = clients.get(id);
  if (!client) {
    client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Checksums only where S3 requires them: MinIO, R2 and other S3-compatible stores do not
      // all accept the newer default checksum headers. Integrity is our own sha256 and size check.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    clients.set(id, client);
  }
  return client;
}

export function s3Storage(settings: S3Settings): S3Storage {
  return new S3Storage(s3Client(settings), settings.bucket);
}
