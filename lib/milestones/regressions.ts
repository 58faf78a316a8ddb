import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { literalTextArray, rowsOf } from "@/lib/sql";
import type { BaselineRef } from "./baseline";
import type { EnvironmentRuns } from "./scope-runs";
import type { Regression, RegressionCounts } from "./summary-schemas";

/**
 * Regressions for the summary, with the compare endpoint's definitions (lib/milestones/compare.ts)
 * but in work proportional to the failures rather than to the milestones. The state of a
 * (case, environment) in a set of runs is its latest executed entry (PASSED, FAILED or BLOCKED,
 * by result time; a tie goes to the pass), as for the open failures.
 * - new: failing now, PASSED in the baseline; still failing: failing in both; fixed: failing in
 *   the baseline, PASSED now.
 * - Each failing pair now is NEW, KNOWN (failing in the baseline) or UNKNOWN (not executed there).
 */
export async function summaryRegressions(
  ctx: ProjectCtx,
  a: {
    baseline: BaselineRef | null;
    /** The summary's runs by environment (already filtered by environment and build). */
    now: Map<string, EnvironmentRuns>;
    /** The baseline's runs by environment (same environment filter). */
    before: Map<string, EnvironmentRuns>;
    /** Every failing (case, environment) now: open and waived alike. */
    failing: { caseId: string; environmentId: string }[];
  },
): Promise<{ counts: RegressionCounts; marks: Map<string, Regression> }> {
  const marks = new Map<string, Regression>();
  const counts: RegressionCounts = { baseline: a.baseline, new: 0, stillFailing: 0, fixed: 0 };
  if (!a.baseline) {
    for (const f of a.failing) marks.set(pairKey(f.caseId, f.environmentId), "UNKNOWN");
    return { counts, marks };
  }
  const envs = [...new Set([...a.failing.map((f) => f.environmentId), ...a.before.keys()])];
  await Promise.all(
    envs.map(async (envId) => {
      const nowRuns = a.now.get(envId) ?? NO_RUNS;
      const beforeRuns = a.before.get(envId) ?? NO_RUNS;
      const failingHere = a.failing.filter((f) => f.environmentId === envId).map((f) => f.caseId);
      const [before, failedBefore] = await Promise.all([latestStates(ctx, failingHere, beforeRuns), failingCaseIds(ctx, beforeRuns)]);
      for (const caseId of failingHere) {
        const was = before.get(caseId);
        const mark: Regression = was === "PASSED" ? "NEW" : was === "FAILING" ? "KNOWN" : "UNKNOWN";
        marks.set(pairKey(caseId, envId), mark);
        if (mark === "NEW") counts.new++;
        if (mark === "KNOWN") counts.stillFailing++;
      }
      const nowOfFailedBefore = await latestStates(ctx, failedBefore, nowRuns);
      for (const caseId of failedBefore) if (nowOfFailedBefore.get(caseId) === "PASSED") counts.fixed++;
    }),
  );
  return { counts, marks };
}

const NO_RUNS: EnvironmentRuns = { ids: [], until: new Date(0).toISOString() };

export const pairKey = (caseId: string, environmentId: string) => `${caseId}\u0000${environmentId}`;

/**
 * The state of each case in `runIds` (one environment's runs): PASSED, FAILING (FAILED or
 * BLOCKED) or absent when never executed there. Per case, the newest pass and the newest failure
 * are each a walk down the (case_id, status, last_result_at desc) index, starting at the runs'
 * latest change (nothing of theirs is newer), so an older baseline does not walk the newer
 * milestones' entries.
 */
async function latestStates(ctx: ProjectCtx, caseIds: string[], runs: EnvironmentRuns): Promise<Map<string, "PASSED" | "FAILING">> {
  const out = new Map<string, "PASSED" | "FAILING">();
  if (!caseIds.length || !runs.ids.length) return out;
  const ids = literalTextArray(runs.ids);
  const newest = (status: string) => sql`
    select e.last_result_at as at from run_entries e
    where e.case_id = c.case_id and e.status = ${status} and e.last_result_at <= ${runs.until}::timestamptz and e.run_id = any(${ids})
    order by e.last_result_at desc limit 1`;
  const rows = rowsOf<{ case_id: string; passed: boolean }>(
    await ctx.db.execute(sql`
      select c.case_id, coalesce(p.at >= greatest(f.at, b.at), p.at is not null) as passed
      from unnest(${literalTextArray(caseIds)}) as c(case_id)
      left join lateral (${newest("PASSED")}) p on true
      left join lateral (${newest("FAILED")}) f on true
      left join lateral (${newest("BLOCKED")}) b on true
      where p.at is not null or f.at is not null or b.at is not null`),
  );
  for (const r of rows) out.set(r.case_id, r.passed ? "PASSED" : "FAILING");
  return out;
}

/**
 * Cases failing in `runIds` (one environment's runs): the newest failure is newer than the newest
 * pass. The failures come from the partial index of failing entries; each is checked against the
 * case's passes through the case index.
 */
async function failingCaseIds(ctx: ProjectCtx, env: EnvironmentRuns): Promise<string[]> {
  if (!env.ids.length) return [];
  const runs = literalTextArray(env.ids);
  const rows = rowsOf<{ case_id: string }>(
    await ctx.db.execute(sql`
      with fails as materialized (
        select e.case_id, max(coalesce(e.last_result_at, e.updated_at)) as at
        from run_entries e
        where e.run_id = any(${runs}) and e.status in ('FAILED', 'BLOCKED')
        group by e.case_id
      )
      select f.case_id from fails f
      where not exists (
        select 1 from run_entries e
        where e.case_id = f.case_id and e.status = 'PASSED' and e.last_result_at >= f.at
          and e.last_result_at <= ${env.until}::timestamptz and e.run_id = any(${runs})
      )`),
  );
  return rows.map((r) => r.case_id);
}

/**
 * Which open failures block: every one of a blocking priority (`blockOn: ALL_FAILURES`), or only
 * the NEW ones (`NEW_FAILURES`). Without a baseline nothing can be told apart as new, so every
 * failure of a blocking priority blocks, as under ALL_FAILURES.
 */
export function blockingRule<F extends { priority: string; regression: Regression }>(
  failures: F[],
  settings: ProjectSettings,
  hasBaseline: boolean,
): { code: "BLOCKING_FAILURES" | "NEW_REGRESSIONS"; failures: F[] } {
  const ofPriority = failures.filter((f) => settings.blockingPriorities.includes(f.priority as ProjectSettings["blockingPriorities"][number]));
  if (settings.blockOn === "NEW_FAILURES" && hasBaseline) return { code: "NEW_REGRESSIONS", failures: ofPriority.filter((f) => f.regression === "NEW") };
  return { code: "BLOCKING_FAILURES", failures: ofPriority };
}
