import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, inList, ts, updatedAt } from "./common";
import { apiKeys, users } from "./users";
import { projects } from "./projects";

export const NOTIFICATION_STATUSES = ["PENDING", "SENT", "FAILED"] as const;

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
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    payload: jsonb("payload").notNull().default({}),
    channel: text("channel"),
    status: text("status", { enum: NOTIFICATION_STATUSES }).notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    slackTs: text("slack_ts"),
    scheduledFor: ts("scheduled_for").notNull().defaultNow(),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key").on(t.dedupeKey),
    index("notifications_status_idx").on(t.status, t.scheduledFor),
    index("notifications_project_idx").on(t.projectId, t.createdAt),
    check("notifications_status_check", inList("status", NOTIFICATION_STATUSES)),
  ],
);

export const slackSettings = pgTable("slack_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  channel: text("channel"),
  events: jsonb("events").$type<Record<string, boolean>>().notNull().default({}),
  dueThresholdsDays: integer("due_thresholds_days").array().notNull().default(sql`'{3,1,0}'::int[]`),
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
  },
  (t) => [
    index("authenticator_tokens_project_idx").on(t.projectId),
    check("authenticator_tokens_digits_check", sql`${t.digits} BETWEEN 6 AND 8`),
    check("authenticator_tokens_algorithm_check", inList("algorithm", ["SHA1", "SHA256", "SHA512"])),
  ],
);

/** Instance-wide facts that must survive restarts (for example: the demo was seeded once). */
export const appState = pgTable("app_state", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});
