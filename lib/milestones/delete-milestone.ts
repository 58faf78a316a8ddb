import { and, count, eq } from "drizzle-orm";
import { milestones, testRuns } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";

/** Only empty milestones can be deleted; one with history is archived instead. */
export async function deleteMilestone({ ctx, milestoneId }: { ctx: ProjectCtx; milestoneId: string }): Promise<void> {
  authorize(ctx, "milestone:write");
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(milestones.projectId, ctx.project.id), eq(milestones.id, milestoneId));
    const [m] = await tx.select().from(milestones).where(where).for("update");
    if (!m) throw new NotFoundError("Milestone");
    const [{ runs }] = await tx.select({ runs: count() }).from(testRuns).where(eq(testRuns.milestoneId, milestoneId));
    if (runs > 0) {
      throw new ConflictError(
        `Milestone "${m.name}" has ${runs} test run${runs === 1 ? "" : "s"}; archive it instead (PATCH with "status": "ARCHIVED") to keep its history.`,
      );
    }
    const [{ children }] = await tx.select({ children: count() }).from(milestones).where(eq(milestones.parentId, milestoneId));
    if (children > 0) {
      throw new ConflictError(`Milestone "${m.name}" has ${children} child milestone${children === 1 ? "" : "s"}; move or delete them first.`);
    }
    await tx.delete(milestones).where(where);
    await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "milestone.delete", entityType: "milestone", entityId: m.id, before: { name: m.name } });
  });
}
