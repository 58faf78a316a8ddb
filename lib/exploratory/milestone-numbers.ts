import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";
import type { ExploratoryNumbers } from "./schemas";

/**
 * Exploratory sessions of a set of milestones (the summary passes a milestone with its phases),
 * optionally of one environment: sessions PLANNED, IN_PROGRESS and COMPLETED (done), and the
 * notes of the sessions that were not ABORTED, by kind. Two aggregate queries, scoped by project.
 */
export async function exploratoryNumbers(ctx: ProjectCtx, milestoneIds: readonly string[], environmentId?: string): Promise<ExploratoryNumbers> {
  const out: ExploratoryNumbers = { planned: 0, inProgress: 0, done: 0, findings: { bug: 0, question: 0, idea: 0, note: 0 } };
  if (!milestoneIds.length) return out;
  const sessions = sql`
    select id, status from test_runs
    where project_id = ${ctx.project.id} and kind = 'EXPLORATORY' and milestone_id = ${anyOf(milestoneIds)}
      ${environmentId ? sql`and environment_id = ${environmentId}` : sql``}`;
  const [byStatus, byKind] = await Promise.all([
    ctx.db.execute(sql`select s.status, count(*)::int as n from (${sessions}) s group by s.status`),
    ctx.db.execute(sql`
      select n.kind, count(*)::int as n
      from (${sessions}) s join exploratory_notes n on n.run_id = s.id and n.project_id = ${ctx.project.id}
      where s.status <> 'ABORTED'
      group by n.kind`),
  ]);
  for (const r of rowsOf<{ status: string; n: number }>(byStatus)) {
    if (r.status === "PLANNED") out.planned = Number(r.n);
    else if (r.status === "IN_PROGRESS") out.inProgress = Number(r.n);
    else if (r.status === "COMPLETED") out.done = Number(r.n);
  }
  for (const r of rowsOf<{ kind: string; n: number }>(byKind)) {
    const key = r.kind.toLowerCase() as keyof ExploratoryNumbers["findings"];
    if (key in out.findings) out.findings[key] = Number(r.n);
  }
  return out;
}
