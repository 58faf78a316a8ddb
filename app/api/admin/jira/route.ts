import { json, route } from "@/lib/api/handler";
import { getJiraSettings } from "@/lib/jira/queries";
import { saveJiraSettings } from "@/lib/jira/save-jira-settings";

// GET /api/admin/jira — the instance's Jira connection, without its token (instance admins)
export const GET = route(async ({ ctx }) => json(await getJiraSettings(ctx)));

// PUT /api/admin/jira — connect Jira: base URL, email, API token (stored encrypted) and issue type (instance admins)
export const PUT = route(async ({ ctx, body }) => json(await saveJiraSettings({ ctx, input: await body() })));
