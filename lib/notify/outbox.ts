import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { SlackMessage } from "@/lib/slack/blocks";
import { rowsOf } from "@/lib/sql";

export type AlertKind = "MILESTONE_DUE" | "MILESTONE_OVERDUE" | "RUN_FAILED" | "RUN_COMPLETED" | "VERDICT_CHANGED" | "QUARANTINE_EXPIRED" | "TEST";

export type Alert = {
  projectId: string;
  kind: AlertKind;
  dedupeKey: string;
  title: string;
  path: string | null;
  milestoneId?: string | null;
  runId?: string | null;
  message: SlackMessage;
  /** The project's channel when the alert is written; null keeps it in the notification centre only. */
  channel: string | null;
  /** Written for the record without being shown or sent (a reminder a tighter one replaced). */
  superseded?: boolean;
};

/**
 * Writes an alert under its dedupe key. The unique index makes this the exactly-once point: a
 * second scan (on this or another instance, now or after a restart) finds the key taken and
 * writes nothing. Returns the new row's id, or null when the key already existed.
 */
export async function writeAlert(db: Db | Tx, a: Alert): Promise<{ id: string; status: string } | null> {
  const status = a.superseded ? "SUPERSEDED" : a.channel ? "PENDING" : "IN_APP";
  const [row] = rowsOf<{ id: string; status: string }>(
    await db.execute(sql`
      insert into notifications (project_id, kind, dedupe_key, title, path, milestone_id, run_id, payload, channel, status)
      values (${a.projectId}, ${a.kind}, ${a.dedupeKey}, ${a.title}, ${a.path}, ${a.milestoneId ?? null}, ${a.runId ?? null},
        ${JSON.stringify(a.message)}::jsonb, ${a.channel}, ${status})
      on conflict (dedupe_key) do nothing
      returning id, status`),
  );
  return row ?? null;
}

/** Keys among `keys` that are already written (to skip building messages for them). */
export async function existingKeys(db: Db | Tx, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = rowsOf<{ dedupe_key: string }>(
    await db.execute(sql`
      select dedupe_key from notifications
      where dedupe_key = any(array(select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)))`),
  );
  return new Set(rows.map((r) => r.dedupe_key));
}
