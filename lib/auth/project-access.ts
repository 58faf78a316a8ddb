import { and, eq, or, sql } from "drizzle-orm";
import { projectMembers, projects } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { Ctx, ProjectCtx } from "@/lib/context";
import type { ProjectRole } from "./permissions";

/**
 * Binds a context to a project given its id or key. A project the actor cannot see answers
 * exactly like one that does not exist, so ids of other projects are never revealed.
 */
export async function withProject(ctx: Ctx, idOrKey: string): Promise<ProjectCtx> {
  const { actor } = ctx;
  const [row] = await ctx.db
    .select({ id: projects.id, key: projects.key, name: projects.name, role: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.userId)))
    .where(or(eq(projects.id, idOrKey), eq(projects.key, idOrKey.toUpperCase())));
  const restrictedTo = actor.apiKey?.projectId;
  if (!row || (restrictedTo && restrictedTo !== row.id)) throw new NotFoundError("Project");
  // Instance admins manage every project, members act with their role.
  const role: ProjectRole | null = actor.isAdmin ? "ADMIN" : row.role;
  if (!role) throw new NotFoundError("Project");
  return { ...ctx, project: { id: row.id, key: row.key, name: row.name, role } };
}

/** SQL condition for "projects this actor may see", used by the project list. */
export function visibleProjectsCondition(ctx: Ctx) {
  const { actor } = ctx;
  const member = sql`exists (select 1 from ${projectMembers} pm where pm.project_id = ${projects.id} and pm.user_id = ${actor.userId})`;
  const base = actor.isAdmin ? sql`true` : member;
  return actor.apiKey?.projectId ? and(base, eq(projects.id, actor.apiKey.projectId))! : base;
}
