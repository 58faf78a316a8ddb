import { z } from "zod";
import { Id, Timestamp } from "@/lib/api/schemas";

/** The alerts a project can switch on or off (all on by default). */
export const NotifyEvents = z.strictObject({
  milestoneDue: z.boolean().describe("Reminders at each due threshold"),
  overdue: z.boolean().describe("Once, when a milestone passes its due date unfinished"),
  runFailed: z.boolean().describe("A run completes with failures, or a CRITICAL case fails"),
  runCompleted: z.boolean().describe("A run completes without failures"),
  verdictChanged: z.boolean().describe("A milestone's verdict flips between NO_GO and GO"),
  quarantineExpired: z.boolean().describe("A case's quarantine expires without being lifted: its failures block again"),
});
export type NotifyEvents = z.infer<typeof NotifyEvents>;
export type NotifyEvent = keyof NotifyEvents;

export const DEFAULT_EVENTS: NotifyEvents = { milestoneDue: true, overdue: true, runFailed: true, runCompleted: true, verdictChanged: true, quarantineExpired: true };
export const DEFAULT_THRESHOLDS = [3, 1, 0];

/** A Slack channel ID (C0123ABC) or #name. */
export const SlackChannel = z
  .string()
  .trim()
  .max(80)
  .regex(/^(#[a-z0-9][a-z0-9._-]*|[CGD][A-Z0-9]{6,})$/, "Use a channel ID like C0123ABCD or a #channel-name in lower case");

export const SlackSettings = z.object({
  channel: SlackChannel.nullable().describe("Where alerts go; null sends none to Slack (the notification centre still shows them)"),
  events: NotifyEvents,
  dueThresholdsDays: z.array(z.number().int().min(0).max(365)).max(10).describe("Days before the due date to remind at (0 = on the day)"),
  botTokenConfigured: z.boolean().describe("Whether SLACK_BOT_TOKEN is set on the server"),
  updatedAt: Timestamp.nullable(),
});
export type SlackSettings = z.infer<typeof SlackSettings>;

export const UpdateSlackSettingsInput = z.strictObject({
  channel: z.union([SlackChannel, z.literal("")]).nullable().optional().describe("Channel ID or #name; null or \"\" stops Slack messages"),
  events: NotifyEvents.partial().optional().describe("Only the given events change"),
  dueThresholdsDays: z
    .array(z.number().int().min(0).max(365))
    .max(10)
    .refine((l) => new Set(l).size === l.length, "List each threshold once")
    .optional(),
});
export type UpdateSlackSettingsInput = z.input<typeof UpdateSlackSettingsInput>;

export const SlackTestResult = z.object({ ok: z.literal(true), channel: z.string(), ts: z.string(), team: z.string() });
export type SlackTestResult = z.infer<typeof SlackTestResult>;

export const NotificationKind = z.enum(["MILESTONE_DUE", "MILESTONE_OVERDUE", "RUN_FAILED", "RUN_COMPLETED", "VERDICT_CHANGED", "QUARANTINE_EXPIRED", "TEST"]);

export const NotificationItem = z.object({
  id: Id,
  project: z.object({ id: Id, key: z.string(), name: z.string() }),
  kind: NotificationKind,
  title: z.string(),
  text: z.string(),
  path: z.string().nullable().describe("Page inside the app the alert is about"),
  slack: z.enum(["PENDING", "SENDING", "SENT", "FAILED", "IN_APP", "SUPERSEDED"]).describe("Delivery to Slack; IN_APP when the project has no channel"),
  read: z.boolean(),
  createdAt: Timestamp,
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationList = z.object({
  data: z.array(NotificationItem),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type NotificationList = z.infer<typeof NotificationList>;

export const NotificationQuery = z.object({
  unread: z.enum(["1", "0", "true", "false"]).optional().describe("1: only unread"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const MarkReadInput = z.union([
  z.strictObject({ ids: z.array(Id).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadInput = z.infer<typeof MarkReadInput>;

export const SlackCommandReply = z.object({
  response_type: z.enum(["ephemeral", "in_channel"]),
  text: z.string(),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
});

export const UnreadCount = z.object({ unreadCount: z.number().int() });
