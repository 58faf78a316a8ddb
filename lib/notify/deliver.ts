import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { SlackClient } from "@/lib/slack/client";
import type { SlackMessage } from "@/lib/slack/blocks";
import { rowsOf } from "@/lib/sql";

export type DeliveryPolicy = {
  /** First retry after this long, doubling each attempt (default 30 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before the row is marked FAILED (default 10, about 4 hours of outage). */
  maxAttempts: number;
  /** A SENDING claim expires after this long, so a worker that died mid-send frees the row. */
  leaseMs: number;
};

export const DEFAULT_POLICY: DeliveryPolicy = { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000, maxAttempts: 10, leaseMs: 5 * 60_000 };

export type DeliveryOutcome =
  | { status: "SENT"; ts: string }
  /** Nothing to do: already sent, claimed by another worker, not due yet, or not a Slack alert. */
  | { status: "SKIPPED" }
  | { status: "RETRY"; retryInMs: number; error: string }
  | { status: "FAILED"; error: string };

type Claimed = { id: string; channel: string; payload: SlackMessage; attempts: number };

/**
 * Delivers one outbox row. The claim is a single conditional UPDATE (PENDING and due, or SENDING
 * with an expired lease -> SENDING), so of two workers on two instances exactly one gets the row;
 * the other sees no row and does nothing. The result is written only while the claim still holds.
 */
export async function deliverNotification(opts: {
  db: Db;
  id: string;
  slack: SlackClient;
  now?: Date;
  policy?: Partial<DeliveryPolicy>;
}): Promise<DeliveryOutcome> {
  const policy = { ...DEFAULT_POLICY, ...opts.policy };
  const now = opts.now?.toISOString() ?? null;
  const [row] = rowsOf<Claimed>(
    await opts.db.execute(sql`
      update notifications
      set status = 'SENDING', attempts = attempts + 1,
        lease_until = coalesce(${now}::timestamptz, now()) + ${`${policy.leaseMs} milliseconds`}::interval
      where id = ${opts.id} and channel is not null
        and ((status = 'PENDING' and scheduled_for <= coalesce(${now}::timestamptz, now()))
          or (status = 'SENDING' and lease_until < coalesce(${now}::timestamptz, now())))
      returning id, channel, payload, attempts`),
  );
  if (!row) return { status: "SKIPPED" };
  const message = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as SlackMessage;
  const res = await opts.slack.postMessage({ channel: row.channel, text: message.text, blocks: message.blocks });
  if (res.ok) {
    await opts.db.execute(sql`
      update notifications set status = 'SENT', slack_ts = ${res.ts}, sent_at = coalesce(${now}::timestamptz, now()),
        lease_until = null, last_error = null
      where id = ${row.id} and status = 'SENDING'`);
    return { status: "SENT", ts: res.ts };
  }
  const f = res.failure;
  const attempts = Number(row.attempts);
  if (!f.retryable || attempts >= policy.maxAttempts) {
    const error = `${f.message}${f.retryable ? ` (gave up after ${attempts} attempts)` : ""}`;
    await opts.db.execute(sql`
      update notifications set status = 'FAILED', last_error = ${error}, lease_until = null
      where id = ${row.id} and status = 'SENDING'`);
    return { status: "FAILED", error };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  // Slack's Retry-After is the earliest moment it will accept the call again.
  const retryInMs = f.retryAfterSeconds !== undefined ? Math.max(f.retryAfterSeconds * 1000, 0) : backoff;
  await opts.db.execute(sql`
    update notifications
    set status = 'PENDING', last_error = ${f.message}, lease_until = null,
      scheduled_for = coalesce(${now}::timestamptz, now()) + ${`${retryInMs} milliseconds`}::interval
    where id = ${row.id} and status = 'SENDING'`);
  return { status: "RETRY", retryInMs, error: f.message };
}

/**
 * Rows waiting for delivery at `now`: PENDING and due, or SENDING whose worker vanished. The
 * scan re-enqueues these, so an alert whose job was lost (a crash between the outbox write and
 * the job, or a restart during a backoff) is still delivered.
 */
export async function dueNotificationIds(
  db: Db,
  opts: { now?: Date; graceMs?: number; limit?: number; projectId?: string } = {},
): Promise<string[]> {
  const now = opts.now?.toISOString() ?? null;
  const grace = `${opts.graceMs ?? 0} milliseconds`;
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from notifications
      where ((status = 'PENDING' and scheduled_for <= coalesce(${now}::timestamptz, now()) - ${grace}::interval)
         or (status = 'SENDING' and lease_until < coalesce(${now}::timestamptz, now())))
        and (${opts.projectId ?? null}::text is null or project_id = ${opts.projectId ?? null})
      order by scheduled_for
      limit ${opts.limit ?? 500}`),
  );
  return rows.map((r) => r.id);
}

/** Delivers everything due now (optionally of one project), one row at a time. */
export async function deliverDue(opts: {
  db: Db;
  slack: SlackClient;
  now?: Date;
  policy?: Partial<DeliveryPolicy>;
  projectId?: string;
}): Promise<DeliveryOutcome[]> {
  const out: DeliveryOutcome[] = [];
  for (const id of await dueNotificationIds(opts.db, { now: opts.now, projectId: opts.projectId })) out.push(await deliverNotification({ ...opts, id }));
  return out;
}
