import { json, projectRoute } from "@/lib/api/handler";
import { importJiraRequirements } from "@/lib/requirements/import-jira-requirements";

// POST /api/projects/{projectId}/requirements/import/jira — upsert requirements from a Jira search {jql, milestoneId?} (TESTER)
export const POST = projectRoute(async ({ ctx, body }) => json(await importJiraRequirements({ ctx, input: await body() })));
