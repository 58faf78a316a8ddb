import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";

/** A non-aborted run of a milestone's scope, with the build it tested. */
export type ScopeRun = { id: string; environmentId: string; build: string | null; startedMs: number };

/**
 * The non-aborted runs of a set of milestones (a milestone and its phases), optionally of one
 * environment and one build: a few hundred rows at most, read once and grouped in memory.
 */
export async function scopeRuns(ctx: ProjectCtx, scope: readonly string[], filter: { environmentId?: string; build?: string } = {}): Promise<ScopeRun[]> {
  if (!scope.length) return [];
  const rows = rowsOf<{ id: string; environment_id: string; build: string | null; started_ms: number }>(
    await ctx.db.execute(sql`
      select id, environment_id, build, (extract(epoch from coalesce(started_at, created_at)) * 1000)::float8 as started_ms
      from test_runs
      where project_id = ${ctx.project.id} and milestone_id = ${anyOf(scope)} and status <> 'ABORTED'
        ${filter.environmentId ? sql`and environment_id = ${filter.environmentId}` : sql``}
        ${filter.build !== undefined ? sql`and build = ${filter.build}` : sql``}`),
  );
  return rows.map((r) => ({ id: r.id, environmentId: r.environment_id, build: r.build, startedMs: Number(r.started_ms) }));
}

/** Run ids by environment id. */
export function runsByEnvironment(runs: readonly ScopeRun[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of runs) out.set(r.environmentId, [...(out.get(r.environmentId) ?? []), r.id]);
  return out;
}
