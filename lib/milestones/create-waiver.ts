import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, ValidationError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { CreateWaiverInput, type Waiver } from "./summary-schemas";
import { activeWaiverSql, assertMilestone, getWaiver } from "./waivers";

/** Accepts a failure of a case (in one environment, or all) for a milestone: it stops counting as open. */
export async function createWaiver({ ctx, milestoneId, input }: { ctx: ProjectCtx; milestoneId: string; input: unknown }): Promise<Waiver> {
  authorize(ctx, "milestone:waive");
  const data = parse(CreateWaiverInput, input);
  return ctx.db.transaction(async (tx) => {
    await assertMilestone(tx, ctx, milestoneId);
    const key = /^[A-Za-z0-9]{2,10}-(\d+)$/.exec(data.caseId);
    const [testCase] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select id from test_cases where project_id = ${ctx.project.id}
          and ${key && data.caseId.toUpperCase().startsWith(`${ctx.project.key}-`) ? sql`seq = ${Number(key[1])}` : sql`id = ${data.caseId}`}`),
    );
    if (!testCase) throw ValidationError.field("caseId", "No test case with this id or key in this project");
    if (data.expiresAt && Date.parse(data.expiresAt) <= Date.now()) throw ValidationError.field("expiresAt", "The expiry must be in the future");
    if (data.environmentId) {
      const [env] = rowsOf(await tx.execute(sql`select 1 from environments where project_id = ${ctx.project.id} and id = ${data.environmentId}`));
      if (!env) throw ValidationError.field("environmentId", "No environment with this id in this project");
    }
    // One active waiver per case and environment; concurrent requests queue on the milestone row.
    await tx.execute(sql`select id from milestones where id = ${milestoneId} for update`);
    const [dup] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select id from waivers
        where milestone_id = ${milestoneId} and case_id = ${testCase.id} and environment_id is not distinct from ${data.environmentId}
          and ${activeWaiverSql("waivers", new Date())}`),
    );
    if (dup) throw new ConflictError(`This failure is already waived (waiver ${dup.id}); revoke it first to change the reason.`);
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into waivers (project_id, milestone_id, case_id, environment_id, reason, created_by_id, expires_at)
        values (${ctx.project.id}, ${milestoneId}, ${testCase.id}, ${data.environmentId}, ${data.reason}, ${ctx.actor.userId},
                ${data.expiresAt}::timestamptz)
        returning id`),
    );
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "waiver.create",
      entityType: "waiver",
      entityId: row.id,
      after: { milestoneId, caseId: testCase.id, environmentId: data.environmentId, reason: data.reason, expiresAt: data.expiresAt },
    });
    return getWaiver(tx, ctx, milestoneId, row.id);
  });
}
