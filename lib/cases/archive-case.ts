import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { getCaseById, resolveCaseId } from "./queries";
import type { TestCase } from "./schemas";
import { applyCaseChanges, lockCase } from "./update-case";

/** A case is never hard-deleted: runs reference it. Archiving hides it from the library and is reversible. */
export async function archiveCase({ ctx, caseRef }: { ctx: ProjectCtx; caseRef: string }): Promise<TestCase> {
  authorize(ctx, "case:write");
  const caseId = await resolveCaseId(ctx, caseRef);
  return ctx.db.transaction(async (tx) => {
    const before = await lockCase(tx, ctx, caseId);
    const changes = await applyCaseChanges(tx, ctx, before, {}, true);
    if (Object.keys(changes.after).length) {
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "case.archive", entityType: "test_case", entityId: caseId, ...changes });
    }
    return getCaseById(tx, ctx, caseId);
  });
}
