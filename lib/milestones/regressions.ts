import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { literalTextArray, rowsOf } from "@/lib/sql";
import type { BaselineRef } from "./baseline";
import { byRunStamp } from "./run-stamp-cache";
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
 *
 * In two independent parts, so the summary runs them alongside its own queries: `fixedSince`
 * needs only the runs on both sides, `markFailures` the baseline's runs and the failures now.
 */
export type BaselineRuns = { baseline: BaselineRef | null; before: Map<string, EnvironmentRuns> };

/** How many cases failing in the baseline pass now, over the environments of both sides. */
export async function fixedSince(
  ctx: ProjectCtx,
  side: BaselineRuns,
  /** The summary's runs by environment (already filtered by environment and build). */
  now: Map<string, EnvironmentRuns>,
): Promise<number> {
  if (!side.baseline) return 0;
  const perEnv = await Promise.all([...side.before].map(([envId, runs]) => fixedIn(ctx, runs, now.get(envId) ?? NO_RUNS)));
  return perEnv.reduce((a, b) => a + b, 0);
}

/** The new and still-failing counts (`fixed` is left to fixedSince) and each failing pair's mark. */
export async function markFailures(
  ctx: ProjectCtx,
  side: BaselineRuns,
  /** Every failing (case, environment) now: open and waived alike. */
  failing: { caseId: string; environmentId: string }[],
): Promise<{ counts: RegressionCounts; marks: Map<string, Regression> }> {
  const marks = new Map<string, Regression>();
  const counts: RegressionCounts = { baseline: side.baseline, new: 0, stillFailing: 0, fixed: 0 };
  const envs = side.baseline ? [...new Set(failing.map((f) => f.environmentId))] : [];
  const states = new Map(
    await Promise.all(
      envs.map(async (envId) => {
        const here = failing.filter((f) => f.environmentId === envId).map((f) => f.caseId);
        return [envId, await latestStates(ctx, here, side.before.get(envId) ?? NO_RUNS)] as const;
      }),
    ),
  );
  for (const f of failing) {
    const was = states.get(f.environmentId)?.get(f.caseId);
    const mark: Regression = was === "PASSED" ? "NEW" : was === "FAILING" ? "KNOWN" : "UNKNOWN";
    marks.set(pairKey(f.caseId, f.environmentId), mark);
    if (mark === "NEW") counts.new++;
    if (mark === "KNOWN") counts.stillFailing++;
  }
  return { counts, marks };
}

const NO_RUNS: EnvironmentRuns = { ids: [], until: new Date(0).toISOString(), stamp: "" };

export const pairKey = (caseId: string, environmentId: string) => `${caseId}\u0000${environmentId}`;

/**
 * Newest entry of case `c.case_id` with `status` in `runs`: one walk down the case index from the
 * runs' latest change (the order matches the index's, `desc nulls last`, so the walk stops at the
 * first entry of a matching run instead of sorting them all).
 */
const newestIn = (runs: EnvironmentRuns, status: string) => sql`
  select e.last_result_at as at from run_entries e
  where e.case_id = c.case_id and e.status = ${status} and e.last_result_at <= ${runs.until}::timestamptz
    and e.run_id = any(${literalTextArray(runs.ids)})
  order by e.last_result_at desc nulls last limit 1`;

/** PASSED (true) or failing (false) by the newest pass and failure; a tie goes to the pass. */
const passedSql = sql`coalesce(p.at >= greatest(f.at, b.at), p.at is not null)`;

/**
 * The state of each case in `runs` (one environment's runs): PASSED, FAILING (FAILED or BLOCKED)
 * or absent when never executed there. Per case, the newest pass, failure and block are each a
 * walk down the (case_id, status, last_result_at desc) index, starting at the runs' latest change
 * (nothing of theirs is newer), so an older baseline does not walk the newer milestones' entries.
 */
async function latestStates(ctx: ProjectCtx, caseIds: string[], runs: EnvironmentRuns): Promise<Map<string, "PASSED" | "FAILING">> {
  if (!caseIds.length || !runs.ids.length) return new Map();
  // Kept by the runs' stamp and the list of cases: the same failures are marked on every summary until a write.
  const list = [...caseIds].sort();
  const key = `${runs.stamp}|${createHash("sha256").update(list.join(",")).digest("base64url")}`;
  const rows = await byRunStamp("latest-states", ctx.project.id, key, async () =>
    rowsOf<{ case_id: string; passed: boolean }>(
      await ctx.db.execute(sql`
        select c.case_id, ${passedSql} as passed
        from unnest(${literalTextArray(list)}) as c(case_id)
        left join lateral (${newestIn(runs, "PASSED")}) p on true
        left join lateral (${newestIn(runs, "FAILED")}) f on true
        left join lateral (${newestIn(runs, "BLOCKED")}) b on true
        where p.at is not null or f.at is not null or b.at is not null`),
    ),
  );
  return new Map(rows.map((r) => [r.case_id, r.passed ? ("PASSED" as const) : ("FAILING" as const)]));
}

/**
 * How many cases failing in the baseline's runs of one environment pass now: the baseline's
 * failing cases (failingAtEnd), then their state now, three index walks each.
 */
async function fixedIn(ctx: ProjectCtx, before: EnvironmentRuns, now: EnvironmentRuns): Promise<number> {
  if (!before.ids.length || !now.ids.length) return 0;
  // Read from both sides' runs alone: kept by both stamps.
  return byRunStamp("fixed", ctx.project.id, `${before.stamp}|${now.stamp}`, async () => {
    const failing = await failingAtEnd(ctx, before);
    if (!failing.length) return 0;
    const [row] = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`
        select count(*) filter (where ${passedSql})::int as n
        from unnest(${literalTextArray(failing)}) as c(case_id)
        left join lateral (${newestIn(now, "PASSED")}) p on true
        left join lateral (${newestIn(now, "FAILED")}) f on true
        left join lateral (${newestIn(now, "BLOCKED")}) b on true`),
    );
    return Number(row?.n ?? 0);
  });
}

/**
 * The cases whose latest executed entry in `runs` (one environment's runs) is FAILED or BLOCKED:
 * the failures come from the partial index of failing entries, each checked against the case's
 * passes in those runs (a case fails there when its newest failure is newer than its newest pass).
 * Read from the runs' entries alone, so it is kept by their stamp: every summary of the
 * milestones after a finished release asks it again.
 */
function failingAtEnd(ctx: ProjectCtx, runs: EnvironmentRuns): Promise<string[]> {
  const ids = literalTextArray(runs.ids);
  return byRunStamp("failing-at-end", ctx.project.id, runs.stamp, async () =>
    rowsOf<{ case_id: string }>(
      await ctx.db.execute(sql`
        with fails as materialized (
          select e.case_id, max(coalesce(e.last_result_at, e.updated_at)) as at
          from run_entries e
          where e.run_id = any(${ids}) and e.status in ('FAILED', 'BLOCKED')
          group by e.case_id
        )
        select f.case_id from fails f
        where not exists (
          select 1 from run_entries e
          where e.case_id = f.case_id and e.status = 'PASSED' and e.last_result_at >= f.at
            and e.last_result_at <= ${runs.until}::timestamptz and e.run_id = any(${ids})
        )`),
    ).map((x) => x.case_id),
  );
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
