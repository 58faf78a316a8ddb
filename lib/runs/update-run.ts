import { and, eq, sql } from "drizzle-orm";
import { testRuns } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
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
