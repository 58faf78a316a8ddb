import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { jiraProjects, jiraSettings } from "@/db/schema";
import { requireInstanceAdmin } from "@/lib/auth/permissions";
import type { Ctx, ProjectCtx } from "@/lib/context";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { JiraConnection } from "./client";
import { JiraError } from "./errors";
import type { JiraProjectSettings, JiraSettings } from "./schemas";

export type JiraSettingsRow = typeof jiraSettings.$inferSelect;

export async function jiraSettingsRow(db: Db | Tx): Promise<JiraSettingsRow | null> {
  const [row] = await db.select().from(jiraSettings).where(eq(jiraSettings.id, "default"));
  return row ?? null;
}

export function toJiraSettings(row: JiraSettingsRow | null): JiraSettings {
  return {
    configured: !!row,
    baseUrl: row?.baseUrl ?? null,
    email: row?.email ?? null,
    issueType: row?.issueType ?? null,
    tokenSet: !!row,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The instance's Jira settings for its admins; the token is never part of it. */
export async function getJiraSettings(ctx: Ctx): Promise<JiraSettings> {
  requireInstanceAdmin(ctx, "read");
  return toJiraSettings(await jiraSettingsRow(ctx.db));
}

/** The decrypted connection, or null when Jira is not set up. Server-side use only. */
export async function loadJiraConnection(db: Db | Tx): Promise<JiraConnection | null> {
  const row = await jiraSettingsRow(db);
  if (!row) return null;
  return {
    baseUrl: row.baseUrl,
    email: row.email,
    issueType: row.issueType,
    apiToken: decryptSecret({ ciphertext: row.tokenCiphertext, iv: row.tokenIv, authTag: row.tokenAuthTag }),
  };
}

export async function requireJiraConnection(db: Db | Tx): Promise<JiraConnection> {
  const conn = await loadJiraConnection(db);
  if (!conn) throw new JiraError("Jira is not connected: an instance admin sets it up under Admin → Integrations (or PUT /api/admin/jira).");
  return conn;
}

/** This project's Jira project key, and whether Jira is connected at all. */
export async function getJiraProject(ctx: ProjectCtx): Promise<JiraProjectSettings> {
  const [[row], settings] = await Promise.all([
    ctx.db.select().from(jiraProjects).where(eq(jiraProjects.projectId, ctx.project.id)),
    jiraSettingsRow(ctx.db),
  ]);
  return { jiraProjectKey: row?.jiraProjectKey ?? null, jiraConfigured: !!settings };
}
