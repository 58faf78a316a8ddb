import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { rowsOf } from "@/lib/sql";

type Queryable = Db | Tx;

export type ColumnInfo = { name: string; type: string; identity: boolean };
export type TableInfo = { name: string; columns: ColumnInfo[]; primaryKey: string[] };

/** Schemas that hold no team data: pg-boss's job queue and Drizzle's migration journal. */
const DATA_SCHEMA = "public";

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function query<T>(db: Queryable, q: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await db.execute(q));
}

/**
 * Every table of the application's schema, read from the database catalog (so tables added by
 * later migrations are included without code changes), parents before children along their
 * foreign keys. Self-references and cycles cannot be ordered; the import loads with the foreign
 * keys set aside, so the order is a courtesy to readers of the file, not a requirement.
 */
export async function dataTables(db: Queryable): Promise<TableInfo[]> {
  const tables = await query<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${DATA_SCHEMA} and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  const columns = await query<{ table: string; name: string; type: string; identity: boolean }>(
    db,
    sql`select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
          (a.attidentity <> '') as identity
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${DATA_SCHEMA} and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by c.relname, a.attnum`,
  );
  const keys = await query<{ table: string; name: string }>(
    db,
    sql`select c.relname as "table", a.attname as name
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
        cross join lateral unnest(k.conkey) with ordinality as u(attnum, ord)
        join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
        where n.nspname = ${DATA_SCHEMA} and k.contype = 'p' order by c.relname, u.ord`,
  );
  const edges = await query<{ child: string; parent: string }>(
    db,
    sql`select c.relname as child, p.relname as parent
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${DATA_SCHEMA} and k.contype = 'f'`,
  );
  const byName = new Map<string, TableInfo>(tables.map((t) => [t.name, { name: t.name, columns: [], primaryKey: [] }]));
  for (const c of columns) byName.get(c.table)?.columns.push({ name: c.name, type: c.type, identity: Boolean(c.identity) });
  for (const k of keys) byName.get(k.table)?.primaryKey.push(k.name);
  return topologicalOrder([...byName.keys()], edges).map((name) => byName.get(name)!);
}

/**
 * Kahn's algorithm, alphabetical among equals. In a cycle, the table with the fewest parents
 * still to come goes first (alphabetically among equals), and the order carries on from it.
 */
export function topologicalOrder(tableNames: string[], edges: { child: string; parent: string }[]): string[] {
  const names = [...tableNames].sort();
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent && parents.has(e.child) && parents.has(e.parent)) parents.get(e.child)!.add(e.parent);
  const order: string[] = [];
  const done = new Set<string>();
  const waitingFor = (n: string) => [...parents.get(n)!].filter((p) => !done.has(p)).length;
  while (order.length < names.length) {
    const left = names.filter((n) => !done.has(n));
    const ready = left.filter((n) => waitingFor(n) === 0);
    const next = ready.length ? ready : [left.reduce((best, n) => (waitingFor(n) < waitingFor(best) ? n : best))];
    for (const n of next) {
      order.push(n);
      done.add(n);
    }
  }
  return order;
}

/**
 * Columns that hold a key of the attachment storage. The convention is the column name
 * `storage_key`: every table that refers to stored bytes (result and session-note attachments,
 * and any later table) names it so, and the import rewrites it to the key its copy got.
 */
export function storageKeyColumns(tables: TableInfo[]): { table: string; column: string }[] {
  return tables.flatMap((t) => t.columns.filter((c) => c.name === "storage_key").map((c) => ({ table: t.name, column: c.name })));
}

/** Columns holding ciphertext under QA_STUDIO_ENCRYPTION_KEY (named `*ciphertext`). */
export function secretColumns(tables: TableInfo[]): { table: string; column: string }[] {
  return tables.flatMap((t) => t.columns.filter((c) => /ciphertext$/.test(c.name)).map((c) => ({ table: t.name, column: c.name })));
}

export type MigrationId = { tag: string | null; hash: string; createdAt: number };

/** The newest migration applied to the database, named by this build's journal when it knows it. */
export async function latestMigration(db: Queryable): Promise<MigrationId | null> {
  const [journal] = await query<{ exists: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`);
  if (!journal?.exists) return null;
  const [row] = await query<{ hash: string; created_at: string | number }>(
    db,
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  if (!row) return null;
  const createdAt = Number(row.created_at);
  return { tag: journalTag(createdAt), hash: row.hash, createdAt };
}

function journalTag(when: number): string | null {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number; tag: string }[];
  };
  return journal.entries.find((e) => e.when === when)?.tag ?? null;
}

/** Tables that hold at least one row (an empty database has none). */
export async function nonEmptyTables(db: Queryable, tables: TableInfo[]): Promise<string[]> {
  const found: string[] = [];
  for (const t of tables) {
    const rows = await query<{ one: number }>(db, sql.raw(`select 1 as one from ${quoteIdent(t.name)} limit 1`));
    if (rows.length) found.push(t.name);
  }
  return found;
}
