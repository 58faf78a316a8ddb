import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { anyOf, rowsOf } from "@/lib/sql";
import { resolveBaseline, type BaselineRef } from "./baseline";
import type { CompareItem, Comparison } from "./compare-schemas";
import { findEnvironment, subtreeIds } from "./summary";

const PRIORITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/**
 * A milestone against a baseline, per (case, environment), over the latest attempts: the state of
 * a pair on one side is its latest executed entry (PASSED, FAILED or BLOCKED, by result time; a
 * tie goes to the pass, as for the summary's open failures) in the non-aborted runs of the
 * milestone and its phases. Pairs that passed on both sides are not listed. `baselineId` overrides
 * the milestone's baseline; an environment (id or name) limits both sides.
 */
export async function compareMilestone(
  ctx: ProjectCtx,
  milestoneId: string,
  opts: { baselineId?: string; environment?: string; now?: Date } = {},
): Promise<Comparison> {
  authorize(ctx, "project:read");
  const [m] = rowsOf<{ id: string; name: string }>(
    await ctx.db.execute(sql`select id, name from milestones where project_id = ${ctx.project.id} and id = ${milestoneId}`),
  );
  if (!m) throw new NotFoundError("Milestone");
  const env = opts.environment ? await findEnvironment(ctx, opts.environment) : null;
  const baseline = opts.baselineId ? await baselineById(ctx, opts.baselineId) : await resolveBaseline(ctx, milestoneId, opts.now);
  const out: Comparison = { milestone: m, baseline, environment: env, newFailures: [], stillFailing: [], fixed: [], notRunNow: [], newlyRun: [] };
  const nowScope = await subtreeIds(ctx, milestoneId);
  const beforeScope = baseline ? await subtreeIds(ctx, baseline.id) : [];
  const latest = (scope: string[]) => sql`
    select distinct on (e.case_id, r.environment_id) e.case_id, r.environment_id, e.status
    from run_entries e join test_runs r on r.id = e.run_id
    where r.project_id = ${ctx.project.id} and r.milestone_id = ${anyOf(scope.length ? scope : [""])} and r.status <> 'ABORTED'
      ${env ? sql`and r.environment_id = ${env.id}` : sql``}
      and e.status in ('PASSED', 'FAILED', 'BLOCKED')
    order by e.case_id, r.environment_id, coalesce(e.last_result_at, e.updated_at) desc, (e.status = 'PASSED') desc, e.id desc`;
  const rows = rowsOf<{
    case_id: string;
    seq: number;
    title: string;
    priority: CompareItem["priority"];
    environment_id: string;
    environment_name: string;
    now: CompareItem["now"];
    before: CompareItem["before"];
  }>(
    await ctx.db.execute(sql`
      with n as (${latest(nowScope)}), b as (${latest(beforeScope)}),
      pairs as (
        select coalesce(n.case_id, b.case_id) as case_id, coalesce(n.environment_id, b.environment_id) as environment_id,
          n.status as now, b.status as before
        from n full join b on b.case_id = n.case_id and b.environment_id = n.environment_id
        where not (n.status is not distinct from 'PASSED' and b.status is not distinct from 'PASSED')
      )
      select p.case_id, c.seq, c.title, c.priority, p.environment_id, e.name as environment_name, p.now, p.before
      from pairs p
      join test_cases c on c.id = p.case_id and c.project_id = ${ctx.project.id}
      join environments e on e.id = p.environment_id`),
  );
  rows.sort(
    (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Number(a.seq) - Number(b.seq) || a.environment_name.localeCompare(b.environment_name),
  );
  const failing = (s: string | null) => s === "FAILED" || s === "BLOCKED";
  for (const r of rows) {
    const item: CompareItem = {
      caseId: r.case_id,
      caseKey: `${ctx.project.key}-${r.seq}`,
      title: r.title,
      priority: r.priority,
      environment: { id: r.environment_id, name: r.environment_name },
      now: r.now,
      before: r.before,
    };
    if (r.before === null) out.newlyRun.push(item);
    else if (r.now === null) out.notRunNow.push(item);
    else if (failing(r.now) && r.before === "PASSED") out.newFailures.push(item);
    else if (failing(r.now) && failing(r.before)) out.stillFailing.push(item);
    else if (r.now === "PASSED" && failing(r.before)) out.fixed.push(item);
  }
  return out;
}

async function baselineById(ctx: ProjectCtx, id: string): Promise<BaselineRef> {
  const [b] = rowsOf<BaselineRef>(await ctx.db.execute(sql`select id, name from milestones where project_id = ${ctx.project.id} and id = ${id}`));
  if (!b) throw new NotFoundError("Baseline milestone");
  return b;
}
