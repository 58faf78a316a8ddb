import { and, asc, eq, gt, or } from "drizzle-orm";
import { environments } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { Environment } from "./schemas";

export function toEnvironment(row: typeof environments.$inferSelect): Environment {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listEnvironments(ctx: ProjectCtx, params: PageParams): Promise<Page<Environment>> {
  const after = decodeCursor(params.cursor, ["text", "text"]);
  const rows = await ctx.db
    .select()
    .from(environments)
    .where(
      and(
        eq(environments.projectId, ctx.project.id),
        after && or(gt(environments.name, after[0]), and(eq(environments.name, after[0]), gt(environments.id, after[1]))),
      ),
    )
    .orderBy(asc(environments.name), asc(environments.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.name, r.id], toEnvironment);
}

export async function getEnvironment(ctx: ProjectCtx, environmentId: string): Promise<Environment> {
  const [row] = await ctx.db
    .select()
    .from(environments)
    .where(and(eq(environments.projectId, ctx.project.id), eq(environments.id, environmentId)));
  if (!row) throw new NotFoundError("Environment");
  return toEnvironment(row);
}
