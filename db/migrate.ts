import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { closeDb, getConnection, pgliteDir } from "./client";
import type { PgliteDatabase } from "drizzle-orm/pglite";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
const MIGRATION_LOCK = 724_201_117;

/**
 * Brings the schema up to date. On Postgres, an advisory lock makes several app instances
 * starting together migrate one after another instead of racing.
 */
export async function migrateDatabase(): Promise<void> {
  const conn = getConnection();
  if (conn.kind === "pglite") {
    await migratePglite(conn.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const single = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(single), { migrationsFolder: MIGRATIONS_FOLDER });
    await single`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await single.end();
  }
}

/** The embedded database may be opened by one process only; the server records its pid here. */
export function serverPidFile(): string | undefined {
  const dir = pgliteDir();
  return dir && path.join(path.dirname(dir), "server.pid");
}

export function embeddedHolderPid(): number | undefined {
  const file = serverPidFile();
  if (!file || !fs.existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  const pid = Number(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim());
  if (!pid || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function main() {
  if (!process.env.DATABASE_URL) {
    const holder = embeddedHolderPid();
    if (holder) {
      console.error(
        `The embedded database in ${pgliteDir()} is held by the running server (pid ${holder}). ` +
          "It migrates itself at start-up; stop it first to migrate by hand.",
      );
      process.exit(1);
    }
  }
  await migrateDatabase();
  await closeDb();
  console.log(`Migrated ${process.env.DATABASE_URL ? "the Postgres database" : `the embedded database in ${pgliteDir()}`}.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
