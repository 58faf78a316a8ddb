import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { patternError } from "./patterns";
import { getFailureRule } from "./queries";
import { CreateFailureRuleInput, type FailureRule } from "./schemas";

/**
 * Creates a known-failure rule (ADMIN). The pattern must compile in RE2 (400 naming `pattern`
 * otherwise); from now on failing results whose error matches get the rule's defect link, at
 * ingestion and when a tester records them. Results stored before are left as they are.
 */
export async function createFailureRule({ ctx, input, now = new Date() }: { ctx: ProjectCtx; input: unknown; now?: Date }): Promise<FailureRule> {
  authorize(ctx, "failure-rule:write");
  const data = parse(CreateFailureRuleInput, input);
  const invalid = patternError(data.pattern);
  if (invalid) throw ValidationError.field("pattern", invalid);
  if (data.expiresAt && Date.parse(data.expiresAt) <= now.getTime()) throw ValidationError.field("expiresAt", "The expiry must be in the future");
  return ctx.db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into failure_rules (project_id, name, pattern, field, defect_tracker, defect_key, defect_url, expires_at, created_by_id)
        values (${ctx.project.id}, ${data.name}, ${data.pattern}, ${data.field}, ${data.defect.tracker}, ${data.defect.key},
                ${data.defect.url ?? null}, ${data.expiresAt}::timestamptz, ${ctx.actor.userId})
        returning id`),
    );
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "failure_rule.create",
      entityType: "failure_rule",
      entityId: row.id,
      after: { name: data.name, pattern: data.pattern, field: data.field, defect: data.defect, expiresAt: data.expiresAt },
    });
    return getFailureRule(tx, ctx, row.id);
  });
}
