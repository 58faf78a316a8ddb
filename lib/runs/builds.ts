import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import type { ScopeRun } from "@/lib/milestones/scope-runs";
import { literalTextArray, rowsOf } from "@/lib/sql";

/** A (case, environment) whose latest executed result came from a run of another build than the latest one. */
export type StaleRow = {
  caseId: string;
  seq: number;
  title: string;
  priority: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";
  status: "PASSED" | "FAILED" | "BLOCKED";
  environmentId: string;
  /** The build of the run the latest result came from; null when that run recorded none. */
  build: string | null;
  runId: string;
  executedMs: number;
};

/**
 * The build of the most recently started run that has one (a run not started yet counts from its
 * creation); null when no run carries a build. Ties go to the later run id.
 */
export function latestBuildOf(runs: readonly ScopeRun[]): string | null {
  let best: ScopeRun | null = null;
  for (const r of runs) {
    if (r.build === null) continue;
    if (!best || r.startedMs > best.startedMs || (r.startedMs === best.startedMs && r.id > best.id)) best = r;
  }
  return best?.build ?? null;
}

/**
 * Stale pairs, per environment: a (case, environment) is stale when its latest executed entry
 * (PASSED, FAILED or BLOCKED, by result time; a tie goes to the latest build) is in a run whose
 * build is not `latestBuild` (a run without a build included). Nothing is stale without a latest
 * build. The work is proportional to the other builds' executed entries: the latest of them per
 * case is checked against the latest build's runs through the case index.
 */
export async function staleEntries(ctx: ProjectCtx, runs: readonly ScopeRun[], latestBuild: string | null): Promise<StaleRow[]> {
  if (latestBuild === null) return [];
  const envs = [...new Set(runs.map((r) => r.environmentId))];
  const perEnv = await Promise.all(
    envs.map(async (envId) => {
      const mine = runs.filter((r) => r.environmentId === envId);
      const current = mine.filter((r) => r.build === latestBuild).map((r) => r.id);
      const others = mine.filter((r) => r.build !== latestBuild).map((r) => r.id);
      if (!others.length) return [];
      const rows = rowsOf<{
        case_id: string;
        seq: number;
        title: string;
        priority: StaleRow["priority"];
        status: StaleRow["status"];
        build: string | null;
        run_id: string;
        at_ms: number;
      }>(
        await ctx.db.execute(sql`
          with old as (
            select distinct on (e.case_id) e.case_id, e.status, e.run_id, coalesce(e.last_result_at, e.updated_at) as at
            from run_entries e
            where e.run_id = any(${literalTextArray(others)}) and e.status in ('PASSED', 'FAILED', 'BLOCKED')
            order by e.case_id, coalesce(e.last_result_at, e.updated_at) desc, (e.status = 'PASSED') desc, e.id desc
          )
          select o.case_id, c.seq, c.title, c.priority, o.status, r.build, o.run_id,
            (extract(epoch from o.at) * 1000)::float8 as at_ms
          from old o
          join test_cases c on c.id = o.case_id
          join test_runs r on r.id = o.run_id
          where not exists (
            select 1 from run_entries e
            where e.case_id = o.case_id and e.status in ('PASSED', 'FAILED', 'BLOCKED')
              and e.run_id = any(${literalTextArray(current.length ? current : [""])})
              and coalesce(e.last_result_at, e.updated_at) >= o.at
          )`),
      );
      return rows.map((r) => ({
        caseId: r.case_id,
        seq: Number(r.seq),
        title: r.title,
        priority: r.priority,
        status: r.status,
        environmentId: envId,
        build: r.build,
        runId: r.run_id,
        executedMs: Number(r.at_ms),
      }));
    }),
  );
  return perEnv.flat();
}
