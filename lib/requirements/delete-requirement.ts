import { and, eq } from "drizzle-orm";
import { requirements } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { getRequirementById, resolveRequirementId } from "./queries";

/** Deletes a requirement with its case links and milestone scopes; the audit entry keeps what was removed. */
export async function deleteRequirement({ ctx, requirementRef }: { ctx: ProjectCtx; requirementRef: string }): Promise<void> {
  authorize(ctx, "requirement:write");
  const id = await resolveRequirementId(ctx, requirementRef);
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(requirements.projectId, ctx.project.id), eq(requirements.id, id));
    const [locked] = await tx.select({ id: requirements.id }).from(requirements).where(where).for("update");
    if (!locked) throw new NotFoundError("Requirement");
    const before = await getRequirementById(tx, ctx, id);
    await tx.delete(requirements).where(where);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "requirement.delete",
      entityType: "requirement",
      entityId: id,
      before: { key: before.key, title: before.title, url: before.url, source: before.source, caseKeys: before.caseKeys },
    });
  });
}
