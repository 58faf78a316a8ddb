import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";

/**
 * Removes a rule (ADMIN): it links nothing from now on. The defect links it made stay (the
 * failures are still tracked by that defect); they and the attempts it matched forget the rule.
 */
export async function deleteFailureRule({ ctx, ruleId }: { ctx: ProjectCtx; ruleId: string }): Promise<void> {
  authorize(ctx, "failure-rule:write");
  await ctx.db.transaction(async (tx) => {
    const [rule] = rowsOf<{ id: string; name: string; pattern: string; field: string; defect_key: string }>(
      await tx.execute(sql`
        delete from failure_rules where project_id = ${ctx.project.id} and id = ${ruleId}
        returning id, name, pattern, field, defect_key`),
    );
    if (!rule) throw new NotFoundError("Failure rule");
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "failure_rule.delete",
      entityType: "failure_rule",
      entityId: rule.id,
      before: { name: rule.name, pattern: rule.pattern, field: rule.field, defectKey: rule.defect_key },
    });
  });
}
