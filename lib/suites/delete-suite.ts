import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { anyOf, rowsOf } from "@/lib/sql";
import { subtreeIds } from "./queries";
import type { DeletedSuite } from "./schemas";

/**
 * Deletes a suite and its descendants. Their cases are archived and detached first, never lost:
 * runs still reference them, and they can be restored and moved elsewhere.
 */
export async function deleteSuite({ ctx, suiteId }: { ctx: ProjectCtx; suiteId: string }): Promise<DeletedSuite> {
  authorize(ctx, "suite:delete");
  return ctx.db.transaction(async (tx) => {
    const locked = rowsOf<{ name: string }>(
      await tx.execute(sql`select name from suites where project_id = ${ctx.project.id} and id = ${suiteId} for update`),
    );
    if (!locked.length) throw new NotFoundError("Suite");
    const ids = await subtreeIds(tx, ctx.project.id, suiteId);
    const cases = rowsOf<{ id: string; was_archived: boolean }>(
      await tx.execute(sql`
        update test_cases c set archived_at = coalesce(c.archived_at, now()), suite_id = null, updated_at = now()
        from (select id, archived_at is not null as was_archived from test_cases
              where project_id = ${ctx.project.id} and suite_id = ${anyOf(ids)} for update) old
        where c.id = old.id
        returning c.id, old.was_archived`),
    );
    await tx.execute(sql`delete from suites where project_id = ${ctx.project.id} and id = ${suiteId}`);
    const outcome = { deletedSuites: ids.length, archivedCases: cases.filter((c) => !c.was_archived).length, detachedCases: cases.length };
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "suite.delete",
      entityType: "suite",
      entityId: suiteId,
      before: { name: locked[0].name },
      after: { ...outcome, archivedCaseIds: cases.filter((c) => !c.was_archived).map((c) => c.id) },
    });
    return outcome;
  });
}
