import { and, eq, sql } from "drizzle-orm";
import { requirements } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { duplicateRequirementKey } from "./errors";
import { getRequirementById, resolveRequirementId } from "./queries";
import { UpdateRequirementInput, type Requirement } from "./schemas";

export async function updateRequirement({ ctx, requirementRef, input }: { ctx: ProjectCtx; requirementRef: string; input: unknown }): Promise<Requirement> {
  authorize(ctx, "requirement:write");
  const data = parse(UpdateRequirementInput, input);
  const id = await resolveRequirementId(ctx, requirementRef);
  try {
    return await ctx.db.transaction(async (tx) => {
      const where = and(eq(requirements.projectId, ctx.project.id), eq(requirements.id, id));
      const [before] = await tx.select().from(requirements).where(where).for("update");
      if (!before) throw new NotFoundError("Requirement");
      const changes = changedFields(before, data);
      if (Object.keys(changes.after).length) {
        await tx.update(requirements).set({ ...data, updatedAt: sql`now()` }).where(where);
        await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "requirement.update", entityType: "requirement", entityId: id, ...changes });
      }
      return getRequirementById(tx, ctx, id);
    });
  } catch (err) {
    throw duplicateRequirementKey(err, data.key ?? "");
  }
}
