import { and, eq, sql } from "drizzle-orm";
import { milestones } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
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
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(milestones.projectId, ctx.project.id), eq(milestones.id, milestoneId));
    // Re-parenting is serialised per project, before any row lock: two concurrent moves (A under B,
    // B under A) would otherwise each pass the cycle check, then deadlock on the parent foreign key.
    if (data.parentId) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`milestone-tree:${ctx.project.id}`}, 0))`);
    const [before] = await tx.select().from(milestones).where(where).for("update");
    if (!before) throw new NotFoundError("Milestone");
    if (data.parentId) {
      await assertParentInProject(tx, ctx.project.id, data.parentId);
      await assertNoCycle(tx, ctx.project.id, milestoneId, data.parentId);
    }
    const statusChange =
      data.status && data.status !== before.status
        ? data.status === "COMPLETED"
          ? { completedAt: sql`now()`, completedById: ctx.actor.userId }
          : data.status === "ACTIVE"
            ? { completedAt: null, completedById: null, completionOverrides: null }
            : {}
        : {};
    await tx
      .update(milestones)
      .set({ ...data, ...statusChange, updatedAt: sql`now()` })
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
