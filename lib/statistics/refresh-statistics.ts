import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/lib/sql";

/**
 * A table's planner statistics are stale once it has grown to twice the size it had when it was
 * last analyzed (`pg_class.relpages`, written by ANALYZE and VACUUM), and to at least this many
 * 8 KB pages. Growth by doubling analyzes a table a logarithmic number of times over its life
 * (8, 16, 32 … pages: about 17 times on the way to a million results), each one cheap: ANALYZE
 * samples at most 30,000 rows whatever the table's size.
 */
export const MIN_STALE_PAGES = 8;

/** One instance analyzes at a time; the others skip, and read the fresh `pg_class` afterwards. */
const ANALYZE_LOCK = 724_201_118;

export type StaleTable = { table: string; analyzedPages: number; pages: number };

/** Tables of the app's schema whose size has at least doubled since their statistics were taken. */
export async function findStaleTables(db: Db): Promise<StaleTable[]> {
  const res = await db.execute(sql`
    select c.relname as "table", c.relpages::int as "analyzedPages",
      (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
    from pg_class c
    where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relkind = 'r'
      and pg_relation_size(c.oid) / current_setting('block_size')::int >= greatest(${MIN_STALE_PAGES}::int, 2 * c.relpages)
    order by c.relname`);
  return rowsOf<StaleTable>(res);
}

/**
 * Analyzes the tables that outgrew their statistics. The new statistics also invalidate every
 * cached plan that reads those tables (prepared statements, foreign-key checks), so plans made
 * while the tables were empty are made again. Returns the tables analyzed, or none when another
 * instance is analyzing right now.
 */
export async function refreshStaleStatistics(db: Db): Promise<string[]> {
  const stale = await findStaleTables(db);
  if (stale.length === 0) return [];
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${ANALYZE_LOCK}) as locked`));
    if (!lock?.locked) return [];
    const names = stale.map((t) => t.table);
    await tx.execute(analyze(names));
    return names;
  });
}

/** Analyzes every table of the app's schema that was never analyzed (a brand-new database, after migrations). */
export async function analyzeNewTables(db: Db): Promise<string[]> {
  const res = await db.execute(sql`
    select c.relname as "table" from pg_class c
    where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relkind = 'r' and c.reltuples < 0`);
  const names = rowsOf<{ table: string }>(res).map((r) => r.table);
  if (names.length > 0) await db.execute(analyze(names));
  return names;
}

const analyze = (tables: string[]) => sql.raw(`analyze ${tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(", ")}`);
