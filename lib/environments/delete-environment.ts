import { and, count, eq } from "drizzle-orm";
import { environments, testRuns } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";

/** Refused while runs use the environment: their results would lose their meaning. */
export async function deleteEnvironment({ ctx, environmentId }: { ctx: ProjectCtx; environmentId: string }): Promise<void> {
  authorize(ctx, "environment:write");
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(environments.projectId, ctx.project.id), eq(environments.id, environmentId));
    const [env] = await tx.select().from(environments).where(where).for("update");
    if (!env) throw new NotFoundError("Environment");
    const [{ runs }] = await tx
      .select({ runs: count() })
      .from(testRuns)
      .where(and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.environmentId, environmentId)));
    if (runs > 0) {
      throw new ConflictError(`Environment "${env.name}" is used by ${runs} test run${runs === 1 ? "" : "s"} and cannot be deleted.`);
    }
    await tx.delete(environments).where(where);
    await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "environment.delete", entityType: "environment", entityId: env.id, before: { name: env.name } });
  });
}
