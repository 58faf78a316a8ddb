import { eq, sql } from "drizzle-orm";
import { projects } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { toProject } from "./queries";
import { UpdateProjectInput, readSettings, type Project } from "./schemas";

export async function updateProject({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<Project> {
  authorize(ctx, "project:update");
  const data = parse(UpdateProjectInput, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(projects).where(eq(projects.id, ctx.project.id)).for("update");
    const { settings, ...fields } = data;
    const merged = settings ? { ...readSettings(before.settings), ...settings } : undefined;
    const [row] = await tx
      .update(projects)
      .set({ ...fields, ...(merged ? { settings: merged } : {}), updatedAt: sql`now()` })
      .where(eq(projects.id, ctx.project.id))
      .returning();
    await recordAudit(tx, ctx, {
      projectId: row.id,
      action: "project.update",
      entityType: "project",
      entityId: row.id,
      ...changedFields({ ...before, settings: readSettings(before.settings) }, { ...fields, ...(merged ? { settings: merged } : {}) }),
    });
    return toProject(row, ctx.project.role);
  });
}
