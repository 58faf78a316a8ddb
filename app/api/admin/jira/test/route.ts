import { json, route } from "@/lib/api/handler";
import { checkJiraConnection } from "@/lib/jira/check-jira-connection";

// POST /api/admin/jira/test — check the stored connection against Jira (GET /rest/api/3/myself) (instance admins)
export const POST = route(async ({ ctx }) => json(await checkJiraConnection({ ctx })));
