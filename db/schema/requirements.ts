import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, primaryKey, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, inList, updatedAt } from "./common";
import { testCases } from "./cases";
import { milestones } from "./milestones";
import { projects } from "./projects";
import { users } from "./users";

export const REQUIREMENT_SOURCES = ["JIRA", "MANUAL", "CSV"] as const;

/** Something a release must verify (a Jira story, a written requirement); keyed like SHOP-12 or REQ-7. */
export const requirements = pgTable(
  "requirements",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    title: text("title").notNull().default(""),
    url: text("url"),
    source: text("source", { enum: REQUIREMENT_SOURCES }).notNull().default("MANUAL"),
    /** Jira's fixVersions of the issue, as last imported. */
    fixVersions: text("fix_versions").array().notNull().default(sql`'{}'::text[]`),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("requirements_project_id_key").on(t.projectId, t.id),
    uniqueIndex("requirements_project_key_key").on(t.projectId, t.key),
    check("requirements_source_check", inList("source", REQUIREMENT_SOURCES)),
    check("requirements_key_check", sql`length(btrim(${t.key})) > 0`),
  ],
);

/** A case verifies a requirement. Both ends live in the same project. */
export const caseRequirements = pgTable(
  "case_requirements",
  {
    projectId: text("project_id").notNull(),
    caseId: text("case_id").notNull(),
    requirementId: text("requirement_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.requirementId] }),
    foreignKey({
      name: "case_requirements_case_fk",
      columns: [t.projectId, t.caseId],
      foreignColumns: [testCases.projectId, testCases.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "case_requirements_requirement_fk",
      columns: [t.projectId, t.requirementId],
      foreignColumns: [requirements.projectId, requirements.id],
    }).onDelete("cascade"),
    index("case_requirements_requirement_idx").on(t.requirementId, t.caseId),
  ],
);

/** The requirements a milestone must verify (its scope). */
export const milestoneRequirements = pgTable(
  "milestone_requirements",
  {
    projectId: text("project_id").notNull(),
    milestoneId: text("milestone_id").notNull(),
    requirementId: text("requirement_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.milestoneId, t.requirementId] }),
    foreignKey({
      name: "milestone_requirements_milestone_fk",
      columns: [t.projectId, t.milestoneId],
      foreignColumns: [milestones.projectId, milestones.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "milestone_requirements_requirement_fk",
      columns: [t.projectId, t.requirementId],
      foreignColumns: [requirements.projectId, requirements.id],
    }).onDelete("cascade"),
    index("milestone_requirements_requirement_idx").on(t.requirementId),
  ],
);
