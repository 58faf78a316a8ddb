import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { anyOf } from "@/lib/sql";
import { assertMilestone, milestoneRequirementKeys } from "./milestone-scope";
import { resolveRequirementKeys } from "./queries";
import { SetMilestoneRequirementsInput, type MilestoneRequirements } from "./schemas";

/** Sets the requirements a milestone must verify (replacing its previous scope). Unknown keys are a 400 naming them. */
export async function setMilestoneRequirements({ ctx, milestoneId, input }: { ctx: ProjectCtx; milestoneId: string; input: unknown }): Promise<MilestoneRequirements> {
  authorize(ctx, "requirement:write");
  const { keys } = parse(SetMilestoneRequirementsInput, input);
  return ctx.db.transaction(async (tx) => {
    await assertMilestone(tx, ctx, milestoneId, true);
    const ids = await resolveRequirementKeys(tx, ctx, keys, "keys");
    const before = await milestoneRequirementKeys(tx, ctx, milestoneId);
    await tx.execute(sql`
      delete from milestone_requirements where project_id = ${ctx.project.id} and milestone_id = ${milestoneId}
        ${ids.length ? sql`and not (requirement_id = ${anyOf(ids)})` : sql``}`);
    if (ids.length) {
      await tx.execute(sql`
        insert into milestone_requirements (project_id, milestone_id, requirement_id)
        select ${ctx.project.id}, ${milestoneId}, id from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as t(id)
        on conflict do nothing`);
    }
    const after = await milestoneRequirementKeys(tx, ctx, milestoneId);
    if (before.join() !== after.join()) {
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "milestone.requirements",
        entityType: "milestone",
        entityId: milestoneId,
        before: { requirementKeys: before },
        after: { requirementKeys: after },
      });
    }
    return { milestoneId, keys: after };
  });
}
