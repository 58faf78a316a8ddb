import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { jiraRequest } from "@/lib/jira/client";
import { getJiraProject, loadJiraConnection } from "@/lib/jira/queries";
import { rowsOf } from "@/lib/sql";
import { logger } from "@/lib/observability/logger";

/** A cached status younger than this is shown as is; an older one is read again from Jira on view. */
export const STATUS_MAX_AGE_MS = 5 * 60_000;
/** At most this many issues are read per view, so a page never waits on a long list. */
const MAX_PER_REFRESH = 25;
const REFRESH_TIMEOUT_MS = 4_000;

type JiraIssue = { key?: string; fields?: { summary?: string; status?: { name?: string; statusCategory?: { key?: string } } } };

/**
 * Refreshes the cached status of Jira defect links whose status is older than `maxAgeMs` (or was
 * never read): GET /rest/api/3/issue/{key}?fields=status,summary with the instance's credentials.
 * Only links into the connected Jira site (their URL starts with its base URL) whose key is an
 * issue of this project's Jira project (`SHOP-12` for `jiraProjectKey` SHOP) are read: the
 * service account sees more of Jira than a tester should, and anyone writing a result can name
 * any key, so a link to another Jira project keeps the status it was given. A Jira that fails or
 * does not answer leaves the cached values in place: views never fail because of it.
 * Returns how many links were updated.
 */
export async function refreshDefectStatuses(
  ctx: ProjectCtx,
  linkIds: readonly string[],
  opts: { maxAgeMs?: number; now?: Date } = {},
): Promise<number> {
  if (!linkIds.length) return 0;
  const [conn, { jiraProjectKey }] = await Promise.all([loadJiraConnection(ctx.db), getJiraProject(ctx)]);
  if (!conn || !jiraProjectKey) return 0;
  // The key's shape is checked by the jira_projects constraint (^[A-Z][A-Z0-9_]{0,49}$), so it is safe in a pattern.
  const ownIssue = `^${jiraProjectKey}-[0-9]+$`;
  const now = opts.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (opts.maxAgeMs ?? STATUS_MAX_AGE_MS)).toISOString();
  const stale = rowsOf<{ id: string; key: string }>(
    await ctx.db.execute(sql`
      select id, key from defect_links
      where project_id = ${ctx.project.id} and tracker = 'JIRA'
        and id in (select jsonb_array_elements_text(${JSON.stringify(linkIds)}::jsonb))
        and left(coalesce(url, ''), ${conn.baseUrl.length + 1}) = ${conn.baseUrl + "/"}
        and upper(key) ~ ${ownIssue}
        and (checked_at is null or checked_at < ${staleBefore}::timestamptz)
      order by checked_at nulls first
      limit ${MAX_PER_REFRESH}`),
  );
  let updated = 0;
  for (const link of stale) {
    let issue: JiraIssue;
    try {
      issue = (await jiraRequest<JiraIssue>(conn, "GET", `/rest/api/3/issue/${encodeURIComponent(link.key)}?fields=status,summary`, undefined, REFRESH_TIMEOUT_MS)).body;
    } catch (err) {
      logger().warn({ defect: link.key, reason: (err as Error).message }, "defects: could not refresh a status from Jira");
      // One failure (Jira down, a timeout) is enough: the rest would wait for the same.
      break;
    }
    const status = issue?.fields?.status?.name ?? null;
    await ctx.db.execute(sql`
      update defect_links set status = ${status}, status_category = ${issue?.fields?.status?.statusCategory?.key ?? null},
        title = coalesce(${issue?.fields?.summary ?? null}, title), checked_at = ${now.toISOString()}::timestamptz
      where id = ${link.id} and project_id = ${ctx.project.id}`);
    updated++;
  }
  return updated;
}
