import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, inList, ts, updatedAt } from "./common";
import { projects } from "./projects";
import { users } from "./users";

export const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export const CASE_TYPES = ["FUNCTIONAL", "REGRESSION", "SMOKE", "ACCEPTANCE", "SECURITY", "PERFORMANCE", "USABILITY", "OTHER"] as const;
export const AUTOMATION_STATUSES = ["MANUAL", "AUTOMATED", "TO_BE_AUTOMATED"] as const;

export type CaseStep = { action: string; expected: string };

export const suites = pgTable(
  "suites",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("suites_project_id_key").on(t.projectId, t.id),
    foreignKey({
      name: "suites_parent_fk",
      columns: [t.projectId, t.parentId],
      foreignColumns: [t.projectId, t.id],
    }).onDelete("cascade"),
    // One name per level, so concurrent CI uploads converge on the same suite.
    uniqueIndex("suites_sibling_name_key").on(t.projectId, sql`coalesce(${t.parentId}, '')`, t.name),
    index("suites_parent_idx").on(t.parentId),
    check("suites_name_check", sql`length(btrim(${t.name})) > 0`),
  ],
);

export const testCases = pgTable(
  "test_cases",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Deleting a suite archives its cases and detaches them; they are never lost. */
    suiteId: text("suite_id").references(() => suites.id, { onDelete: "set null" }),
    /** Project-sequential number; the display key is `${project.key}-${seq}`. */
    seq: integer("seq").notNull(),
    title: text("title").notNull(),
    preconditions: text("preconditions").notNull().default(""),
    steps: jsonb("steps").$type<CaseStep[]>().notNull().default([]),
    priority: text("priority", { enum: PRIORITIES }).notNull().default("MEDIUM"),
    type: text("type", { enum: CASE_TYPES }).notNull().default("FUNCTIONAL"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    automationStatus: text("automation_status", { enum: AUTOMATION_STATUSES }).notNull().default("MANUAL"),
    /** Stable identity of the automated test (file › describe › title, or classname.name). */
    automationKey: text("automation_key"),
    /** The case's id in the tool it was imported from (TestRail's C123), so a second import updates it. */
    externalId: text("external_id"),
    version: integer("version").notNull().default(1),
    position: integer("position").notNull().default(0),
    archivedAt: ts("archived_at"),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("test_cases_project_id_key").on(t.projectId, t.id),
    uniqueIndex("test_cases_project_seq_key").on(t.projectId, t.seq),
    uniqueIndex("test_cases_automation_key").on(t.projectId, t.automationKey).where(sql`${t.automationKey} IS NOT NULL`),
    uniqueIndex("test_cases_external_id_key").on(t.projectId, t.externalId).where(sql`${t.externalId} IS NOT NULL`),
    index("test_cases_suite_idx").on(t.projectId, t.suiteId),
    index("test_cases_priority_idx").on(t.projectId, t.priority),
    index("test_cases_tags_idx").using("gin", t.tags),
    check("test_cases_priority_check", inList("priority", PRIORITIES)),
    check("test_cases_type_check", inList("type", CASE_TYPES)),
    check("test_cases_automation_check", inList("automation_status", AUTOMATION_STATUSES)),
    check("test_cases_title_check", sql`length(btrim(${t.title})) > 0`),
    check("test_cases_seq_check", sql`${t.seq} > 0`),
  ],
);

/** Every saved version of a case, so a run shows exactly what was executed. */
export const testCaseVersions = pgTable(
  "test_case_versions",
  {
    caseId: text("case_id")
      .notNull()
      .references(() => testCases.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    preconditions: text("preconditions").notNull().default(""),
    steps: jsonb("steps").$type<CaseStep[]>().notNull().default([]),
    priority: text("priority", { enum: PRIORITIES }).notNull(),
    editedById: text("edited_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.version] })],
);
