import { eq, sql } from "drizzle-orm";
import { jiraProjects } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { getJiraProject } from "./queries";
import { JiraProjectInput, type JiraProjectSettings } from "./schemas";

/** Sets (or with null clears) the Jira project this project files its defects in (project admins). */
export async function setJiraProject({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<JiraProjectSettings> {
  authorize(ctx, "project:update");
  const { jiraProjectKey } = parse(JiraProjectInput, input);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(jiraProjects).where(eq(jiraProjects.projectId, ctx.project.id));
    if (jiraProjectKey === null) await tx.delete(jiraProjects).where(eq(jiraProjects.projectId, ctx.project.id));
    else {
      await tx
        .insert(jiraProjects)
        .values({ projectId: ctx.project.id, jiraProjectKey })
        .onConflictDoUpdate({ target: jiraProjects.projectId, set: { jiraProjectKey, updatedAt: sql`now()` } });
    }
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "project.jira",
      entityType: "project",
      entityId: ctx.project.id,
      before: { jiraProjectKey: before?.jiraProjectKey ?? null },
      after: { jiraProjectKey },
    });
  });
  return getJiraProject(ctx);
}
