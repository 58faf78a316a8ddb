import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";

import type { MilestoneActivity } from "./activity-schemas";

/**
 * A cheap stamp for the summary page's auto-refresh: one query over the runs' counters (never
 * results), the waivers, the project's quarantines, the sign-offs and the milestone row, and what
 * the regressions compare with (the completed milestones and a chosen baseline, with their runs'
 * counters). The counters are part of the stamp
 * because two result writes may share a transaction timestamp.
 */
export async function milestoneActivity(ctx: ProjectCtx, milestoneId: string): Promise<MilestoneActivity> {
  authorize(ctx, "project:read");
  const p = ctx.project.id;
  const [row] = rowsOf<Record<string, string | number | null>>(
    await ctx.db.execute(sql`
      with recursive tree(id, depth) as (
        select id, 0 from milestones where project_id = ${p} and id = ${milestoneId}
        union all
        select m.id, tree.depth + 1 from milestones m join tree on m.parent_id = tree.id
        where m.project_id = ${p} and tree.depth < 100
      ), up(id, parent_id, depth) as (
        select id, parent_id, 0 from milestones where project_id = ${p} and id = ${milestoneId}
        union all
        select m.id, m.parent_id, up.depth + 1 from milestones m join up on m.id = up.parent_id
        where m.project_id = ${p} and up.depth < 100
      ), runs as (
        select count(*) as n, sum(total) as total, sum(passed) as passed, sum(failed) as failed, sum(blocked) as blocked,
          sum(untested) as untested, sum(retest) as retest, string_agg(status, '' order by id) as statuses,
          (extract(epoch from max(greatest(updated_at, last_activity_at))) * 1000)::float8 as ms
        from test_runs where project_id = ${p} and milestone_id in (select id from tree)
      ), w as (
        select count(*) as n, (extract(epoch from max(greatest(created_at, revoked_at))) * 1000)::float8 as ms
        from waivers where project_id = ${p} and milestone_id in (select id from tree union select id from up)
      ), bl as (
        -- What the regressions compare with: the completed milestones (the automatic baseline is one
        -- of them) and a chosen baseline, with their runs' counters.
        select count(*) as n, sum(r.passed) as passed, sum(r.failed) as failed, sum(r.blocked) as blocked,
          (extract(epoch from max(greatest(r.updated_at, r.last_activity_at, bm.updated_at))) * 1000)::float8 as ms
        from test_runs r join milestones bm on bm.id = r.milestone_id
        where r.project_id = ${p} and (bm.status = 'COMPLETED'
          or bm.id = (select baseline_milestone_id from milestones where project_id = ${p} and id = ${milestoneId}))
      ), done as (
        select count(*) as n, (extract(epoch from max(updated_at)) * 1000)::float8 as ms
        from milestones where project_id = ${p} and status = 'COMPLETED'
      ), q as (
        -- Quarantines change verdicts when placed, lifted and when they expire (counted at this instant).
        select count(*) as n, count(*) filter (where expires_at <= now()) as expired,
          (extract(epoch from max(greatest(created_at, lifted_at))) * 1000)::float8 as ms
        from quarantines where project_id = ${p}
      ), s as (
        select count(*) as n, (extract(epoch from max(created_at)) * 1000)::float8 as ms
        from milestone_signoffs where milestone_id = ${milestoneId}
      )
      select (extract(epoch from m.updated_at) * 1000)::float8 as m_ms, m.status as m_status,
        runs.n as runs, runs.total, runs.passed, runs.failed, runs.blocked, runs.untested, runs.retest, runs.statuses, runs.ms as runs_ms,
        w.n as waivers, w.ms as waivers_ms, s.n as signoffs, s.ms as signoffs_ms,
        bl.n as baseline_runs, bl.passed as baseline_passed, bl.failed as baseline_failed, bl.blocked as baseline_blocked, bl.ms as baseline_ms,
        done.n as completed_milestones, done.ms as completed_ms,
        q.n as quarantines, q.expired as quarantines_expired, q.ms as quarantines_ms
      from milestones m, runs, w, s, bl, done, q
      where m.project_id = ${p} and m.id = ${milestoneId}`),
  );
  if (!row) throw new NotFoundError("Milestone");
  const stamps = [row.m_ms, row.runs_ms, row.waivers_ms, row.signoffs_ms].map((v) => (v == null ? 0 : Number(v)));
  const latest = Math.max(...stamps);
  const version = createHash("sha256")
    .update(JSON.stringify(Object.keys(row).sort().map((k) => (row[k] == null ? null : String(row[k])))))
    .digest("base64url")
    .slice(0, 22);
  return { version, changedAt: latest ? new Date(latest).toISOString() : null };
}
