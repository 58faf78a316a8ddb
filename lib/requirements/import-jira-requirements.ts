import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { jiraRequest, type JiraConnection } from "@/lib/jira/client";
import { requireJiraConnection } from "@/lib/jira/queries";
import { anyOf, rowsOf } from "@/lib/sql";
import { assertMilestone } from "./milestone-scope";
import { JiraRequirementImportInput, REQUIREMENT_KEY_PATTERN, type JiraRequirementImportOutcome } from "./schemas";

/** Issues read per request, and at most per import (a JQL matching more is refused: narrow it). */
const PAGE_SIZE = 100;
export const MAX_JIRA_ISSUES = 5_000;

type JiraIssue = { key?: unknown; fields?: { summary?: unknown; fixVersions?: unknown } };
type SearchPage = { issues?: JiraIssue[]; nextPageToken?: string | null; isLast?: boolean };
type Imported = { key: string; title: string; url: string; fixVersions: string[] };

/** Text as Postgres can store it: no NUL, no lone surrogates, at most `max` characters. */
const storable = (s: string, max: number) => s.replaceAll("\u0000", "").toWellFormed().slice(0, max);

/**
 * Imports requirements from Jira with the instance's connection: the issues matching `jql`
 * (Jira's enhanced search, `GET /rest/api/3/search/jql`, page by page) are upserted by key with
 * the summary as title, the issue's browse URL and its fixVersions, as source JIRA. With
 * `milestoneId`, the imported requirements whose fixVersion equals the milestone's name join its
 * scope. Jira is read before anything is written; the writes are one transaction, audited.
 */
export async function importJiraRequirements({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<JiraRequirementImportOutcome> {
  authorize(ctx, "requirement:write");
  const data = parse(JiraRequirementImportInput, input);
  const milestone = data.milestoneId ? await assertMilestone(ctx.db, ctx, data.milestoneId) : null;
  const conn = await requireJiraConnection(ctx.db);
  const issues = await searchIssues(conn, data.jql);

  return ctx.db.transaction(async (tx) => {
    const existing = issues.length
      ? rowsOf<{ id: string; key: string; title: string; url: string | null; source: string; fix_versions: string[] }>(
          await tx.execute(sql`
            select id, key, title, url, source, fix_versions from requirements
            where project_id = ${ctx.project.id} and key = ${anyOf(issues.map((i) => i.key))} for update`),
        )
      : [];
    const byKey = new Map(existing.map((r) => [r.key, r]));
    let created = 0;
    let updated = 0;
    for (const issue of issues) {
      const before = byKey.get(issue.key);
      if (!before) {
        await tx.execute(sql`
          insert into requirements (project_id, key, title, url, source, fix_versions, created_by_id)
          values (${ctx.project.id}, ${issue.key}, ${issue.title}, ${issue.url}, 'JIRA',
            array(select jsonb_array_elements_text(${JSON.stringify(issue.fixVersions)}::jsonb)), ${ctx.actor.userId})`);
        created++;
      } else if (
        before.title !== issue.title ||
        before.url !== issue.url ||
        before.source !== "JIRA" ||
        JSON.stringify(before.fix_versions ?? []) !== JSON.stringify(issue.fixVersions)
      ) {
        await tx.execute(sql`
          update requirements set title = ${issue.title}, url = ${issue.url}, source = 'JIRA',
            fix_versions = array(select jsonb_array_elements_text(${JSON.stringify(issue.fixVersions)}::jsonb)), updated_at = now()
          where id = ${before.id}`);
        updated++;
      }
    }
    let addedToMilestone: string[] = [];
    if (milestone) {
      const keys = issues.filter((i) => i.fixVersions.includes(milestone.name)).map((i) => i.key);
      if (keys.length) {
        addedToMilestone = rowsOf<{ key: string }>(
          await tx.execute(sql`
            with added as (
              insert into milestone_requirements (project_id, milestone_id, requirement_id)
              select project_id, ${milestone.id}, id from requirements where project_id = ${ctx.project.id} and key = ${anyOf(keys)}
              on conflict do nothing
              returning requirement_id
            )
            select r.key from added join requirements r on r.id = added.requirement_id order by r.key collate "C"`),
        ).map((r) => r.key);
      }
    }
    const outcome: JiraRequirementImportOutcome = {
      created,
      updated,
      unchanged: issues.length - created - updated,
      keys: issues.map((i) => i.key),
      addedToMilestone,
    };
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "requirement.import",
      entityType: "requirement",
      entityId: null,
      after: { source: "JIRA", jql: data.jql, created, updated, unchanged: outcome.unchanged, milestoneId: milestone?.id, addedToMilestone },
    });
    return outcome;
  });
}

async function searchIssues(conn: JiraConnection, jql: string): Promise<Imported[]> {
  const out = new Map<string, Imported>();
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ jql, fields: "summary,fixVersions", maxResults: String(PAGE_SIZE) });
    if (token) query.set("nextPageToken", token);
    const { body } = await jiraRequest<SearchPage>(conn, "GET", `/rest/api/3/search/jql?${query}`);
    for (const issue of body?.issues ?? []) {
      const key = typeof issue.key === "string" ? issue.key.toUpperCase() : "";
      if (!REQUIREMENT_KEY_PATTERN.test(key)) continue;
      const summary = typeof issue.fields?.summary === "string" ? issue.fields.summary : "";
      const versions = Array.isArray(issue.fields?.fixVersions) ? issue.fields.fixVersions : [];
      out.set(key, {
        key,
        title: storable(summary.trim(), 500),
        url: `${conn.baseUrl.replace(/\/+$/, "")}/browse/${encodeURIComponent(key)}`,
        fixVersions: versions
          .map((v) => (v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string" ? storable((v as { name: string }).name, 200) : ""))
          .filter(Boolean),
      });
    }
    if (out.size > MAX_JIRA_ISSUES) {
      throw ValidationError.field("jql", `The search finds more than ${MAX_JIRA_ISSUES} issues; narrow it (for example by fixVersion)`);
    }
    token = typeof body?.nextPageToken === "string" && body.nextPageToken ? body.nextPageToken : undefined;
    // Jira Cloud says isLast; without it, a missing token ends the search.
    if (body?.isLast === true || !token) break;
  }
  return [...out.values()];
}
