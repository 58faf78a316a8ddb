import { and, asc, eq, gt, or } from "drizzle-orm";
import { projectMembers, projects } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { visibleProjectsCondition } from "@/lib/auth/project-access";
import type { ProjectRole } from "@/lib/auth/permissions";
import type { Ctx, ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { readSettings, type Project } from "./schemas";

type ProjectRow = typeof projects.$inferSelect;

export function toProject(row: ProjectRow, role: ProjectRole): Project {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    role,
    settings: readSettings(row.settings),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listProjects(ctx: Ctx, params: PageParams): Promise<Page<Project>> {
  const after = decodeCursor(params.cursor, ["text", "text"]);
  const rows = await ctx.db
    .select({ project: projects, role: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, ctx.actor.userId)))
    .where(
      and(
        visibleProjectsCondition(ctx),
        after && or(gt(projects.name, after[0]), and(eq(projects.name, after[0]), gt(projects.id, after[1]))),
      ),
    )
    .orderBy(asc(projects.name), asc(projects.id))
    .limit(params.limit + 1);
  return toPage(
    rows,
    params.limit,
    (r) => [r.project.name, r.project.id],
    (r) => toProject(r.project, ctx.actor.isAdmin ? "ADMIN" : (r.role ?? "VIEWER")),
  );
}

export async function getProject(ctx: ProjectCtx): Promise<Project> {
  const [row] = await ctx.db.select().from(projects).where(eq(projects.id, ctx.project.id));
  if (!row) throw new NotFoundError("Project");
  return toProject(row, ctx.project.role);
}
