import { sql } from "drizzle-orm";
import { check, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "./common";
import { projects } from "./projects";
import { users } from "./users";

/**
 * The instance's Jira connection: one row (id 'default'). The API token is stored encrypted
 * with AES-256-GCM under QA_STUDIO_ENCRYPTION_KEY, never in plain text.
 */
export const jiraSettings = pgTable(
  "jira_settings",
  {
    id: text("id").primaryKey().default("default"),
    baseUrl: text("base_url").notNull(),
    email: text("email").notNull(),
    tokenCiphertext: text("token_ciphertext").notNull(),
    tokenIv: text("token_iv").notNull(),
    tokenAuthTag: text("token_auth_tag").notNull(),
    /** The Jira issue type new defects get. */
    issueType: text("issue_type").notNull().default("Bug"),
    updatedById: text("updated_by_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [check("jira_settings_single_row_check", sql`${t.id} = 'default'`)],
);

/** The Jira project that a QA Studio project files its defects in. */
export const jiraProjects = pgTable(
  "jira_projects",
  {
    projectId: text("project_id")
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    jiraProjectKey: text("jira_project_key").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check("jira_projects_key_check", sql`${t.jiraProjectKey} ~ '^[A-Z][A-Z0-9_]{0,49}$'`)],
);
