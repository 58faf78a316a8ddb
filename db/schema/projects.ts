import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, inList, updatedAt } from "./common";
import { users } from "./users";

export const PROJECT_ROLES = ["ADMIN", "TESTER", "VIEWER"] as const;

export const projects = pgTable(
  "projects",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Release-readiness settings (pass-rate threshold, warning window, blocking priorities). */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** Last test-case number handed out; cases are keyed `${key}-${n}`. */
    caseSeq: integer("case_seq").notNull().default(0),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("projects_key_key").on(t.key),
    check("projects_key_check", sql`${t.key} ~ '^[A-Z0-9]{2,10}$'`),
    check("projects_name_check", sql`length(btrim(${t.name})) > 0`),
  ],
);

export const projectMembers = pgTable(
  "project_members",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: PROJECT_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index("project_members_user_idx").on(t.userId),
    check("project_members_role_check", inList("role", PROJECT_ROLES)),
  ],
);

export const environments = pgTable(
  "environments",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("environments_project_name_key").on(t.projectId, sql`lower(${t.name})`),
    unique("environments_project_id_key").on(t.projectId, t.id),
    check("environments_name_check", sql`length(btrim(${t.name})) > 0`),
  ],
);
