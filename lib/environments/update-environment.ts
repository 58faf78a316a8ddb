import { and, eq, sql } from "drizzle-orm";
import { environments } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { duplicateEnvironmentName } from "./errors";
import { toEnvironment } from "./queries";
import { UpdateEnvironmentInput, type Environment } from "./schemas";

export async function updateEnvironment({
  ctx,
  environmentId,
  input,
}: {
  ctx: ProjectCtx;
  environmentId: string;
  input: unknown;
}): Promise<Environment> {
  authorize(ctx, "environment:write");
  const data = parse(UpdateEnvironmentInput, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const where = and(eq(environments.projectId, ctx.project.id), eq(environments.id, environmentId));
      const [before] = await tx.select().from(environments).where(where).for("update");
      if (!before) throw new NotFoundError("Environment");
      const [row] = await tx
        .update(environments)
        .set({ ...data, updatedAt: sql`now()` })
        .where(where)
        .returning();
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "environment.update",
        entityType: "environment",
        entityId: row.id,
        ...changedFields(before, data),
      });
      return toEnvironment(row);
    });
  } catch (err) {
    throw duplicateEnvironmentName(err, data.name ?? "");
  }
}
