import { and, eq, sql } from "drizzle-orm";
import { milestones } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { assertBaselineAllowed } from "./baseline";
import { checklist } from "./complete-milestone";
import { assertNoCycle, assertParentInProject } from "./parent";
import { getMilestone } from "./queries";
import { UpdateMilestoneInput, type Milestone } from "./schemas";

export async function updateMilestone({
  ctx,
  milestoneId,
  input,
}: {
  ctx: ProjectCtx;
  milestoneId: string;
  input: unknown;
}): Promise<Milestone> {
  authorize(ctx, "milestone:write");
  const data = parse(UpdateMilestoneInput, input);
  const completing = data.status === "COMPLETED" ? await completionGate(ctx, milestoneId) : null;
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(milestones.projectId, ctx.project.id), eq(milestones.id, milestoneId));
    // Re-parenting is serialised per project, before any row lock: two concurrent moves (A under B,
    // B under A) would otherwise each pass the cycle check, then deadlock on the parent foreign key.
    if (data.parentId) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`milestone-tree:${ctx.project.id}`}, 0))`);
    const [before] = await tx.select().from(milestones).where(where).for("update");
    if (!before) throw new NotFoundError("Milestone");
    if (completing && before.status !== completing.from) {
      throw new ConflictError(`Milestone "${before.name}" changed to ${before.status} meanwhile; try again.`);
    }
    if (data.parentId) {
      await assertParentInProject(tx, ctx.project.id, data.parentId);
      await assertNoCycle(tx, ctx.project.id, milestoneId, data.parentId);
    }
    if (data.baselineMilestoneId) await assertBaselineAllowed(tx, ctx.project.id, milestoneId, data.baselineMilestoneId);
    const baselineChange = data.baselineMilestoneId !== undefined ? { baselineSet: true } : {};
    const statusChange =
      data.status && data.status !== before.status
        ? data.status === "COMPLETED"
          ? before.completedAt
            ? {} // restoring an archived, completed milestone keeps its completion record
            : { completedAt: sql`now()`, completedById: ctx.actor.userId, completionOverrides: null }
          : data.status === "ACTIVE"
            ? { completedAt: null, completedById: null, completionOverrides: null }
            : {}
        : {};
    await tx
      .update(milestones)
      .set({ ...data, ...statusChange, ...baselineChange, updatedAt: sql`now()` })
      .where(where);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "milestone.update",
      entityType: "milestone",
      entityId: milestoneId,
      ...changedFields(before, data),
    });
  });
  return getMilestone(ctx, milestoneId);
}

/**
 * `status: COMPLETED` through PATCH runs the same checklist as `POST .../complete`: a milestone
 * that was never completed completes only when every item is met, otherwise 409 with the unmet
 * items and a pointer to the complete endpoint (the only place an ADMIN can override, with a
 * reason). Restoring an archived milestone that had been completed needs no checklist.
 */
async function completionGate(ctx: ProjectCtx, milestoneId: string): Promise<{ from: string } | null> {
  const [m] = await ctx.db
    .select({ status: milestones.status, name: milestones.name, completedAt: milestones.completedAt })
    .from(milestones)
    .where(and(eq(milestones.projectId, ctx.project.id), eq(milestones.id, milestoneId)));
  if (!m) throw new NotFoundError("Milestone");
  if (m.status === "COMPLETED" || m.completedAt) return null;
  authorize(ctx, "milestone:complete");
  const unmet = await checklist(ctx, milestoneId);
  if (unmet.length) {
    throw new ConflictError(
      `Milestone "${m.name}" is not ready to complete: ${unmet.length} checklist item${unmet.length === 1 ? " is" : "s are"} unmet. ` +
        `Complete it through POST /api/projects/${ctx.project.key}/milestones/${milestoneId}/complete, where an ADMIN may override with {"override": {"reason": "..."}}.`,
      unmet,
    );
  }
  return { from: m.status };
}
