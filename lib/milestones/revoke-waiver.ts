import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";

/** Revokes a waiver: the failure counts as open again. The waiver stays listed, with its revocation time. */
export async function revokeWaiver({ ctx, milestoneId, waiverId }: { ctx: ProjectCtx; milestoneId: string; waiverId: string }): Promise<void> {
  authorize(ctx, "milestone:waive");
  await ctx.db.transaction(async (tx) => {
    const [w] = rowsOf<{ id: string; revoked: boolean; case_id: string; environment_id: string | null; reason: string }>(
      await tx.execute(sql`
        select id, revoked_at is not null as revoked, case_id, environment_id, reason from waivers
        where project_id = ${ctx.project.id} and milestone_id = ${milestoneId} and id = ${waiverId}
        for update`),
    );
    if (!w) throw new NotFoundError("Waiver");
    if (w.revoked) return;
    await tx.execute(sql`update waivers set revoked_at = now() where id = ${waiverId}`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "waiver.revoke",
      entityType: "waiver",
      entityId: waiverId,
      before: { milestoneId, caseId: w.case_id, environmentId: w.environment_id, reason: w.reason },
    });
  });
}
