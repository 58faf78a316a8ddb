import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, jsonb, pgTable, text, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, inList, ts, updatedAt } from "./common";
import { environments, projects } from "./projects";
import { testCases } from "./cases";
import { users } from "./users";

export const MILESTONE_STATUSES = ["ACTIVE", "COMPLETED", "ARCHIVED"] as const;
export const SIGNOFF_DECISIONS = ["APPROVED", "REJECTED"] as const;

export type CompletionOverride = { code: string; reason: string };

export const milestones = pgTable(
  "milestones",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Phase milestones (code freeze, staging sign-off) roll up into their release. */
    parentId: text("parent_id"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    dueDate: ts("due_date"),
    status: text("status", { enum: MILESTONE_STATUSES }).notNull().default("ACTIVE"),
    completedAt: ts("completed_at"),
    completedById: text("completed_by_id").references(() => users.id, { onDelete: "set null" }),
    /** Verdict reasons overridden when the milestone was completed without a GO. */
    completionOverrides: jsonb("completion_overrides").$type<CompletionOverride[]>(),
    /**
     * The milestone regressions are compared with. While `baselineSet` is false the baseline is
     * chosen automatically (the latest completed top-level milestone before this one); once set,
     * this column is the choice, and null means "no baseline".
     */
    baselineMilestoneId: text("baseline_milestone_id").references((): AnyPgColumn => milestones.id, { onDelete: "set null" }),
    baselineSet: boolean("baseline_set").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("milestones_project_id_key").on(t.projectId, t.id),
    // A parent must live in the same project; deleting it is refused while children exist
    // (NO ACTION rather than RESTRICT, so deleting the whole project still cascades).
    foreignKey({
      name: "milestones_parent_fk",
      columns: [t.projectId, t.parentId],
      foreignColumns: [t.projectId, t.id],
    }).onDelete("no action"),
    index("milestones_project_status_idx").on(t.projectId, t.status),
    index("milestones_project_due_idx").on(t.projectId, t.dueDate),
    index("milestones_parent_idx").on(t.parentId),
    check("milestones_status_check", inList("status", MILESTONE_STATUSES)),
    check("milestones_name_check", sql`length(btrim(${t.name})) > 0`),
    check("milestones_parent_self_check", sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    check("milestones_baseline_self_check", sql`${t.baselineMilestoneId} IS NULL OR ${t.baselineMilestoneId} <> ${t.id}`),
  ],
);

export const milestoneSignoffs = pgTable(
  "milestone_signoffs",
  {
    id: id(),
    milestoneId: text("milestone_id")
      .notNull()
      .references(() => milestones.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    decision: text("decision", { enum: SIGNOFF_DECISIONS }).notNull(),
    comment: text("comment").notNull().default(""),
    /** The verdict the signer saw, so a later change is visible next to the sign-off. */
    verdictAtSignoff: text("verdict_at_signoff"),
    createdAt: createdAt(),
  },
  (t) => [
    index("milestone_signoffs_milestone_idx").on(t.milestoneId, t.createdAt),
    check("milestone_signoffs_decision_check", inList("decision", SIGNOFF_DECISIONS)),
  ],
);

/** An accepted failure: the (case, environment) pair no longer counts as an open failure. */
export const waivers = pgTable(
  "waivers",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    milestoneId: text("milestone_id")
      .notNull()
      .references(() => milestones.id, { onDelete: "cascade" }),
    caseId: text("case_id")
      .notNull()
      .references(() => testCases.id, { onDelete: "cascade" }),
    /** Null waives the case in every environment of the milestone. */
    environmentId: text("environment_id").references(() => environments.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    index("waivers_milestone_case_idx").on(t.milestoneId, t.caseId),
    index("waivers_project_idx").on(t.projectId),
    check("waivers_reason_check", sql`length(btrim(${t.reason})) > 0`),
  ],
);
