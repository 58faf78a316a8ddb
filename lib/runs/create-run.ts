import { and, eq, sql } from "drizzle-orm";
import { testRuns } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { insertEntries, selectCases } from "@/lib/entries/plan-entries";
import { getRun } from "./queries";
import { referenceViolation, resolveRunReferences } from "./references";
import { CreateRunInput, type TestRun } from "./schemas";
import { initialStamps } from "./transitions";

/**
 * Creates a run. With a `ciBuildId` already known in the project, the existing run is returned
 * (`created: false`) so every shard and every retry of one CI build lands in one run.
 */
export async function createRun({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<{ run: TestRun; created: boolean }> {
  authorize(ctx, "run:write");
  const data = parse(CreateRunInput, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const refs = await resolveRunReferences(tx, ctx, data);
      const { milestone: _m, environment: _e, shard, caseIds, suiteIds, filter, ...fields } = data;
      const [row] = await tx
        .insert(testRuns)
        .values({
          projectId: ctx.project.id,
          ...fields,
          ...refs,
          shardTotal: shard?.total ?? null,
          ...(data.kind === "EXPLORATORY" ? { charter: data.charter ?? "", timeBoxMinutes: data.timeBoxMinutes ?? 60 } : {}),
          ...initialStamps(data.status),
          lastActivityAt: sql`now()`,
          createdById: ctx.actor.userId,
        })
        .onConflictDoNothing({
          target: [testRuns.projectId, testRuns.ciBuildId],
          where: sql`${testRuns.ciBuildId} IS NOT NULL`,
        })
        .returning({ id: testRuns.id });
      if (!row) {
        const [existing] = await tx
          .select({ id: testRuns.id })
          .from(testRuns)
          .where(and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.ciBuildId, data.ciBuildId!)));
        if (shard) {
          await tx
            .update(testRuns)
            .set({ shardTotal: sql`coalesce(${testRuns.shardTotal}, ${shard.total})`, lastActivityAt: sql`now()` })
            .where(eq(testRuns.id, existing.id));
        }
        return { run: await getRun(ctx, existing.id, tx), created: false };
      }
      const planning = Boolean(caseIds || suiteIds || filter);
      const entries = planning ? await insertEntries(tx, ctx.project.id, row.id, await selectCases(tx, ctx, { caseIds, suiteIds, filter })) : 0;
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "run.create",
        entityType: "test_run",
        entityId: row.id,
        after: planning ? { ...data, entries } : data,
      });
      return { run: await getRun(ctx, row.id, tx), created: true };
    });
  } catch (err) {
    throw referenceViolation(err);
  }
}
