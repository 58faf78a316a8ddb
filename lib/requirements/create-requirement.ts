import { requirements } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { duplicateRequirementKey } from "./errors";
import { getRequirementById } from "./queries";
import { CreateRequirementInput, type Requirement } from "./schemas";

export async function createRequirement({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<Requirement> {
  authorize(ctx, "requirement:write");
  const data = parse(CreateRequirementInput, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(requirements)
        .values({ projectId: ctx.project.id, ...data, createdById: ctx.actor.userId })
        .returning({ id: requirements.id });
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "requirement.create", entityType: "requirement", entityId: row.id, after: data });
      return getRequirementById(tx, ctx, row.id);
    });
  } catch (err) {
    throw duplicateRequirementKey(err, data.key);
  }
}
