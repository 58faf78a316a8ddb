import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import { resolveCaseId } from "@/lib/cases/queries";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { activeQuarantineSql } from "./queries";

/**
 * Lifts a case's active quarantine (TESTER): its failures block again at once. The row stays as
 * history with `lifted_at`. 404 when the case has no active quarantine.
 */
export async function liftQuarantine({ ctx, caseRef, now = new Date() }: { ctx: ProjectCtx; caseRef: string; now?: Date }): Promise<void> {
  authorize(ctx, "quarantine:write");
  await ctx.db.transaction(async (tx) => {
    const caseId = await resolveCaseId(ctx, caseRef, tx);
    const [q] = rowsOf<{ id: string; reason: string; owner_id: string | null; expires_at: string }>(
      await tx.execute(sql`
        select id, reason, owner_id, to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as expires_at
        from quarantines q
        where q.project_id = ${ctx.project.id} and q.case_id = ${caseId} and ${activeQuarantineSql("q", now)}
        for update`),
    );
    if (!q) throw new NotFoundError("Quarantine");
    await tx.execute(sql`update quarantines set lifted_at = ${now.toISOString()}::timestamptz, lifted_by_id = ${ctx.actor.userId} where id = ${q.id}`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "quarantine.lift",
      entityType: "quarantine",
      entityId: q.id,
      before: { caseId, reason: q.reason, ownerId: q.owner_id, expiresAt: q.expires_at },
    });
  });
}
