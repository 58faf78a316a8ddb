import fs from "node:fs";
import zlib from "node:zlib";
import { once } from "node:events";
import type { MigrationId } from "./catalog";

/**
 * The export file: gzip-compressed JSON lines, one record per line.
 *
 *   {"t":"header","format":"qa-studio-export","version":1,"exportedAt":..,"migration":{..},"tables":[..],"encryption":{..}}
 *   per table, parents first:
 *     {"t":"table","name":"users","columns":[{"name":"id","type":"text"},..]}
 *     {"t":"rows","rows":[["<text of each column or null>",..],..]}      (batches of up to ROWS_PER_LINE)
 *     {"t":"tableEnd","name":"users","rows":12}
 *   per stored file referenced by a `storage_key` column:
 *     {"t":"file","key":"<old key>"}
 *     {"t":"chunk","data":"<base64>"}                                      (up to CHUNK_BYTES each)
 *     {"t":"fileEnd","key":"<old key>","size":1234,"sha256":"..."}
 *     or {"t":"missing","key":"<old key>"} when the source storage had no bytes for it
 *   {"t":"end","tables":{"users":12,..},"files":3,"fileBytes":4567,"missingFiles":0}
 *
 * Column values travel as PostgreSQL's own text form (written with DateStyle ISO and TimeZone
 * UTC), so every type round-trips exactly: microsecond timestamps, arrays, jsonb, NULL apart
 * from a JSON null. A file without its `end` line is truncated and refused.
 */
export const FORMAT = "qa-studio-export";
export const FORMAT_VERSION = 1;
export const ROWS_PER_LINE = 200;
export const CHUNK_BYTES = 192 * 1024;
/** No line the exporter writes comes near this; a longer one means a damaged or foreign file. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

export type Header = {
  t: "header";
  format: typeof FORMAT;
  version: number;
  exportedAt: string;
  migration: MigrationId;
  tables: string[];
  /** A check value of the key the stored secrets are encrypted under (never the key itself). */
  encryption: { secrets: number; keyCheck: string | null };
};

export type Line =
  | Header
  | { t: "table"; name: string; columns: { name: string; type: string }[] }
  | { t: "rows"; rows: (string | null)[][] }
  | { t: "tableEnd"; name: string; rows: number }
  | { t: "file"; key: string }
  | { t: "chunk"; data: string }
  | { t: "fileEnd"; key: string; size: number; sha256: string }
  | { t: "missing"; key: string }
  | { t: "end"; tables: Record<string, number>; files: number; fileBytes: number; missingFiles: number };

/** "1 row", "2 rows". */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Why an export or import could not be done, worded for the person at the terminal. */
export class DataTransferError extends Error {}

/** Writes JSON lines through gzip into a new file, waiting whenever the stream asks to. */
export class LineWriter {
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly out: fs.WriteStream;
  private readonly finished: Promise<unknown>;
  /** Rejects with the first error of the file or the compressor (a full disk, say). */
  private readonly failed: Promise<never>;

  constructor(file: string) {
    // Opened here, so that a file that cannot be created is refused before anything is read.
    const fd = fs.openSync(file, "wx", 0o600);
    this.out = fs.createWriteStream("", { fd });
    this.gzip.pipe(this.out);
    this.finished = once(this.out, "close");
    this.failed = new Promise<never>((_, reject) => {
      this.gzip.on("error", reject);
      this.out.on("error", reject);
    });
    this.failed.catch(() => {});
  }

  /** `json` is one record already serialized (it may be assembled from raw JSON pieces). */
  async write(json: string): Promise<void> {
    if (!this.gzip.write(json + "\n")) await Promise.race([once(this.gzip, "drain"), this.failed]);
  }

  async close(): Promise<void> {
    this.gzip.end();
    await Promise.race([this.finished, this.failed]);
  }

  destroy(): void {
    this.gzip.destroy();
    this.out.destroy();
  }
}

/** Reads the JSON lines of a gzip file one at a time; every failure is a DataTransferError. */
export async function* readLines(file: string): AsyncGenerator<Line> {
  let input: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    input = fs.createReadStream(file);
  } catch {
    throw new DataTransferError(`Cannot read ${file}.`);
  }
  const gunzip = zlib.createGunzip();
  input.on("error", (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNo = 0;
  const parse = (buf: Buffer): Line => {
    lineNo++;
    let value: unknown;
    try {
      value = JSON.parse(buf.toString("utf8"));
    } catch {
      throw new DataTransferError(`${file} is damaged: line ${lineNo} is not valid JSON.`);
    }
    if (!value || typeof value !== "object" || typeof (value as { t?: unknown }).t !== "string") {
      throw new DataTransferError(`${file} is damaged: line ${lineNo} is not a record of a QA Studio export.`);
    }
    return value as Line;
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, i));
        const line = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        start = i + 1;
        yield parse(line);
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw new DataTransferError(`${file} is damaged: line ${lineNo + 1} is longer than any export writes.`);
      }
    }
  } catch (err) {
    if (err instanceof DataTransferError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR" || /unexpected end of file/i.test(String((err as Error).message))) {
      throw new DataTransferError(`${file} is truncated: the compressed data ends early (after line ${lineNo}). Copy the whole file again.`);
    }
    if (code && code.startsWith("Z_")) {
      throw new DataTransferError(
        lineNo === 0
          ? `${file} is not a QA Studio export (it is not gzip-compressed).`
          : `${file} is damaged: the compressed data fails its check after line ${lineNo} (${(err as Error).message}).`,
      );
    }
    throw err;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (pendingBytes) throw new DataTransferError(`${file} is truncated: its last line is incomplete.`);
}
