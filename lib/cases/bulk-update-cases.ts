import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";
import { assertSuiteInProject } from "@/lib/suites/queries";
import { resolveCaseRefs } from "./queries";
import { BulkCaseInput, type BulkOutcome } from "./schemas";

const textArray = (values: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/**
 * Move, retag, archive or restore many cases in one set-based statement. All or nothing: one
 * unknown or foreign case refuses the whole request (400 naming it) and changes nothing.
 * None of these change a case's content, so no version is made.
 */
export async function bulkUpdateCases({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<BulkOutcome> {
  authorize(ctx, "case:write");
  const data = parse(BulkCaseInput, input);
  return ctx.db.transaction(async (tx) => {
    const ids = await resolveCaseRefs(tx, ctx, data.caseIds);
    let set;
    let changedWhen;
    switch (data.action) {
      case "move":
        if (data.suiteId) await assertSuiteInProject(tx, ctx.project.id, data.suiteId, "suiteId");
        set = sql`suite_id = ${data.suiteId}`;
        changedWhen = sql`suite_id is distinct from ${data.suiteId}`;
        break;
      case "retag": {
        // Keeps each case's tag order, appends new tags, drops removed ones.
        const next = sql`array(
          select t from unnest(tags || ${textArray(data.addTags)}) with ordinality u(t, i)
          where t <> all(${textArray(data.removeTags)}) group by t order by min(i))`;
        set = sql`tags = ${next}`;
        changedWhen = sql`tags is distinct from ${next}`;
        break;
      }
      case "archive":
        set = sql`archived_at = now()`;
        changedWhen = sql`archived_at is null`;
        break;
      case "restore":
        set = sql`archived_at = null`;
        changedWhen = sql`archived_at is not null`;
        break;
    }
    const changed = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update test_cases set ${set}, updated_at = now()
        where project_id = ${ctx.project.id} and id = ${anyOf(ids)} and ${changedWhen}
        returning id`),
    );
    const { caseIds: _refs, ...rest } = data;
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: `case.bulk-${data.action}`,
      entityType: "test_case",
      entityId: null,
      after: { ...rest, caseIds: changed.map((r) => r.id).sort() },
    });
    return { action: data.action, caseIds: ids, changed: changed.length };
  });
}
