import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: anything that can run queries. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Connection =
  | { kind: "postgres"; db: Db; client: postgres.Sql; close: () => Promise<void> }
  | { kind: "pglite"; db: Db; client: PGlite; close: () => Promise<void> };

/**
 * Next.js bundles route handlers, pages and instrumentation as separate module graphs, so a
 * module-level variable would exist once per graph. PGlite must be opened once per process,
 * so the connection lives on globalThis.
 */
const KEY = Symbol.for("qa-studio.db-connection");
const store = globalThis as unknown as { [KEY]?: Connection };

/** `$QA_STUDIO_DATA_DIR` (default ./data); `:memory:` keeps the embedded database in memory. */
export function dataDir(): string {
  const dir = process.env.QA_STUDIO_DATA_DIR || "./data";
  return dir === ":memory:" ? dir : path.resolve(/*turbopackIgnore: true*/ dir);
}

export function pgliteDir(): string | undefined {
  const dir = dataDir();
  return dir === ":memory:" ? undefined : path.join(dir, "db");
}

/** Unique per process, so that several instances on one database can each find their own connections. */
export const APPLICATION_NAME = `qa-studio:${process.pid}:${randomBytes(4).toString("hex")}`;

function open(): Connection {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = postgres(url, {
      max: Number(process.env.QA_STUDIO_DB_POOL_SIZE || 10),
      onnotice: () => {},
      // Names this instance's connections in pg_stat_activity (the pool metric counts them).
      connection: { application_name: APPLICATION_NAME },
    });
    return { kind: "postgres", client, db: drizzlePostgres(client, { schema }) as unknown as Db, close: () => client.end() };
  }
  const dir = pgliteDir();
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  return { kind: "pglite", client, db: drizzlePglite(client, { schema }) as unknown as Db, close: () => client.close() };
}

/** The connection is opened on first use, never at import, so `next build` touches no database. */
export function getConnection(): Connection {
  store[KEY] ??= open();
  return store[KEY];
}

export function getDb(): Db {
  return getConnection().db;
}

export function isEmbedded(): boolean {
  return !process.env.DATABASE_URL;
}

export async function closeDb(): Promise<void> {
  const c = store[KEY];
  store[KEY] = undefined;
  await c?.close();
}
