import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { literalTextArray, rowsOf } from "@/lib/sql";
import { byRunStamp } from "./run-stamp-cache";
import { runStamp } from "./scope-runs";
import type { BurnUp, BurnUpPoint } from "./schemas";

export type { BurnUp, BurnUpPoint } from "./schemas";

const DAY_MS = 86_400_000;
/** Longer histories are bucketed so the chart never draws more than about this many points. */
export const MAX_POINTS = 90;


const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Executed against planned entries over time, for the milestone and the milestones below it
 * (the summary's scope: non-aborted runs, optionally one environment), from one query.
 *
 * An entry is planned from its creation (or its first result, if recorded earlier) and executed
 * from its latest result when its status is executed (DESIGN §6: PASSED, FAILED or BLOCKED), so
 * the last point equals the summary's totals: planned = counts.total, executed = passed + failed +
 * blocked. A re-tested entry leaves the executed line until it is executed again.
 */
export async function milestoneBurnUp(ctx: ProjectCtx, milestoneId: string, opts: { environmentId?: string; now?: Date } = {}): Promise<BurnUp> {
  authorize(ctx, "project:read");
  const now = opts.now ?? new Date();
  const p = ctx.project.id;
  // The scope's runs first, so the entry scan below gets their ids as a literal list: the planner
  // then reads just those runs' entries through the run index instead of the whole table.
  const scope = rowsOf<{ run_id: string | null; due_ms: number | null; changed_ms: number | null; counters: string | null }>(
    await ctx.db.execute(sql`
      with recursive tree(id, depth) as (
        select id, 0 from milestones where project_id = ${p} and id = ${milestoneId}
        union all
        select m.id, tree.depth + 1 from milestones m join tree on m.parent_id = tree.id
        where m.project_id = ${p} and tree.depth < 100
      )
      select r.id as run_id, (extract(epoch from m.due_date) * 1000)::float8 as due_ms,
        (extract(epoch from greatest(r.updated_at, r.last_activity_at)) * 1000)::float8 as changed_ms,
        concat_ws(':', r.total, r.passed, r.failed, r.blocked, r.skipped, r.retest, r.untested, r.flaky) as counters
      from milestones m
      left join test_runs r on r.project_id = ${p} and r.milestone_id in (select id from tree) and r.status <> 'ABORTED'
        ${opts.environmentId ? sql`and r.environment_id = ${opts.environmentId}` : sql``}
      where m.project_id = ${p} and m.id = ${milestoneId}`),
  );
  if (!scope.length) throw new NotFoundError("Milestone");
  const runs = scope.flatMap((r) => (r.run_id ? [{ id: r.run_id, changedMs: Number(r.changed_ms), counters: r.counters ?? "" }] : []));
  const runIds = runs.map((r) => r.id);
  // One pass over the scope's entries, grouped by (planned day, executed day): a few hundred groups
  // at most, accumulated below. date_bin keeps the per-row work to integer arithmetic. The groups
  // come from the runs' entries alone (creation, latest result, status), so they are kept by the
  // runs' stamp: the page's auto-refresh does not read 200,000 entries again while nothing changed.
  const rows = runIds.length
    ? await byRunStamp("burn-up", p, runStamp(runs), async () =>
        rowsOf<{ pday: number; xday: number | null; n: number }>(
          await ctx.db.execute(sql`
          select (extract(epoch from pday) * 1000)::float8 as pday, (extract(epoch from xday) * 1000)::float8 as xday, n
          from (
            select date_bin('1 day', least(e.created_at, e.last_result_at), timestamptz '2000-01-01') as pday,
              case when e.status in ('PASSED', 'FAILED', 'BLOCKED')
                then date_bin('1 day', coalesce(e.last_result_at, e.updated_at), timestamptz '2000-01-01') end as xday,
              count(*)::int as n
            from run_entries e
            where e.run_id = any(${literalTextArray(runIds)})
            group by 1, 2
          ) days`),
        ),
      )
    : [];
  const perDay = new Map<string, { planned: number; executed: number }>();
  const bump = (ms: number, key: "planned" | "executed", n: number) => {
    const d = dayOf(ms);
    const v = perDay.get(d) ?? { planned: 0, executed: 0 };
    v[key] += n;
    perDay.set(d, v);
  };
  for (const r of rows) {
    if (r.pday == null) continue;
    bump(Number(r.pday), "planned", Number(r.n));
    if (r.xday != null) bump(Number(r.xday), "executed", Number(r.n));
  }
  const dueMs = scope[0].due_ms;
  const dueDate = dueMs == null ? null : dayOf(Number(dueMs));
  const today = dayOf(now.getTime());
  const byDay = [...perDay.entries()].map(([day, v]) => ({ day, ...v })).sort((a, b) => a.day.localeCompare(b.day));
  if (!byDay.length) return { points: [], dueDate, today, stepDays: 1 };

  const start = Date.parse(`${byDay[0].day}T00:00:00Z`);
  const lastData = Date.parse(`${byDay[byDay.length - 1].day}T00:00:00Z`);
  const end = Math.max(lastData, Date.parse(`${today}T00:00:00Z`), dueDate ? Date.parse(`${dueDate}T00:00:00Z`) : 0);
  const span = Math.round((end - start) / DAY_MS) + 1;
  const stepDays = Math.max(1, Math.ceil(span / MAX_POINTS));
  const points: BurnUpPoint[] = [];
  let planned = 0;
  let executed = 0;
  let i = 0;
  for (let t = start; ; t += stepDays * DAY_MS) {
    const close = Math.min(t + (stepDays - 1) * DAY_MS, end);
    const date = dayOf(close);
    while (i < byDay.length && byDay[i].day <= date) {
      planned += byDay[i].planned;
      executed += byDay[i].executed;
      i++;
    }
    const future = date > today && date > byDay[byDay.length - 1].day;
    points.push({ date, planned: future ? null : planned, executed: future ? null : executed });
    if (close >= end) break;
  }
  return { points, dueDate, today, stepDays };
}
