import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { rowsOf } from "@/lib/sql";
import { listSignoffs, milestoneGate } from "./summary";
import { CreateSignoffInput, type SignoffView } from "./summary-schemas";

/** A member (VIEWER included) records that they have seen the summary, with the verdict they saw. */
export async function signOffMilestone({ ctx, milestoneId, input }: { ctx: ProjectCtx; milestoneId: string; input: unknown }): Promise<SignoffView> {
  authorize(ctx, "milestone:signoff");
  const data = parse(CreateSignoffInput, input);
  const { verdict } = await milestoneGate(ctx, milestoneId);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into milestone_signoffs (milestone_id, user_id, decision, comment, verdict_at_signoff)
        values (${milestoneId}, ${ctx.actor.userId}, ${data.decision}, ${data.comment}, ${verdict})
        returning id`),
    );
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "milestone.signoff",
      entityType: "milestone",
      entityId: milestoneId,
      after: { signoffId: row.id, decision: data.decision, comment: data.comment, verdict },
    });
    return row.id;
  });
  return (await listSignoffs(ctx, milestoneId)).find((s) => s.id === id)!;
}
