import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { environments, milestones, testRuns } from "@/db/schema";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { runFindings, toTestRun } from "@/lib/runs/queries";
import type { TestRun } from "@/lib/runs/schemas";
import { subtreeIds } from "./summary";

/**
 * The runs a milestone's summary counts: its own and those of every milestone below it (phases
 * roll up into their release), newest first, optionally in one environment. `limit` caps the list;
 * the summary's numbers never depend on it.
 */
export async function milestoneRuns(
  ctx: ProjectCtx,
  milestoneId: string,
  opts: { environmentId?: string; limit?: number } = {},
): Promise<{ runs: TestRun[]; total: number }> {
  authorize(ctx, "project:read");
  const scope = await subtreeIds(ctx, milestoneId);
  if (!scope.length) throw new NotFoundError("Milestone");
  const conditions: SQL[] = [eq(testRuns.projectId, ctx.project.id), inArray(testRuns.milestoneId, scope)];
  if (opts.environmentId) conditions.push(eq(testRuns.environmentId, opts.environmentId));
  const limit = opts.limit ?? 200;
  const rows = await ctx.db
    .select({
      run: testRuns,
      milestoneName: milestones.name,
      environmentName: environments.name,
      findings: runFindings,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(testRuns)
    .innerJoin(milestones, eq(milestones.id, testRuns.milestoneId))
    .innerJoin(environments, eq(environments.id, testRuns.environmentId))
    .where(and(...conditions))
    .orderBy(desc(testRuns.createdAt), asc(testRuns.id))
    .limit(limit);
  return { runs: rows.map(toTestRun), total: Number(rows[0]?.total ?? 0) };
}
