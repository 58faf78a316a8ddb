import { and, eq, sql } from "drizzle-orm";
import { testRuns } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { getRun } from "./queries";
import { CompleteRunInput, type TestRun } from "./schemas";
import { updateRun } from "./update-run";

/**
 * Completes a run; repeating it is harmless, so a retried CI call is safe. With `shard`, only
 * that shard is marked done, and the run completes itself once every shard has reported.
 */
export async function completeRun({ ctx, runId, input = {} }: { ctx: ProjectCtx; runId: string; input?: unknown }): Promise<TestRun> {
  authorize(ctx, "run:write");
  const { shard } = parse(CompleteRunInput, input);
  if (!shard) return updateRun({ ctx, runId, input: { status: "COMPLETED" } });
  return ctx.db.transaction(async (tx) => {
    const where = and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.id, runId));
    const [run] = await tx.select().from(testRuns).where(where).for("update");
    if (!run) throw new NotFoundError("Test run");
    if (run.status === "ABORTED") throw new ConflictError("This run was ABORTED; its shards cannot complete it.");
    const total = run.shardTotal ?? shard.total;
    const done = [...new Set([...run.shardsDone, shard.current])].sort((a, b) => a - b);
    const allDone = done.length >= total && Array.from({ length: total }, (_, i) => i + 1).every((n) => done.includes(n));
    const finishing = allDone && run.status !== "COMPLETED";
    await tx
      .update(testRuns)
      .set({
        shardTotal: total,
        shardsDone: done,
        lastActivityAt: sql`now()`,
        updatedAt: sql`now()`,
        ...(finishing
          ? { status: "COMPLETED", completionReason: "SHARDS", completedAt: sql`now()`, startedAt: sql`coalesce(${testRuns.startedAt}, now())` }
          : {}),
      })
      .where(where);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: finishing ? "run.complete" : "run.shard_complete",
      entityType: "test_run",
      entityId: runId,
      after: { shard: shard.current, of: total, completed: done },
    });
    return getRun(ctx, runId, tx);
  });
}
