import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, inList, ts } from "./common";
import { testCases } from "./cases";
import { projects } from "./projects";
// Used lazily (in callbacks) and as a type only: runs.ts imports this file too.
import { TRACKERS } from "./runs";
import { users } from "./users";

export const FAILURE_RULE_FIELDS = ["message", "stack"] as const;

/**
 * A case in quarantine: its failures are listed apart and do not block a verdict until
 * `expires_at`; CI reporters mark its results. Lifting it sets `lifted_at`; an expired or lifted
 * row stays as history. At most one active row per case (checked under the case's row lock).
 */
export const quarantines = pgTable(
  "quarantines",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    caseId: text("case_id").notNull(),
    reason: text("reason").notNull(),
    /** Who is to fix the test; null when that user was deleted. */
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    liftedAt: ts("lifted_at"),
    liftedById: text("lifted_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    foreignKey({
      name: "quarantines_case_fk",
      columns: [t.projectId, t.caseId],
      foreignColumns: [testCases.projectId, testCases.id],
    }).onDelete("cascade"),
    index("quarantines_case_idx").on(t.caseId, t.expiresAt),
    index("quarantines_project_expires_idx").on(t.projectId, t.expiresAt),
    check("quarantines_reason_check", sql`length(btrim(${t.reason})) > 0`),
  ],
);

/**
 * A known failure: a failing result whose error message (or stack) matches `pattern` (RE2 syntax,
 * linear-time) is linked to the rule's defect at ingestion and when a tester records it.
 */
export const failureRules = pgTable(
  "failure_rules",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    pattern: text("pattern").notNull(),
    field: text("field", { enum: FAILURE_RULE_FIELDS }).notNull().default("message"),
    defectTracker: text("defect_tracker").$type<(typeof TRACKERS)[number]>().notNull().default("OTHER"),
    defectKey: text("defect_key").notNull(),
    defectUrl: text("defect_url"),
    expiresAt: ts("expires_at"),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("failure_rules_project_idx").on(t.projectId, t.createdAt),
    check("failure_rules_field_check", inList("field", FAILURE_RULE_FIELDS)),
    check("failure_rules_tracker_check", inList("defect_tracker", TRACKERS)),
    check("failure_rules_pattern_check", sql`length(${t.pattern}) between 1 and 500`),
    check("failure_rules_name_check", sql`length(btrim(${t.name})) > 0`),
  ],
);
