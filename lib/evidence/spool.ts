import { createHash } from "node:crypto";
import { mkdtemp, open, rmdir, unlink, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { canonicalJson } from "./canonical";

/** A part asked for that was never collected, or collected twice: a bug in the caller (an internal error, 500). */
class SpoolMisuse extends Error {}

type Section = { start: number; end: number; count: number };

const READ_BLOCK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Where one evidence manifest is kept between reading it from the database and sending it: small
 * parts (the milestone, the verdict, the checklist) in memory, every list (entries, runs, audit
 * trail, ...) as canonical JSON lines in an anonymous temporary file. Memory stays flat however
 * many entries a milestone has; the file is unlinked as soon as it is opened, so nothing is left
 * behind even if the process dies, and it disappears with `close()`.
 *
 * Lists are written whole, one after another; they are read back in any order (the PDF reads them
 * in reading order, the canonical JSON in key order) from their byte range.
 */
export class EvidenceSpool {
  private size = 0;
  private readonly lists = new Map<string, Section>();
  private readonly values = new Map<string, unknown>();
  private closed = false;

  private constructor(private readonly fh: FileHandle) {}

  static async open(): Promise<EvidenceSpool> {
    const dir = await mkdtemp(path.join(tmpdir(), "qa-evidence-"));
    const file = path.join(dir, "manifest.jsonl");
    const fh = await open(file, "w+", 0o600);
    await unlink(file);
    await rmdir(dir);
    return new EvidenceSpool(fh);
  }

  /** A part of the manifest small enough to keep in memory. */
  set(name: string, value: unknown): void {
    this.assertNew(name);
    this.values.set(name, value);
  }

  get<T>(name: string): T {
    if (!this.values.has(name)) throw new SpoolMisuse(`Evidence part ${name} was not collected`);
    return this.values.get(name) as T;
  }

  /** Writes a list from pages of items, in the order given (already stable). */
  async writeList<T>(name: string, pages: AsyncIterable<T[]>): Promise<number> {
    this.assertNew(name);
    const start = this.size;
    let count = 0;
    for await (const page of pages) {
      if (!page.length) continue;
      let chunk = "";
      for (const item of page) chunk += `${canonicalJson(item)}\n`;
      const bytes = Buffer.from(chunk, "utf8");
      await this.fh.write(bytes, 0, bytes.length, this.size);
      this.size += bytes.length;
      count += page.length;
    }
    this.lists.set(name, { start, end: this.size, count });
    return count;
  }

  count(name: string): number {
    return this.section(name).count;
  }

  /** The canonical JSON of each item of a list, in order. */
  async *lines(name: string): AsyncGenerator<string> {
    const { start, end } = this.section(name);
    let position = start;
    let carry: Buffer = Buffer.alloc(0);
    const block = Buffer.alloc(READ_BLOCK);
    while (position < end) {
      const { bytesRead } = await this.fh.read(block, 0, Math.min(READ_BLOCK, end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let data = carry.length ? Buffer.concat([carry, block.subarray(0, bytesRead)]) : block.subarray(0, bytesRead);
      let from = 0;
      for (let i = data.indexOf(NEWLINE, from); i !== -1; i = data.indexOf(NEWLINE, from)) {
        // A newline byte never occurs inside a UTF-8 sequence, and JSON escapes it inside strings.
        yield data.toString("utf8", from, i);
        from = i + 1;
      }
      data = data.subarray(from);
      carry = Buffer.from(data);
    }
  }

  /** The items of a list, parsed, in order. */
  async *items<T>(name: string): AsyncGenerator<T> {
    for await (const line of this.lines(name)) yield JSON.parse(line) as T;
  }

  /** The manifest's canonical serialization, in chunks of about 64 KB. */
  async *canonicalChunks(): AsyncGenerator<string> {
    const keys = [...this.values.keys(), ...this.lists.keys()].sort();
    let chunk = "{";
    for (const [i, key] of keys.entries()) {
      chunk += `${i ? "," : ""}${JSON.stringify(key)}:`;
      if (this.values.has(key)) {
        chunk += canonicalJson(this.values.get(key));
        continue;
      }
      chunk += "[";
      let first = true;
      for await (const line of this.lines(key)) {
        chunk += first ? line : `,${line}`;
        first = false;
        if (chunk.length >= READ_BLOCK) {
          yield chunk;
          chunk = "";
        }
      }
      chunk += "]";
    }
    yield `${chunk}}`;
  }

  /** SHA-256 (hex) of the canonical serialization. */
  async sha256(): Promise<string> {
    const hash = createHash("sha256");
    for await (const chunk of this.canonicalChunks()) hash.update(chunk, "utf8");
    return hash.digest("hex");
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }

  private section(name: string): Section {
    const s = this.lists.get(name);
    if (!s) throw new SpoolMisuse(`Evidence list ${name} was not collected`);
    return s;
  }

  private assertNew(name: string): void {
    if (this.values.has(name) || this.lists.has(name)) throw new SpoolMisuse(`Evidence part ${name} collected twice`);
  }
}
