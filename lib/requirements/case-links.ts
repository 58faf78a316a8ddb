import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";
import { caseRequirementKeys } from "./queries";

/**
 * Makes a case's requirement links exactly `requirementIds` (ids of this project's
 * requirements). Returns the keys before and after, equal when nothing changed.
 */
export async function setCaseRequirements(tx: Tx, ctx: ProjectCtx, caseId: string, requirementIds: string[]): Promise<{ before: string[]; after: string[] }> {
  const before = await caseRequirementKeys(tx, caseId);
  await tx.execute(sql`
    delete from case_requirements
    where project_id = ${ctx.project.id} and case_id = ${caseId}
      ${requirementIds.length ? sql`and not (requirement_id = ${anyOf(requirementIds)})` : sql``}`);
  await addCaseRequirements(tx, ctx, requirementIds.map((requirementId) => ({ caseId, requirementId })));
  return { before, after: await caseRequirementKeys(tx, caseId) };
}

/** Adds links (case, requirement) of this project, keeping existing ones; returns the cases that gained a link. */
export async function addCaseRequirements(tx: Pick<Tx, "execute">, ctx: ProjectCtx, links: { caseId: string; requirementId: string }[]): Promise<Set<string>> {
  if (!links.length) return new Set();
  const rows = rowsOf<{ case_id: string }>(
    await tx.execute(sql`
      insert into case_requirements (project_id, case_id, requirement_id)
      select ${ctx.project.id}, l->>'c', l->>'r' from jsonb_array_elements(${JSON.stringify(links.map((l) => ({ c: l.caseId, r: l.requirementId })))}::jsonb) l
      on conflict do nothing
      returning case_id`),
  );
  return new Set(rows.map((r) => r.case_id));
}
