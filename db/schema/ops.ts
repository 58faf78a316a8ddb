import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, inList, ts, updatedAt } from "./common";
import { apiKeys, users } from "./users";
import { projects } from "./projects";
import { milestones } from "./milestones";

/**
 * PENDING: waits for delivery (again after a failed attempt, from scheduled_for); SENDING: claimed
 * by one worker until lease_until; SENT: Slack answered with a ts; FAILED: gave up; IN_APP: shown in
 * the notification centre only (the project has no Slack channel); SUPERSEDED: a due reminder that a
 * tighter threshold replaced while no instance ran (catch-up sends one message, not three).
 */
export const NOTIFICATION_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "IN_APP", "SUPERSEDED"] as const;
export const NOTIFICATION_KINDS = ["MILESTONE_DUE", "MILESTONE_OVERDUE", "RUN_FAILED", "RUN_COMPLETED", "VERDICT_CHANGED", "QUARANTINE_EXPIRED", "TEST"] as const;

/** Who did what; rows outlive the project and actor they mention. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorApiKeyId: text("actor_api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_project_created_idx").on(t.projectId, t.createdAt),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorUserId, t.createdAt),
  ],
);

/** Outbox: an alert is written once under its dedupe key, then delivered by a job. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    /** One line for the notification centre and Slack's `text` fallback. */
    title: text("title").notNull().default(""),
    /** Link target inside the app (milestone or run page path). */
    path: text("path"),
    milestoneId: text("milestone_id"),
    runId: text("run_id"),
    payload: jsonb("payload").notNull().default({}),
    channel: text("channel"),
    status: text("status", { enum: NOTIFICATION_STATUSES }).notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    slackTs: text("slack_ts"),
    scheduledFor: ts("scheduled_for").notNull().defaultNow(),
    /** A SENDING claim expires here, so a worker that died mid-send does not hold the row forever. */
    leaseUntil: ts("lease_until"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key").on(t.dedupeKey),
    index("notifications_status_idx").on(t.status, t.scheduledFor),
    index("notifications_project_idx").on(t.projectId, t.createdAt),
    check("notifications_status_check", inList("status", NOTIFICATION_STATUSES)),
    check("notifications_kind_check", inList("kind", NOTIFICATION_KINDS)),
  ],
);

/** Which notifications a user has read in the notification centre. */
export const notificationReads = pgTable(
  "notification_reads",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    readAt: ts("read_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.notificationId] })],
);

/** The last verdict the scan saw per milestone: a change from it is a VERDICT_CHANGED alert. */
export const milestoneVerdictState = pgTable("milestone_verdict_state", {
  milestoneId: text("milestone_id")
    .primaryKey()
    .references(() => milestones.id, { onDelete: "cascade" }),
  projectId: text("project_id")
    .notNull()
    .references(() => projects.id, { onDelete: "cascade" }),
  verdict: text("verdict").notNull(),
  changes: integer("changes").notNull().default(0),
  updatedAt: updatedAt(),
});

export const slackSettings = pgTable("slack_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  channel: text("channel"),
  events: jsonb("events").$type<Record<string, boolean>>().notNull().default({}),
  dueThresholdsDays: integer("due_thresholds_days").array().notNull().default(sql`'{3,1,0}'::int[]`),
  updatedById: text("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});

/** Shared TOTP secrets for 2FA login flows, encrypted with AES-256-GCM. */
export const authenticatorTokens = pgTable(
  "authenticator_tokens",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    issuer: text("issuer").notNull().default(""),
    account: text("account").notNull().default(""),
    secretCiphertext: text("secret_ciphertext").notNull(),
    iv: text("iv").notNull(),
    authTag: text("auth_tag").notNull(),
    algorithm: text("algorithm").notNull().default("SHA1"),
    digits: integer("digits").notNull().default(6),
    periodSeconds: integer("period_seconds").notNull().default(30),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Cases name a token by tag, so a name means one token per project whatever its case.
    uniqueIndex("authenticator_tokens_project_name_key").on(t.projectId, sql`lower(${t.name})`),
    check("authenticator_tokens_digits_check", sql`${t.digits} BETWEEN 6 AND 8`),
    check("authenticator_tokens_algorithm_check", inList("algorithm", ["SHA1", "SHA256", "SHA512"])),
    check("authenticator_tokens_period_check", sql`${t.periodSeconds} BETWEEN 1 AND 3600`),
  ],
);

/** Instance-wide facts that must survive restarts (for example: the demo was seeded once). */
export const appState = pgTable("app_state", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});
