import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { DEFAULT_EVENTS, DEFAULT_THRESHOLDS, NotifyEvents } from "@/lib/slack/schemas";
import { rowsOf } from "@/lib/sql";

export type NotifySettings = {
  channel: string | null;
  events: NotifyEvents;
  dueThresholdsDays: number[];
  updatedAt: Date | null;
};

type Row = { channel: string | null; events: unknown; due_thresholds_days: number[] | null; updated_at: Date | string | null };

/** Stored settings with defaults for anything missing (a project without a row gets every alert in the app, none in Slack). */
export function toSettings(row: Row | undefined): NotifySettings {
  const stored = row?.events && typeof row.events === "object" ? (row.events as Record<string, unknown>) : {};
  const events = { ...DEFAULT_EVENTS };
  for (const key of Object.keys(DEFAULT_EVENTS) as (keyof NotifyEvents)[]) {
    if (typeof stored[key] === "boolean") events[key] = stored[key];
  }
  return {
    channel: row?.channel ?? null,
    events: NotifyEvents.parse(events),
    dueThresholdsDays: [...(row?.due_thresholds_days ?? DEFAULT_THRESHOLDS)].map(Number).sort((a, b) => b - a),
    updatedAt: row?.updated_at ? new Date(row.updated_at) : null,
  };
}

export async function notifySettings(db: Db | Tx, projectId: string): Promise<NotifySettings> {
  const [row] = rowsOf<Row>(
    await db.execute(sql`select channel, events, due_thresholds_days, updated_at from slack_settings where project_id = ${projectId}`),
  );
  return toSettings(row);
}
