import { and, eq, sql } from "drizzle-orm";
import { testRuns } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getRun } from "./queries";
import { assertRunReferences, referenceViolation } from "./references";
import { UpdateRunInput, type TestRun } from "./schemas";
import { assertTransition, stampsFor } from "./transitions";

export async function updateRun({ ctx, runId, input }: { ctx: ProjectCtx; runId: string; input: unknown }): Promise<TestRun> {
  authorize(ctx, "run:write");
  const data = parse(UpdateRunInput, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const where = and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.id, runId));
      const [before] = await tx.select().from(testRuns).where(where).for("update");
      if (!before) throw new NotFoundError("Test run");
      await assertRunReferences(tx, ctx.project.id, data);
      assertSessionFields(before, data);
      const statusChanges = data.status && data.status !== before.status;
      if (data.status) assertTransition(before.status, data.status);
      await tx
        .update(testRuns)
        .set({
          ...data,
          ...(statusChanges ? stampsFor(data.status!) : {}),
          ...(statusChanges && data.status === "COMPLETED" ? { completionReason: "MANUAL" } : {}),
          updatedAt: sql`now()`,
        })
        .where(where);
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "run.update",
        entityType: "test_run",
        entityId: runId,
        ...changedFields(before, data),
      });
      return getRun(ctx, runId, tx);
    });
  } catch (err) {
    throw referenceViolation(err);
  }
}

const SESSION_FIELDS = ["charter", "timeBoxMinutes", "verdict", "verdictSummary"] as const;

/**
 * Charter, time box and verdict belong to exploratory sessions, and a session completes with a
 * verdict: completing one without it (here or through POST .../complete) is a 400 on `verdict`.
 */
function assertSessionFields(before: typeof testRuns.$inferSelect, data: ReturnType<typeof UpdateRunInput.parse>): void {
  if (before.kind !== "EXPLORATORY") {
    const given = SESSION_FIELDS.find((f) => data[f] !== undefined);
    if (given) throw ValidationError.field(given, "Only exploratory sessions (kind EXPLORATORY) have this");
    return;
  }
  const status = data.status ?? before.status;
  if (data.verdict && status !== "COMPLETED") {
    throw ValidationError.field("verdict", 'The verdict is given when the session completes: send it with "status": "COMPLETED"');
  }
  if (status === "COMPLETED" && !(data.verdict ?? before.verdict)) {
    throw ValidationError.field("verdict", 'An exploratory session completes with a verdict: PATCH it with {"status": "COMPLETED", "verdict": "PASSED" | "PASSED_WITH_ISSUES" | "FAILED" | "BLOCKED"}');
  }
}
