import { sql } from "drizzle-orm";
import { milestones } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { assertParentInProject } from "./parent";
import { toMilestone } from "./queries";
import { CreateMilestoneInput, type Milestone } from "./schemas";

export async function createMilestone({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<Milestone> {
  authorize(ctx, "milestone:write");
  const data = parse(CreateMilestoneInput, input);
  return ctx.db.transaction(async (tx) => {
    if (data.parentId) await assertParentInProject(tx, ctx.project.id, data.parentId);
    const completed = data.status === "COMPLETED";
    const [row] = await tx
      .insert(milestones)
      .values({
        projectId: ctx.project.id,
        ...data,
        completedAt: completed ? sql`now()` : null,
        completedById: completed ? ctx.actor.userId : null,
      })
      .returning();
    await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "milestone.create", entityType: "milestone", entityId: row.id, after: data });
    return toMilestone(row);
  });
}
