import { sql } from "drizzle-orm";
import { testCases } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { snapshotVersion, takeCaseNumbers } from "./numbers";
import { caseKey, getCaseById, resolveCaseId } from "./queries";
import type { TestCase } from "./schemas";
import { lockCase } from "./update-case";

const COPY = " (copy)";

/**
 * A new case (next key, version 1) with the source's content and suite. The copy is not linked
 * to the source's automated test, so an AUTOMATED source gives a TO_BE_AUTOMATED copy.
 */
export async function duplicateCase({ ctx, caseRef }: { ctx: ProjectCtx; caseRef: string }): Promise<TestCase> {
  authorize(ctx, "case:write");
  const sourceId = await resolveCaseId(ctx, caseRef);
  return ctx.db.transaction(async (tx) => {
    const src = await lockCase(tx, ctx, sourceId);
    const seq = await takeCaseNumbers(tx, ctx.project.id, 1);
    const [row] = await tx
      .insert(testCases)
      .values({
        projectId: ctx.project.id,
        suiteId: src.suiteId,
        seq,
        title: src.title.slice(0, 500 - COPY.length) + COPY,
        preconditions: src.preconditions,
        steps: src.steps,
        priority: src.priority,
        type: src.type,
        tags: src.tags,
        automationStatus: src.automationStatus === "AUTOMATED" ? "TO_BE_AUTOMATED" : src.automationStatus,
        position: src.position,
        createdById: ctx.actor.userId,
      })
      .returning({ id: testCases.id });
    await snapshotVersion(tx, row.id, ctx.actor.userId);
    // The copy verifies the same requirements.
    await tx.execute(sql`
      insert into case_requirements (project_id, case_id, requirement_id)
      select project_id, ${row.id}, requirement_id from case_requirements where case_id = ${src.id}`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "case.duplicate",
      entityType: "test_case",
      entityId: row.id,
      after: { key: caseKey(ctx.project.key, seq), source: caseKey(ctx.project.key, src.seq) },
    });
    return getCaseById(tx, ctx, row.id);
  });
}
