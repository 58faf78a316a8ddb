import { sql } from "drizzle-orm";
import { testRuns } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { insertEntries } from "@/lib/entries/plan-entries";
import { rowsOf } from "@/lib/sql";
import { getRun } from "./queries";
import { RerunInput, type TestRun } from "./schemas";

/**
 * A new PLANNED run in the source run's milestone and environment holding the cases whose entries
 * ended FAILED or BLOCKED (at their current version, keeping assignees who may still execute). It links back to the
 * source run (`sourceRunId`, also named in its description).
 */
export async function rerunFailures({ ctx, runId, input }: { ctx: ProjectCtx; runId: string; input: unknown }): Promise<TestRun> {
  authorize(ctx, "run:write");
  const data = parse(RerunInput, input);
  return ctx.db.transaction(async (tx) => {
    const source = await getRun(ctx, runId, tx).catch(() => {
      throw new NotFoundError("Test run");
    });
    const failures = rowsOf<{ case_id: string; assignee_id: string | null }>(
      await tx.execute(sql`
        select e.case_id,
               case when exists (select 1 from project_members pm where pm.project_id = e.project_id
                                 and pm.user_id = e.assignee_id and pm.role in ('TESTER', 'ADMIN'))
                    then e.assignee_id end as assignee_id
        from run_entries e join test_cases c on c.id = e.case_id
        where e.run_id = ${runId} and e.status in ('FAILED', 'BLOCKED') and c.archived_at is null`),
    );
    if (!failures.length) throw new ConflictError("This run has no FAILED or BLOCKED entries to re-run.");
    const [row] = await tx
      .insert(testRuns)
      .values({
        projectId: ctx.project.id,
        name: data.name ?? `${source.name} (re-run)`.slice(0, 200),
        description: `Re-run of the failed and blocked entries of run "${source.name}" (${source.id}).`,
        milestoneId: source.milestone.id,
        environmentId: source.environment.id,
        sourceRunId: runId,
        // The re-run tests the same build unless it is changed on the new run.
        build: source.build,
        kind: "MANUAL",
        status: "PLANNED",
        lastActivityAt: sql`now()`,
        createdById: ctx.actor.userId,
      })
      .returning({ id: testRuns.id });
    const entries = await insertEntries(
      tx,
      ctx.project.id,
      row.id,
      failures.map((f) => f.case_id),
      new Map(failures.map((f) => [f.case_id, f.assignee_id])),
    );
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "run.rerun",
      entityType: "test_run",
      entityId: row.id,
      after: { sourceRunId: runId, entries },
    });
    return getRun(ctx, row.id, tx);
  });
}
