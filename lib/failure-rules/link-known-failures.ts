import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ResultError } from "@/db/schema";
import { compileRules, firstMatch } from "./patterns";
import { activeRules } from "./queries";

export type FailingAttempt = { resultId: string; entryId: string; caseId: string; status: string; error: ResultError | null | undefined };

/**
 * Known-failure rules at ingestion and for manual results, inside the writer's transaction: each
 * FAILED or BLOCKED attempt whose error matches an active rule (the oldest matching rule wins)
 * records the rule and gets the rule's defect link, so its failure counts as tracked. The
 * project's rules are read and compiled once per call (a batch), and only when the batch has a
 * failing attempt with an error. Returns how many attempts matched.
 */
export async function linkKnownFailures(tx: Tx, projectId: string, userId: string | null, attempts: FailingAttempt[], now = new Date()): Promise<number> {
  const failing = attempts.filter((a) => (a.status === "FAILED" || a.status === "BLOCKED") && (a.error?.message || a.error?.stack));
  if (!failing.length) return 0;
  const rules = compileRules(await activeRules(tx, projectId, now));
  if (!rules.length) return 0;
  const matched = failing.flatMap((a) => {
    const ruleId = firstMatch(rules, a.error);
    return ruleId ? [{ result_id: a.resultId, entry_id: a.entryId, case_id: a.caseId, rule_id: ruleId }] : [];
  });
  if (!matched.length) return 0;
  const rows = sql`jsonb_to_recordset(${JSON.stringify(matched)}::jsonb) as x(result_id text, entry_id text, case_id text, rule_id text)`;
  await tx.execute(sql`update results r set rule_id = x.rule_id from ${rows} where r.id = x.result_id`);
  await tx.execute(sql`
    insert into defect_links (project_id, case_id, entry_id, result_id, tracker, key, url, rule_id, created_by_id)
    select ${projectId}, x.case_id, x.entry_id, x.result_id, fr.defect_tracker, fr.defect_key, fr.defect_url, fr.id, ${userId}
    from ${rows} join failure_rules fr on fr.id = x.rule_id
    order by x.case_id, x.result_id
    on conflict (case_id, tracker, key) do nothing`);
  return matched.length;
}
