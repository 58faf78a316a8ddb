import fs from "node:fs";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { rowsOf } from "@/lib/sql";
import { dataTables, latestMigration, quoteIdent, secretColumns, storageKeyColumns, type TableInfo } from "./catalog";
import { CHUNK_BYTES, counted, DataTransferError, FORMAT, FORMAT_VERSION, LineWriter, ROWS_PER_LINE, type Header, type Line } from "./format";
import { encryptionKeyCheck } from "./key-check";
import { setTextFormat } from "./session";

export type TransferSummary = {
  tables: Record<string, number>;
  files: number;
  fileBytes: number;
  missingFiles: number;
  /** Values encrypted under QA_STUDIO_ENCRYPTION_KEY (the target needs the same key). */
  encryptedSecrets: number;
};

export type ExportOptions = {
  db: Db;
  storage: AttachmentStorage;
  file: string;
  /** The key the source's secrets are encrypted under; only a check value of it is written. */
  encryptionKey: Buffer | null;
  onProgress?: (message: string) => void;
};

const FILES_PER_FETCH = 100;

/**
 * Writes every table of the application's schema and every stored attachment into one gzip
 * file, from one consistent snapshot (a read-only repeatable-read transaction). Rows stream
 * through a server-side cursor and bytes through the storage interface, so memory stays bounded
 * whatever the size of the database. The file appears under its name only once complete.
 */
export async function exportData(opts: ExportOptions): Promise<TransferSummary> {
  if (fs.existsSync(opts.file)) throw new DataTransferError(`${opts.file} already exists; choose another name or remove it first.`);
  const partial = `${opts.file}.partial`;
  fs.rmSync(partial, { force: true });
  let writer: LineWriter;
  try {
    writer = new LineWriter(partial);
  } catch (err) {
    throw new DataTransferError(`Cannot write ${partial}: ${(err as Error).message}`);
  }
  const progress = opts.onProgress ?? (() => {});
  try {
    const summary = await opts.db.transaction(
      async (tx) => {
        await setTextFormat(tx);
        const tables = await dataTables(tx);
        const migration = await latestMigration(tx);
        if (!migration) throw new DataTransferError("The source database has never been migrated: there is nothing to export.");
        const header: Header = {
          t: "header",
          format: FORMAT,
          version: FORMAT_VERSION,
          exportedAt: new Date().toISOString(),
          migration,
          tables: tables.map((t) => t.name),
          encryption: { secrets: await countSecrets(tx, tables), keyCheck: encryptionKeyCheck(opts.encryptionKey) },
        };
        await writer.write(JSON.stringify(header));
        const counts: Record<string, number> = {};
        for (const table of tables) {
          counts[table.name] = await exportTable(tx, writer, table);
          progress(`${table.name}: ${counted(counts[table.name], "row")}`);
        }
        const files = await exportFiles(tx, writer, opts.storage, tables, progress);
        const end: Line = { t: "end", tables: counts, ...files };
        await writer.write(JSON.stringify(end));
        return { tables: counts, ...files, encryptedSecrets: header.encryption.secrets };
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    await writer.close();
    fs.renameSync(partial, opts.file);
    return summary;
  } catch (err) {
    writer.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

async function countSecrets(tx: Tx, tables: TableInfo[]): Promise<number> {
  let n = 0;
  for (const { table, column } of secretColumns(tables)) {
    const [row] = rowsOf<{ n: string | number }>(
      await tx.execute(sql.raw(`select count(*) as n from ${quoteIdent(table)} where ${quoteIdent(column)} is not null`)),
    );
    n += Number(row.n);
  }
  return n;
}

async function exportTable(tx: Tx, writer: LineWriter, table: TableInfo): Promise<number> {
  await writer.write(JSON.stringify({ t: "table", name: table.name, columns: table.columns.map(({ name, type }) => ({ name, type })) } satisfies Line));
  const values = table.columns.map((c) => `${quoteIdent(c.name)}::text`).join(", ");
  const order = table.primaryKey.length ? ` order by ${table.primaryKey.map(quoteIdent).join(", ")}` : "";
  await tx.execute(sql.raw(`declare qa_export_rows no scroll cursor for select to_json(array[${values}]::text[])::text as r from ${quoteIdent(table.name)}${order}`));
  let count = 0;
  for (;;) {
    const rows = rowsOf<{ r: string }>(await tx.execute(sql.raw(`fetch ${ROWS_PER_LINE} from qa_export_rows`)));
    if (!rows.length) break;
    // Each row is already JSON (an array of text values or nulls), written as the database gave it.
    await writer.write(`{"t":"rows","rows":[${rows.map((r) => r.r).join(",")}]}`);
    count += rows.length;
  }
  await tx.execute(sql.raw("close qa_export_rows"));
  await writer.write(JSON.stringify({ t: "tableEnd", name: table.name, rows: count } satisfies Line));
  return count;
}

async function exportFiles(
  tx: Tx,
  writer: LineWriter,
  storage: AttachmentStorage,
  tables: TableInfo[],
  progress: (message: string) => void,
): Promise<{ files: number; fileBytes: number; missingFiles: number }> {
  const result = { files: 0, fileBytes: 0, missingFiles: 0 };
  const columns = storageKeyColumns(tables);
  if (!columns.length) return result;
  const union = columns.map(({ table, column }) => `select ${quoteIdent(column)} as k from ${quoteIdent(table)}`).join(" union ");
  await tx.execute(sql.raw(`declare qa_export_files no scroll cursor for select k from (${union}) s where k is not null order by k`));
  for (;;) {
    const keys = rowsOf<{ k: string }>(await tx.execute(sql.raw(`fetch ${FILES_PER_FETCH} from qa_export_files`)));
    if (!keys.length) break;
    for (const { k: key } of keys) {
      const stream = await storage.get(key);
      if (!stream) {
        result.missingFiles++;
        progress(`attachment ${key}: missing from storage; its rows are exported, its download will answer 404 as it does now`);
        await writer.write(JSON.stringify({ t: "missing", key } satisfies Line));
        continue;
      }
      await writer.write(JSON.stringify({ t: "file", key } satisfies Line));
      const hash = createHash("sha256");
      let size = 0;
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.byteLength;
        for (let at = 0; at < chunk.byteLength; at += CHUNK_BYTES) {
          const piece = Buffer.from(chunk.buffer, chunk.byteOffset + at, Math.min(CHUNK_BYTES, chunk.byteLength - at));
          await writer.write(JSON.stringify({ t: "chunk", data: piece.toString("base64") } satisfies Line));
        }
      }
      await writer.write(JSON.stringify({ t: "fileEnd", key, size, sha256: hash.digest("hex") } satisfies Line));
      result.files++;
      result.fileBytes += size;
    }
  }
  await tx.execute(sql.raw("close qa_export_files"));
  if (result.files) progress(`attachments: ${counted(result.files, "file")}, ${counted(result.fileBytes, "byte")}`);
  return result;
}
