import { sql } from "drizzle-orm";
import type { CompletionOverride } from "@/db/schema/milestones";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError, type ErrorDetail } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { resolvedDefectsChecklist } from "@/lib/defects/checklist";
import { getMilestone } from "./queries";
import { listSignoffs, milestoneSummary } from "./summary";
import { CompleteMilestoneInput } from "./summary-schemas";
import type { Milestone } from "./schemas";

/**
 * The article's checklist before a release closes: every planned run completed, critical and
 * high failures resolved or waived, open failures tracked by a defect, the pass rate met (the
 * verdict's reasons), and the summary seen by a stakeholder (a sign-off newer than the last
 * change). Unmet items refuse with 409 listing them, unless an ADMIN overrides with a reason;
 * the override is stored on the milestone and shown with it from then on.
 */
export async function checklist(ctx: ProjectCtx, milestoneId: string): Promise<ErrorDetail[]> {
  const [summary, signoffs] = await Promise.all([milestoneSummary(ctx, milestoneId, { includeChildren: false }), listSignoffs(ctx, milestoneId)]);
  const unmet: ErrorDetail[] = summary.reasons.map((r) => ({ field: r.code, message: r.message }));
  unmet.push(...(await resolvedDefectsChecklist(ctx, summary.openFailures)));
  if (!signoffs.some((s) => !s.stale && s.decision === "APPROVED")) {
    unmet.push({
      field: "NOT_SIGNED_OFF",
      message: signoffs.length
        ? "Every sign-off is older than the latest change, or rejected; a stakeholder must sign off the current summary."
        : "Nobody has signed off the summary yet.",
    });
  }
  return unmet;
}

export async function completeMilestone({ ctx, milestoneId, input = {} }: { ctx: ProjectCtx; milestoneId: string; input?: unknown }): Promise<Milestone> {
  authorize(ctx, "milestone:complete");
  const { override } = parse(CompleteMilestoneInput, input);
  if (override) authorize(ctx, "milestone:override");
  const unmet = await checklist(ctx, milestoneId);
  await ctx.db.transaction(async (tx) => {
    const [m] = rowsOf<{ status: string; name: string }>(
      await tx.execute(sql`select status, name from milestones where project_id = ${ctx.project.id} and id = ${milestoneId} for update`),
    );
    if (!m) throw new NotFoundError("Milestone");
    if (m.status !== "ACTIVE") throw new ConflictError(`Milestone "${m.name}" is ${m.status}; only an ACTIVE milestone can be completed.`);
    if (unmet.length && !override) {
      throw new ConflictError(
        `Milestone "${m.name}" is not ready to complete: ${unmet.length} checklist item${unmet.length === 1 ? " is" : "s are"} unmet. An ADMIN may complete it anyway with {"override": {"reason": "..."}}.`,
        unmet,
      );
    }
    const overrides: CompletionOverride[] = unmet.map((u) => ({ code: u.field, reason: override!.reason }));
    await tx.execute(sql`
      update milestones set status = 'COMPLETED', completed_at = now(), completed_by_id = ${ctx.actor.userId},
        completion_overrides = ${overrides.length ? JSON.stringify(overrides) : null}::jsonb, updated_at = now()
      where id = ${milestoneId}`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: overrides.length ? "milestone.complete_override" : "milestone.complete",
      entityType: "milestone",
      entityId: milestoneId,
      before: { status: m.status },
      after: { status: "COMPLETED", ...(overrides.length ? { overridden: unmet, reason: override!.reason } : {}) },
    });
  });
  return getMilestone(ctx, milestoneId);
}
