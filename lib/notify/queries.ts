import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { parse } from "@/lib/api/parse";
import { decodeCursor, toPage } from "@/lib/api/pagination";
import type { Ctx } from "@/lib/context";
import { unescapeSlackText } from "@/lib/slack/blocks";
import { NotificationQuery, type NotificationItem, type NotificationList } from "@/lib/slack/schemas";
import { rowsOf } from "@/lib/sql";
import { logger } from "@/lib/observability/logger";

/** The notification centre shows what Slack gets (and what projects without a channel would have got) for 30 days. */
export const CENTRE_DAYS = 30;

/** Notifications of the projects the caller can see (members; instance admins see all; a project key only its project). */
function visible(ctx: Ctx): SQL {
  const { actor } = ctx;
  const member = actor.isAdmin
    ? sql`true`
    : sql`exists (select 1 from project_members pm where pm.project_id = n.project_id and pm.user_id = ${actor.userId})`;
  const restricted = actor.apiKey?.projectId ? sql`n.project_id = ${actor.apiKey.projectId}` : sql`true`;
  return sql`${member} and ${restricted} and n.status not in ('SUPERSEDED') and n.kind <> 'TEST'
    and n.created_at > now() - ${`${CENTRE_DAYS} days`}::interval`;
}

type Row = {
  id: string;
  project_id: string;
  project_key: string;
  project_name: string;
  kind: NotificationItem["kind"];
  title: string;
  path: string | null;
  payload: unknown;
  status: NotificationItem["slack"];
  read: boolean;
  created_at: string;
};

export async function listNotifications({ ctx, query }: { ctx: Ctx; query: unknown }): Promise<NotificationList> {
  const q = parse(NotificationQuery, query);
  const after = decodeCursor(q.cursor, ["instant", "text"]);
  const unreadOnly = q.unread === "1" || q.unread === "true";
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select n.id, n.project_id, p.key as project_key, p.name as project_name, n.kind, n.title, n.path, n.payload, n.status,
        (r.user_id is not null) as read,
        to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
      from notifications n
      join projects p on p.id = n.project_id
      left join notification_reads r on r.notification_id = n.id and r.user_id = ${ctx.actor.userId}
      where ${visible(ctx)}
        ${unreadOnly ? sql`and r.user_id is null` : sql``}
        ${after ? sql`and (n.created_at, n.id) < (${after[0]}::timestamptz, ${after[1]})` : sql``}
      order by n.created_at desc, n.id desc
      limit ${q.limit + 1}`),
  );
  const page = toPage(rows, q.limit, (r) => [r.created_at, r.id], toItem);
  return { ...page, unreadCount: await unreadCount(ctx) };
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as n from notifications n
      where ${visible(ctx)}
        and not exists (select 1 from notification_reads r where r.notification_id = n.id and r.user_id = ${ctx.actor.userId})`),
  );
  return Number(row?.n ?? 0);
}

function toItem(r: Row): NotificationItem {
  const payload = (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as { text?: string } | null;
  return {
    id: r.id,
    project: { id: r.project_id, key: r.project_key, name: r.project_name },
    kind: r.kind,
    title: r.title,
    // The stored text is Slack's (&, < and > escaped); people read it here as plain text.
    text: unescapeSlackText(payload?.text ?? ""),
    path: r.path,
    slack: r.status,
    read: Boolean(r.read),
    createdAt: r.created_at,
  };
}

/** Marks the given notifications (only visible ones count) or all visible ones read for the caller. */
export async function markNotificationsRead({ ctx, input }: { ctx: Ctx; input: { ids?: string[]; all?: true } }): Promise<{ unreadCount: number }> {
  const only = input.ids ? sql`and n.id = any(array(select jsonb_array_elements_text(${JSON.stringify(input.ids)}::jsonb)))` : sql``;
  await ctx.db.execute(sql`
    insert into notification_reads (user_id, notification_id)
    select ${ctx.actor.userId}, n.id from notifications n where ${visible(ctx)} ${only}
    on conflict do nothing`);
  return { unreadCount: await unreadCount(ctx) };
}

/** The bell's number for a signed-in user (pages render it in the shell; never fails the page). */
export async function unreadCountForActor(actor: Ctx["actor"]): Promise<number> {
  try {
    return await unreadCount({ db: getDb(), actor, requestId: "bell" });
  } catch (err) {
    logger().error({ err }, "notify: unread count failed");
    return 0;
  }
}
