import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { escape, section, type MessageLinks, type SlackMessage } from "@/lib/slack/blocks";
import { rowsOf } from "@/lib/sql";

/** Quarantines that expired this long ago or less still alert after downtime. */
export const QUARANTINE_LOOKBACK_DAYS = 7;
const DAY_MS = 86_400_000;

export type ExpiredQuarantine = {
  id: string;
  case_id: string;
  seq: number;
  title: string;
  reason: string;
  owner_name: string | null;
  expires_at: string;
};

export const quarantineExpiredKey = (id: string) => `quarantine:${id}:expired`;

/**
 * Quarantines of a project that expired (not lifted) at or before `now`, within the lookback, and
 * have no alert yet. The outbox's unique dedupe key makes the alert exactly-once; this only
 * spares building messages that would be refused.
 */
export async function expiredQuarantines(db: Db, projectId: string, now: Date): Promise<ExpiredQuarantine[]> {
  const since = new Date(now.getTime() - QUARANTINE_LOOKBACK_DAYS * DAY_MS);
  return rowsOf<ExpiredQuarantine>(
    await db.execute(sql`
      select q.id, q.case_id, c.seq, c.title, q.reason, u.name as owner_name,
        to_char(q.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires_at
      from quarantines q
      join test_cases c on c.id = q.case_id
      left join users u on u.id = q.owner_id
      where q.project_id = ${projectId} and q.lifted_at is null
        and q.expires_at <= ${now.toISOString()}::timestamptz and q.expires_at > ${since.toISOString()}::timestamptz
        and not exists (select 1 from notifications n where n.dedupe_key = 'quarantine:' || q.id || ':expired')
      order by q.expires_at, q.id`),
  );
}

/** The alert: which case, why it was quarantined, who owns the fix, and that it blocks again. */
export function quarantineExpiredMessage(q: ExpiredQuarantine, links: MessageLinks): { title: string; path: string; message: SlackMessage } {
  const caseKey = `${links.projectKey}-${q.seq}`;
  const owner = q.owner_name ? `; owner ${q.owner_name}` : "";
  const title = `Quarantine of ${caseKey} expired: its failures block again (${q.title}${owner})`;
  const path = `/projects/${links.projectId}/cases/${q.case_id}`;
  const url = `${links.publicUrl.replace(/\/$/, "")}/projects/${encodeURIComponent(links.projectId)}/cases/${encodeURIComponent(q.case_id)}`;
  const headline = `:hourglass: Quarantine of ${caseKey} expired`;
  return {
    title,
    path,
    message: {
      text: escape(`${headline} — ${q.title}${owner}. Its failures block the verdict again.`),
      blocks: [
        { type: "header", text: { type: "plain_text", text: headline.slice(0, 150), emoji: true } },
        section(
          `\`${caseKey}\` ${escape(q.title)}\n*Reason:* ${escape(q.reason)}\n*Owner:* ${escape(q.owner_name ?? "nobody")}\n*Expired:* ${q.expires_at.slice(0, 16).replace("T", " ")} UTC. Its failures block the verdict again: fix the test, or quarantine it again.`,
        ),
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open case" }, url, action_id: "open_case" }] },
      ],
    },
  };
}
