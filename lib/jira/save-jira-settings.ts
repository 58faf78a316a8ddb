import { sql } from "drizzle-orm";
import { jiraSettings } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireInstanceAdmin } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { allowInsecureIntegrations } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { jiraSettingsRow, toJiraSettings } from "./queries";
import { JiraSettingsInput, type JiraSettings } from "./schemas";

/**
 * Stores the instance's Jira connection (instance admins). The API token is encrypted with
 * AES-256-GCM under QA_STUDIO_ENCRYPTION_KEY; leaving it out keeps the stored one, but only for
 * the same site: the stored token is never sent to a host it was not given for, so moving to
 * another scheme, host or port needs the token again. The site must be https unless
 * QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS is set.
 */
export async function saveJiraSettings({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<JiraSettings> {
  requireInstanceAdmin(ctx);
  const data = parse(JiraSettingsInput, input);
  if (new URL(data.baseUrl).protocol !== "https:" && !allowInsecureIntegrations()) {
    throw ValidationError.field("baseUrl", "Must be an https:// address: the API token would cross the network in clear (QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS=1 allows http, for tests only)");
  }
  return ctx.db.transaction(async (tx) => {
    const before = await jiraSettingsRow(tx);
    if (!data.apiToken && !before) throw ValidationError.field("apiToken", "Give the API token when connecting Jira the first time");
    if (!data.apiToken && before && new URL(before.baseUrl).origin !== new URL(data.baseUrl).origin) {
      throw ValidationError.field("apiToken", `Give the API token again: the stored one is only sent to ${new URL(before.baseUrl).origin}, not to a new Jira site`);
    }
    const box = data.apiToken ? encryptSecret(data.apiToken) : null;
    const values = {
      baseUrl: data.baseUrl,
      email: data.email,
      issueType: data.issueType,
      ...(box ? { tokenCiphertext: box.ciphertext, tokenIv: box.iv, tokenAuthTag: box.authTag } : {}),
      updatedById: ctx.actor.userId,
      updatedAt: sql`now()`,
    };
    await tx
      .insert(jiraSettings)
      .values({ id: "default", tokenCiphertext: "", tokenIv: "", tokenAuthTag: "", ...values })
      .onConflictDoUpdate({ target: jiraSettings.id, set: values });
    await recordAudit(tx, ctx, {
      projectId: null,
      action: "jira.configure",
      entityType: "jira_settings",
      entityId: "default",
      before: before ? { baseUrl: before.baseUrl, email: before.email, issueType: before.issueType } : null,
      after: { baseUrl: data.baseUrl, email: data.email, issueType: data.issueType, tokenChanged: !!box },
    });
    return toJiraSettings(await jiraSettingsRow(tx));
  });
}
