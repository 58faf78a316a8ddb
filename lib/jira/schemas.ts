import { z } from "zod";
import { Timestamp } from "@/lib/api/schemas";

const BaseUrl = z
  .url({ protocol: /^https?$/, error: "Must be your Jira site's address, such as https://acme.atlassian.net" })
  .max(500)
  .transform((u) => u.replace(/\/+$/, ""));

/** `PUT /api/admin/jira`: the instance's Jira connection. The token may be left out to keep the stored one. */
export const JiraSettingsInput = z.strictObject({
  baseUrl: BaseUrl.describe("Your Jira site, e.g. https://acme.atlassian.net"),
  email: z.email().max(320).describe("The Atlassian account the API token belongs to"),
  apiToken: z.string().trim().min(1).max(1000).optional().describe("An Atlassian API token; stored encrypted, never returned. Leave it out to keep the stored one."),
  issueType: z.string().trim().min(1).max(100).default("Bug").describe("The issue type new defects get"),
});
export type JiraSettingsInput = z.input<typeof JiraSettingsInput>;

export const JiraSettings = z.object({
  configured: z.boolean(),
  baseUrl: z.string().nullable(),
  email: z.string().nullable(),
  issueType: z.string().nullable(),
  tokenSet: z.boolean().describe("Whether a token is stored (the token itself is never returned)"),
  updatedAt: Timestamp.nullable(),
});
export type JiraSettings = z.infer<typeof JiraSettings>;

export const JiraProjectKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9_]{0,49}$/, "A Jira project key: capital letters, digits and _, starting with a letter (e.g. SHOP)");

/** `PUT /api/projects/{projectId}/jira`: where this project's defects are filed. */
export const JiraProjectInput = z.strictObject({
  jiraProjectKey: JiraProjectKey.nullable().describe("null stops filing defects from this project"),
});

export const JiraProjectSettings = z.object({
  jiraProjectKey: z.string().nullable(),
  jiraConfigured: z.boolean().describe("Whether an instance admin has connected Jira"),
});
export type JiraProjectSettings = z.infer<typeof JiraProjectSettings>;

export const JiraConnectionCheck = z.object({
  ok: z.literal(true),
  accountName: z.string().describe("The Jira account the token authenticates as"),
});
