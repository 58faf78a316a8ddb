import path from "node:path";
import { sql } from "drizzle-orm";
import { dataDir, isEmbedded, type Db, type Tx } from "@/db/client";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { rowsOf } from "@/lib/sql";
import { dataTables, latestMigration, nonEmptyTables, quoteIdent, storageKeyColumns, type TableInfo } from "./catalog";
import type { TransferSummary } from "./export-data";
import { counted, DataTransferError, FORMAT, FORMAT_VERSION, readLines, type Header, type Line } from "./format";
import { encryptionKeyCheck } from "./key-check";
import { ExportEnd, ExportHeader } from "./schemas";
import { setTextFormat } from "./session";

export type ImportOptions = {
  db: Db;
  storage: AttachmentStorage;
  file: string;
  /** The key this installation encrypts secrets with; it must be the export's. */
  encryptionKey: Buffer | null;
  onProgress?: (message: string) => void;
};

/** Held for the import's transaction, so two imports into one database run one after the other. */
const IMPORT_LOCK = 724_201_118;

type Reader = { next(): Promise<Line | null>; file: string };

/**
 * Restores an export into an empty, migrated database in one transaction: ids, timestamps and
 * hashes exactly as exported. Attachment bytes go through the storage interface, which hands
 * out new keys; every `storage_key` column is rewritten to them. On any failure nothing is
 * committed and the files stored so far are removed again.
 */
export async function importData(opts: ImportOptions): Promise<TransferSummary> {
  const progress = opts.onProgress ?? (() => {});
  const lines = readLines(opts.file);
  const reader: Reader = {
    file: opts.file,
    async next() {
      const r = await lines.next();
      return r.done ? null : r.value;
    },
  };
  const stored: string[] = [];
  try {
    return await opts.db.transaction(async (tx) => {
      await setTextFormat(tx);
      await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
      const header = await readHeader(reader);
      const tables = await dataTables(tx);
      await checkTarget(tx, header, tables, opts.encryptionKey);
      const restore = await setAsideConstraints(tx, tables);
      await tx.execute(sql.raw("create temporary table qa_import_keys (old_key text primary key, new_key text not null) on commit drop"));
      const summary = await load(tx, reader, header, tables, opts.storage, stored, progress);
      for (const { table, column } of storageKeyColumns(tables)) {
        const t = quoteIdent(table);
        const c = quoteIdent(column);
        await tx.execute(sql.raw(`update ${t} set ${c} = m.new_key from qa_import_keys m where ${t}.${c} = m.old_key`));
      }
      await restore();
      await bumpSequences(tx);
      return summary;
    });
  } catch (err) {
    await lines.return(undefined);
    for (const key of stored) await opts.storage.delete(key).catch(() => {});
    throw err;
  }
}

async function readHeader(reader: Reader): Promise<Header> {
  const first = await reader.next();
  if (!first || first.t !== "header" || (first as { format?: unknown }).format !== FORMAT) {
    throw new DataTransferError(`${reader.file} is not a QA Studio export (it does not start with the export header).`);
  }
  if ((first as { version?: unknown }).version !== FORMAT_VERSION) {
    throw new DataTransferError(
      `${reader.file} has export format version ${JSON.stringify((first as { version?: unknown }).version)}; this QA Studio reads version ${FORMAT_VERSION}. Import it with the version that wrote it.`,
    );
  }
  const header = ExportHeader.safeParse(first);
  if (!header.success) throw new DataTransferError(`${reader.file} is damaged: its header is incomplete (${header.error.issues.map((i) => i.path.join(".")).join(", ")}).`);
  return header.data as Header;
}

async function checkTarget(tx: Tx, header: Header, tables: TableInfo[], encryptionKey: Buffer | null): Promise<void> {
  const target = await latestMigration(tx);
  const source = header.migration;
  if (!target || target.hash !== source.hash || target.createdAt !== source.createdAt) {
    const name = (m: typeof source | null) => (m ? (m.tag ?? `a migration of ${new Date(m.createdAt).toISOString()}`) : "none");
    const older = target && source.createdAt < target.createdAt;
    throw new DataTransferError(
      `The export was made at schema migration ${name(source)}, this database is at ${name(target)}. ` +
        (older
          ? "Upgrade the source installation to this version of QA Studio first (it migrates at start-up, or run `npm run db:migrate`), then export again."
          : "Import it with the version of QA Studio that made it (or a source upgraded to this one)."),
    );
  }
  const occupied = await nonEmptyTables(tx, tables);
  if (occupied.length) {
    throw new DataTransferError(
      `The target database is not empty (rows in ${listed(occupied)}); an import only restores into an empty database. ` +
        "Use a new PostgreSQL database (createdb) or, for the embedded database, a new QA_STUDIO_DATA_DIR, and do not start the " +
        "server on it before the import: at start-up it creates the admin and the demo project.",
    );
  }
  const exported = new Set(header.tables);
  const missing = tables.filter((t) => !exported.has(t.name)).map((t) => t.name);
  const unknown = header.tables.filter((name) => !tables.some((t) => t.name === name));
  if (missing.length || unknown.length) {
    throw new DataTransferError(`The export's tables do not match this database's (${[...missing, ...unknown].join(", ")}).`);
  }
  if (header.encryption.secrets > 0) {
    const check = encryptionKeyCheck(encryptionKey);
    if (check === header.encryption.keyCheck) return;
    const secrets = `${counted(header.encryption.secrets, "encrypted secret")} (Jira token, authenticator seeds)`;
    const fix =
      isEmbedded() && dataDir() !== ":memory:"
        ? `Copy the source's key file ($QA_STUDIO_DATA_DIR/encryption-key of an embedded install) to ${path.join(dataDir(), "encryption-key")}, or set QA_STUDIO_ENCRYPTION_KEY to the source's key, and import again.`
        : "Set QA_STUDIO_ENCRYPTION_KEY to the source's key (an embedded install keeps it in $QA_STUDIO_DATA_DIR/encryption-key) and import again.";
    throw new DataTransferError(
      check
        ? `The export holds ${secrets} encrypted under another key than this installation's QA_STUDIO_ENCRYPTION_KEY, so they could not be read after the import. ${fix}`
        : `The export holds ${secrets}, and this installation has no encryption key yet. ${fix}`,
    );
  }
}

/**
 * Drops the foreign keys (and pauses user triggers) for the load, so that self-references and
 * cycles need no row order and no trigger rewrites an exported value; the returned function puts
 * them back, which checks every row against every foreign key. All inside the transaction.
 */
async function setAsideConstraints(tx: Tx, tables: TableInfo[]): Promise<() => Promise<void>> {
  const fks = rowsOf<{ tbl: string; name: string; def: string }>(
    await tx.execute(
      sql`select c.relname as tbl, k.conname as name, pg_get_constraintdef(k.oid) as def
          from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and k.contype = 'f' order by c.relname, k.conname`,
    ),
  );
  const triggered = rowsOf<{ tbl: string }>(
    await tx.execute(
      sql`select distinct c.relname as tbl from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and not g.tgisinternal`,
    ),
  ).filter((r) => tables.some((t) => t.name === r.tbl));
  for (const fk of fks) await tx.execute(sql.raw(`alter table ${quoteIdent(fk.tbl)} drop constraint ${quoteIdent(fk.name)}`));
  for (const t of triggered) await tx.execute(sql.raw(`alter table ${quoteIdent(t.tbl)} disable trigger user`));
  return async () => {
    for (const fk of fks) {
      try {
        await tx.execute(sql.raw(`alter table ${quoteIdent(fk.tbl)} add constraint ${quoteIdent(fk.name)} ${fk.def}`));
      } catch (err) {
        throw new DataTransferError(`The export's rows break the foreign key ${fk.name} of ${fk.tbl}: ${(err as Error).message}`);
      }
    }
    for (const t of triggered) await tx.execute(sql.raw(`alter table ${quoteIdent(t.tbl)} enable trigger user`));
  };
}

type TableState = { table: TableInfo; insert: string; width: number; rows: number };

async function load(
  tx: Tx,
  reader: Reader,
  header: Header,
  tables: TableInfo[],
  storage: AttachmentStorage,
  stored: string[],
  progress: (message: string) => void,
): Promise<TransferSummary> {
  const damaged = (what: string) => new DataTransferError(`${reader.file} is damaged: ${what}. Nothing was imported.`);
  const counts: Record<string, number> = {};
  const summary = { files: 0, fileBytes: 0, missingFiles: 0 };
  let current: TableState | null = null;
  for (;;) {
    const line = await reader.next();
    if (!line) throw new DataTransferError(`${reader.file} is truncated: it ends before the export's last record. Nothing was imported.`);
    switch (line.t) {
      case "table": {
        if (current) throw damaged(`table ${line.name} starts inside table ${current.table.name}`);
        const table = tables.find((t) => t.name === line.name);
        if (!table || line.name in counts) throw damaged(`unexpected table ${JSON.stringify(line.name)}`);
        current = { table, ...insertStatement(table, line.columns), rows: 0 };
        break;
      }
      case "rows": {
        if (!current || !Array.isArray(line.rows)) throw damaged("rows outside a table");
        const state: TableState = current;
        for (const row of line.rows) {
          if (!Array.isArray(row) || row.length !== state.width || row.some((v) => v !== null && typeof v !== "string")) {
            throw damaged(`a row of ${state.table.name} does not match its columns`);
          }
        }
        try {
          await tx.execute(sql`${sql.raw(state.insert)} from json_array_elements(${JSON.stringify(line.rows)}::json) as e`);
        } catch (err) {
          throw new DataTransferError(`Could not restore the rows of ${state.table.name}: ${(err as Error).message}. Nothing was imported.`);
        }
        state.rows += line.rows.length;
        break;
      }
      case "tableEnd": {
        if (!current || current.table.name !== line.name) throw damaged(`unexpected end of table ${JSON.stringify(line.name)}`);
        if (current.rows !== line.rows) throw damaged(`table ${line.name} has ${current.rows} rows, its end says ${line.rows}`);
        counts[line.name] = current.rows;
        progress(`${line.name}: ${counted(current.rows, "row")}`);
        current = null;
        break;
      }
      case "file": {
        if (current) throw damaged("a file inside a table");
        const file = await storeFile(reader, storage, line.key, damaged, stored);
        await tx.execute(sql`insert into qa_import_keys (old_key, new_key) values (${line.key}, ${file.key})`);
        summary.files++;
        summary.fileBytes += file.sizeBytes;
        break;
      }
      case "missing":
        summary.missingFiles++;
        progress(`attachment ${line.key}: was missing from the source's storage; its download will answer 404 as before`);
        break;
      case "end": {
        const end = ExportEnd.safeParse(line);
        if (!end.success) throw damaged("its end record is incomplete");
        if (current) throw damaged(`the export ends inside table ${current.table.name}`);
        const missing = header.tables.filter((name) => counts[name] === undefined);
        if (missing.length) throw damaged(`tables ${missing.join(", ")} are missing`);
        for (const [name, n] of Object.entries(end.data.tables)) {
          if (counts[name] !== n) throw damaged(`table ${name} has ${counts[name]} rows, the export's end says ${n}`);
        }
        if (line.files !== summary.files || line.missingFiles !== summary.missingFiles || line.fileBytes !== summary.fileBytes) {
          throw damaged(`the attachments do not add up (${summary.files} files, ${summary.fileBytes} bytes; the end says ${line.files}, ${line.fileBytes})`);
        }
        if (await reader.next()) throw damaged("there is data after the export's last record");
        if (summary.files) progress(`attachments: ${counted(summary.files, "file")}, ${counted(summary.fileBytes, "byte")}`);
        return { tables: counts, ...summary, encryptedSecrets: header.encryption.secrets };
      }
      default:
        throw damaged(`unexpected record ${JSON.stringify((line as { t: unknown }).t)}`);
    }
  }
}

/** `insert ... select` casting each exported text value back to the column's type. */
function insertStatement(table: TableInfo, exported: { name: string; type: string }[]): { insert: string; width: number } {
  if (!Array.isArray(exported) || !exported.length) throw new DataTransferError(`The export lists no columns for ${table.name}.`);
  const casts = exported.map((col, i) => {
    const target = table.columns.find((c) => c.name === col?.name);
    if (!target || target.type !== col.type) {
      throw new DataTransferError(
        `Column ${table.name}.${String(col?.name)} (${String(col?.type)}) of the export does not match this database` +
          (target ? ` (${target.type}).` : "."),
      );
    }
    return `(e->>${i})::${target.type}`;
  });
  const names = exported.map((c) => quoteIdent(c.name)).join(", ");
  const overriding = table.columns.some((c) => c.identity) ? " overriding system value" : "";
  return { insert: `insert into ${quoteIdent(table.name)} (${names})${overriding} select ${casts.join(", ")}`, width: exported.length };
}

/** Streams one file's chunks into storage and checks its size and hash against the export's. */
async function storeFile(
  reader: Reader,
  storage: AttachmentStorage,
  oldKey: string,
  damaged: (what: string) => DataTransferError,
  stored: string[],
) {
  let end: Extract<Line, { t: "fileEnd" }> | null = null;
  async function* body(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const line = await reader.next();
      if (!line) return;
      if (line.t === "chunk" && typeof line.data === "string") {
        yield Buffer.from(line.data, "base64");
        continue;
      }
      if (line.t === "fileEnd" && line.key === oldKey) {
        end = line;
        return;
      }
      throw damaged(`unexpected record ${JSON.stringify(line.t)} inside attachment ${oldKey}`);
    }
  }
  const file = await storage.put(body(), { maxBytes: Number.MAX_SAFE_INTEGER });
  stored.push(file.key);
  const last = end as Extract<Line, { t: "fileEnd" }> | null;
  if (!last) throw new DataTransferError(`${reader.file} is truncated: it ends inside attachment ${oldKey}. Nothing was imported.`);
  if (last.size !== file.sizeBytes || last.sha256 !== file.sha256) {
    throw damaged(`attachment ${oldKey} does not match its recorded size and SHA-256`);
  }
  return file;
}

/** Sequences owned by columns (serial or identity) continue after the highest imported value. */
async function bumpSequences(tx: Tx): Promise<void> {
  const owned = rowsOf<{ seq: string; tbl: string; col: string }>(
    await tx.execute(
      sql`select s.seqrelid::regclass::text as seq, t.relname as tbl, a.attname as col
          from pg_sequence s join pg_depend d on d.objid = s.seqrelid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
          join pg_class t on t.oid = d.refobjid join pg_namespace n on n.oid = t.relnamespace
          join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
          where n.nspname = 'public' and d.deptype in ('a', 'i')`,
    ),
  );
  for (const o of owned) {
    await tx.execute(
      sql`select setval(${o.seq}::regclass, coalesce((select max(${sql.raw(quoteIdent(o.col))}) from ${sql.raw(quoteIdent(o.tbl))}), 0) + 1, false)`,
    );
  }
}

function listed(names: string[]): string {
  return names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more tables` : names.join(", ");
}
