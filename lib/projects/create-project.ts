import { projectMembers, projects } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, PG, pgErrorCode } from "@/lib/errors";
import { toProject } from "./queries";
import { CreateProjectInput, type Project } from "./schemas";

/** Creates a project; its creator becomes its ADMIN member. */
export async function createProject({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<Project> {
  assertWritable(ctx);
  if (ctx.actor.apiKey?.projectId) throw new ForbiddenError("This API key is limited to one project and cannot create projects.");
  const data = parse(CreateProjectInput, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(projects)
        .values({ ...data, createdById: ctx.actor.userId })
        .returning();
      await tx.insert(projectMembers).values({ projectId: row.id, userId: ctx.actor.userId, role: "ADMIN" });
      await recordAudit(tx, ctx, { projectId: row.id, action: "project.create", entityType: "project", entityId: row.id, after: data });
      return toProject(row, "ADMIN");
    });
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) {
      throw new ConflictError(`A project with key ${data.key} already exists.`, [{ field: "key", message: "Already taken" }]);
    }
    throw err;
  }
}
