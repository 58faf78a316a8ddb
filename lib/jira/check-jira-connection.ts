import { requireInstanceAdmin } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { jiraRequest } from "./client";
import { requireJiraConnection } from "./queries";

/** Asks Jira who the stored token belongs to (GET /rest/api/3/myself): proof the settings work. */
export async function checkJiraConnection({ ctx }: { ctx: Ctx }): Promise<{ ok: true; accountName: string }> {
  requireInstanceAdmin(ctx);
  const conn = await requireJiraConnection(ctx.db);
  const res = await jiraRequest<{ displayName?: string; emailAddress?: string }>(conn, "GET", "/rest/api/3/myself");
  return { ok: true, accountName: res.body?.displayName || res.body?.emailAddress || conn.email };
}
