import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { ancestorIds } from "./queries";

export type BaselineRef = { id: string; name: string };

/**
 * The milestone a milestone's regressions are measured against.
 * - Chosen (`PATCH {"baselineMilestoneId": ...}`): that milestone, or none for `null`.
 * - Otherwise: the most recent COMPLETED top-level milestone of the project whose due date (else
 *   its completion) is before this milestone's due date (else its completion, else now), never the
 *   milestone itself or a release above it. Ties go to the later id.
 */
export async function resolveBaseline(ctx: ProjectCtx, milestoneId: string, now = new Date()): Promise<BaselineRef | null> {
  const p = ctx.project.id;
  const [row] = rowsOf<{ baseline_set: boolean; chosen_id: string | null; chosen_name: string | null; auto_id: string | null; auto_name: string | null }>(
    await ctx.db.execute(sql`
      with recursive up(id, parent_id, depth) as (
        select id, parent_id, 0 from milestones where project_id = ${p} and id = ${milestoneId}
        union all
        select m.id, m.parent_id, up.depth + 1 from milestones m join up on m.id = up.parent_id
        where m.project_id = ${p} and up.depth < 100
      ), me as (
        select id, baseline_set, baseline_milestone_id,
          coalesce(due_date, completed_at, ${now.toISOString()}::timestamptz) as ref
        from milestones where project_id = ${p} and id = ${milestoneId}
      )
      select me.baseline_set, chosen.id as chosen_id, chosen.name as chosen_name, auto.id as auto_id, auto.name as auto_name
      from me
      left join milestones chosen on chosen.project_id = ${p} and chosen.id = me.baseline_milestone_id
      left join lateral (
        select c.id, c.name from milestones c
        where not me.baseline_set and c.project_id = ${p} and c.parent_id is null and c.status = 'COMPLETED'
          and c.id not in (select id from up)
          and coalesce(c.due_date, c.completed_at) < me.ref
        order by coalesce(c.due_date, c.completed_at) desc, c.id desc
        limit 1
      ) auto on true`),
  );
  if (!row) throw new NotFoundError("Milestone");
  if (row.baseline_set) return row.chosen_id ? { id: row.chosen_id, name: row.chosen_name! } : null;
  return row.auto_id ? { id: row.auto_id, name: row.auto_name! } : null;
}

/**
 * A baseline chosen for `milestoneId` must be another milestone of the project, neither a phase
 * inside it (its results are part of this one's) nor a release above it.
 */
export async function assertBaselineAllowed(tx: Tx, projectId: string, milestoneId: string, baselineId: string): Promise<void> {
  const [found] = rowsOf<{ id: string }>(await tx.execute(sql`select id from milestones where project_id = ${projectId} and id = ${baselineId}`));
  if (!found) throw ValidationError.field("baselineMilestoneId", "No milestone with this id in this project");
  if (baselineId === milestoneId) throw ValidationError.field("baselineMilestoneId", "A milestone cannot be its own baseline");
  const aboveBaseline = await ancestorIds(tx, projectId, baselineId);
  if (aboveBaseline.includes(milestoneId)) {
    throw ValidationError.field("baselineMilestoneId", "A phase of this milestone is part of it and cannot be its baseline");
  }
  const aboveMe = await ancestorIds(tx, projectId, milestoneId);
  if (aboveMe.includes(baselineId)) {
    throw ValidationError.field("baselineMilestoneId", "A release this milestone belongs to cannot be its baseline");
  }
}
