import { testCases } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { setCaseRequirements } from "@/lib/requirements/case-links";
import { resolveRequirementKeys } from "@/lib/requirements/queries";
import { assertSuiteInProject } from "@/lib/suites/queries";
import { snapshotVersion, takeCaseNumbers } from "./numbers";
import { caseKey, getCaseById } from "./queries";
import { CreateCaseInput, type TestCase } from "./schemas";

export async function createCase({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<TestCase> {
  authorize(ctx, "case:write");
  const { requirementKeys, ...data } = parse(CreateCaseInput, input);
  return ctx.db.transaction(async (tx) => {
    if (data.suiteId) await assertSuiteInProject(tx, ctx.project.id, data.suiteId, "suiteId");
    const requirementIds = await resolveRequirementKeys(tx, ctx, requirementKeys, "requirementKeys");
    const seq = await takeCaseNumbers(tx, ctx.project.id, 1);
    const [row] = await tx
      .insert(testCases)
      .values({ projectId: ctx.project.id, seq, ...data, createdById: ctx.actor.userId })
      .returning({ id: testCases.id });
    await snapshotVersion(tx, row.id, ctx.actor.userId);
    await setCaseRequirements(tx, ctx, row.id, requirementIds);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "case.create",
      entityType: "test_case",
      entityId: row.id,
      after: { key: caseKey(ctx.project.key, seq), ...data, ...(requirementKeys.length ? { requirementKeys } : {}) },
    });
    return getCaseById(tx, ctx, row.id);
  });
}
