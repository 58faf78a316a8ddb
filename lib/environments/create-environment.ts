import { environments } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { duplicateEnvironmentName } from "./errors";
import { toEnvironment } from "./queries";
import { CreateEnvironmentInput, type Environment } from "./schemas";

export async function createEnvironment({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<Environment> {
  authorize(ctx, "environment:write");
  const data = parse(CreateEnvironmentInput, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(environments)
        .values({ projectId: ctx.project.id, ...data })
        .returning();
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "environment.create", entityType: "environment", entityId: row.id, after: data });
      return toEnvironment(row);
    });
  } catch (err) {
    throw duplicateEnvironmentName(err, data.name);
  }
}
