import { and, eq, sql } from "drizzle-orm";
import { suites } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { duplicateSuiteName } from "./errors";
import { assertSuiteInProject, getSuite, subtreeIds } from "./queries";
import { UpdateSuiteInput, type Suite } from "./schemas";

/** Rename, describe, move under another parent (never into its own subtree) or reorder. */
export async function updateSuite({ ctx, suiteId, input }: { ctx: ProjectCtx; suiteId: string; input: unknown }): Promise<Suite> {
  authorize(ctx, "suite:write");
  const data = parse(UpdateSuiteInput, input);
  try {
    await ctx.db.transaction(async (tx) => {
      const where = and(eq(suites.projectId, ctx.project.id), eq(suites.id, suiteId));
      const [before] = await tx.select().from(suites).where(where).for("update");
      if (!before) throw new NotFoundError("Suite");
      if (data.parentId) {
        await assertSuiteInProject(tx, ctx.project.id, data.parentId, "parentId");
        if ((await subtreeIds(tx, ctx.project.id, suiteId)).includes(data.parentId)) {
          throw ValidationError.field("parentId", "A suite cannot move into itself or one of its descendants");
        }
      }
      const changes = changedFields(before, data);
      if (!Object.keys(changes.after).length) return;
      await tx
        .update(suites)
        .set({ ...data, updatedAt: sql`now()` })
        .where(where);
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "suite.update", entityType: "suite", entityId: suiteId, ...changes });
    });
  } catch (err) {
    throw duplicateSuiteName(err, data.name);
  }
  return getSuite(ctx, suiteId);
}
