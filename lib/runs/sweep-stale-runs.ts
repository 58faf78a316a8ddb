import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { logger } from "@/lib/observability/logger";

/**
 * Completes CI runs (those with a ciBuildId) that received nothing for `timeoutMinutes`, marking
 * them TIMEOUT. One idempotent statement, so any number of app instances may run it.
 */
export async function sweepStaleRuns(db: Db, timeoutMinutes: number): Promise<string[]> {
  const swept = rowsOf<{ id: string; project_id: string }>(
    await db.execute(sql`
      with stale as (
        update test_runs
        set status = 'COMPLETED', completion_reason = 'TIMEOUT', completed_at = now(), updated_at = now(),
            started_at = coalesce(started_at, now())
        where status in ('PLANNED', 'IN_PROGRESS') and ci_build_id is not null
          and coalesce(last_activity_at, created_at) < now() - make_interval(mins => ${timeoutMinutes}::int)
        returning id, project_id
      ), audit as (
        insert into audit_log (project_id, action, entity_type, entity_id, after)
        select project_id, 'run.timeout', 'test_run', id, jsonb_build_object('reason', ${`no results for ${timeoutMinutes} minutes`}::text)
        from stale
      )
      select id, project_id from stale`),
  );
  return swept.map((r) => r.id);
}

/** Runs the sweeper every minute in this process; overlapping sweeps on other instances are harmless. */
export function startRunSweeper(db: Db, timeoutMinutes: number, everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    sweepStaleRuns(db, timeoutMinutes).catch((err) => logger().error({ err }, "run sweeper failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
