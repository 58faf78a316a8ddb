import { json, projectRoute } from "@/lib/api/handler";
import { getJiraProject } from "@/lib/jira/queries";
import { setJiraProject } from "@/lib/jira/set-jira-project";

// GET /api/projects/{projectId}/jira — the Jira project this project files defects in
export const GET = projectRoute(async ({ ctx }) => json(await getJiraProject(ctx)));

// PUT /api/projects/{projectId}/jira — set or clear the Jira project key (ADMIN)
export const PUT = projectRoute(async ({ ctx, body }) => json(await setJiraProject({ ctx, input: await body() })));
