import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";

/** A non-aborted run of a milestone's scope, with the build it tested. */
export type ScopeRun = {
  id: string;
  environmentId: string;
  build: string | null;
  startedMs: number;
  /**
   * When the run last changed (its updated_at or last activity). Every write that stamps an
   * entry's last_result_at moves its run's counters in the same transaction, so no entry of the
   * run has a later result time: an upper bound for index walks.
   */
  changedMs: number;
  /** Its counters (two writes in one instant still differ in them). */
  counters: string;
};

/**
 * The non-aborted runs of a set of milestones (a milestone and its phases), optionally of one
 * environment and one build: a few hundred rows at most, read once and grouped in memory.
 */
export async function scopeRuns(ctx: ProjectCtx, scope: readonly string[], filter: { environmentId?: string; build?: string } = {}): Promise<ScopeRun[]> {
  if (!scope.length) return [];
  const rows = rowsOf<{ id: string; environment_id: string; build: string | null; started_ms: number; changed_ms: number; counters: string }>(
    await ctx.db.execute(sql`
      select id, environment_id, build, (extract(epoch from coalesce(started_at, created_at)) * 1000)::float8 as started_ms,
        (extract(epoch from greatest(updated_at, last_activity_at)) * 1000)::float8 as changed_ms,
        concat_ws(':', total, passed, failed, blocked, skipped, retest, untested, flaky) as counters
      from test_runs
      where project_id = ${ctx.project.id} and milestone_id = ${anyOf(scope)} and status <> 'ABORTED'
        ${filter.environmentId ? sql`and environment_id = ${filter.environmentId}` : sql``}
        ${filter.build !== undefined ? sql`and build = ${filter.build}` : sql``}`),
  );
  return rows.map((r) => ({
    id: r.id,
    environmentId: r.environment_id,
    build: r.build,
    startedMs: Number(r.started_ms),
    changedMs: Number(r.changed_ms),
    counters: r.counters,
  }));
}

/**
 * One environment's runs: their ids, the latest result time any of their entries can have, and a
 * stamp that changes whenever one of them is written to (each run's id, last change and counters).
 */
export type EnvironmentRuns = { ids: string[]; until: string; stamp: string };

/** Runs by environment id. `until` is rounded up to the next millisecond past the latest change. */
export function runsByEnvironment(runs: readonly ScopeRun[]): Map<string, EnvironmentRuns> {
  const out = new Map<string, ScopeRun[]>();
  for (const r of runs) out.set(r.environmentId, [...(out.get(r.environmentId) ?? []), r]);
  return new Map(
    [...out].map(([k, mine]) => {
      const ms = Math.max(...mine.map((r) => r.changedMs));
      return [k, { ids: mine.map((r) => r.id), until: new Date(Math.floor(ms) + 1).toISOString(), stamp: runStamp(mine) }];
    }),
  );
}

/** One run's part of a stamp: its id, when it last changed and its counters. */
const stampOf = (r: { id: string; changedMs: number; counters: string }) => `${r.id}@${r.changedMs}:${r.counters}`;

/** A stamp of a set of runs that changes whenever one of them is written to, or the set changes. */
export function runStamp(runs: readonly { id: string; changedMs: number; counters: string }[]): string {
  return runs.map(stampOf).sort().join(",");
}
