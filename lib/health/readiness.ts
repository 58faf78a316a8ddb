import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getConnection } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { AppError } from "@/lib/errors";
import { instanceNotifier } from "@/lib/notify/start";
import { rowsOf } from "@/lib/sql";

export type Check = { ok: boolean; message: string };
export type Readiness = { ready: boolean; checks: { database: Check; migrations: Check; jobQueue: Check } };

const DATABASE_TIMEOUT_MS = 2_000;

/**
 * Whether this instance can serve: the database answers, every migration this build ships has
 * been applied, and the job queue (pg-boss, which sends notifications) has started. A load
 * balancer sends traffic only to a ready instance; a liveness probe uses /api/health instead.
 */
export async function readiness(): Promise<Readiness> {
  const database = await check(async () => {
    await withTimeout(getConnection().db.execute(sql`select 1`), DATABASE_TIMEOUT_MS);
    return "The database answers.";
  });
  const migrations = database.ok
    ? await check(async () => {
        const expected = shippedMigrations();
        const [row] = rowsOf<{ applied: number; latest: string | null }>(
          await getConnection().db.execute(sql`select count(*)::int as applied, max(created_at)::text as latest from drizzle.__drizzle_migrations`),
        );
        const applied = Number(row?.applied ?? 0);
        if (applied < expected.count || Number(row?.latest ?? 0) < expected.latest) {
          throw new AppError("NOT_READY", `${applied} of ${expected.count} migrations are applied; the server applies them at start-up.`);
        }
        return `All ${expected.count} migrations are applied.`;
      })
    : { ok: false, message: "Not checked: the database does not answer." };
  const jobQueue: Check = instanceNotifier()
    ? { ok: true, message: "The job queue has started." }
    : { ok: false, message: "The job queue has not started yet." };
  return { ready: database.ok && migrations.ok && jobQueue.ok, checks: { database, migrations, jobQueue } };
}

/** The migrations in this build's journal: how many, and the newest one's timestamp. */
function shippedMigrations(): { count: number; latest: number } {
  const journal = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return { count: journal.entries.length, latest: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

async function check(run: () => Promise<string>): Promise<Check> {
  try {
    return { ok: true, message: await run() };
  } catch (err) {
    return { ok: false, message: (err as Error).message || "Failed." };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new AppError("NOT_READY", `The database did not answer within ${ms / 1000} s.`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
