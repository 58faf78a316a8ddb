import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { codeBlock, doc, heading, link, orderedList, paragraph, strong, text } from "@/lib/jira/adf";
import { jiraRequest, type JiraConnection } from "@/lib/jira/client";
import { JiraError } from "@/lib/jira/errors";
import { getJiraProject, requireJiraConnection } from "@/lib/jira/queries";
import { rowsOf } from "@/lib/sql";
import { defectLinksById, entryForDefect, type EntryForDefect } from "./queries";
import { FileDefectInput, type DefectLink } from "./schemas";

export type FiledDefect = { defect: DefectLink; created: boolean };

function publicUrl(): string {
  return (process.env.QA_STUDIO_PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/** The Jira issue for a failed entry: the case, its steps as executed, the latest error and comment, and a link back. */
export function jiraIssuePayload(ctx: ProjectCtx, e: EntryForDefect, conn: JiraConnection, jiraProjectKey: string, input: { summary?: string; note?: string }) {
  const caseKey = `${ctx.project.key}-${e.case_seq}`;
  const summary = (input.summary ?? `${caseKey} ${e.title} ${e.status === "BLOCKED" ? "is blocked" : "fails"} on ${e.environment_name}`).slice(0, 250);
  const back = `${publicUrl()}/projects/${encodeURIComponent(ctx.project.key)}/runs/${e.run_id}/execute/${e.entry_id}`;
  const stepStatus = new Map((e.result_steps ?? []).map((s) => [s.index, s]));
  const error = [e.result_error?.message, e.result_error?.location, e.result_error?.stack].filter(Boolean).join("\n");
  const description = doc(
    input.note ? paragraph(text(input.note)) : null,
    paragraph(strong(`${caseKey} ${e.title}`), text(` — ${e.status} in QA Studio (priority ${e.priority}).`)),
    paragraph(text(`Project ${ctx.project.name} · milestone ${e.milestone_name} · environment ${e.environment_name} · run ${e.run_name}`)),
    e.preconditions.trim() && heading("Preconditions"),
    e.preconditions.trim() && paragraph(text(e.preconditions.trim())),
    e.steps.length > 0 && heading("Steps"),
    e.steps.length > 0 &&
      orderedList(
        e.steps.map((s, i) => {
          const st = stepStatus.get(i);
          return [
            ...text(s.action || "(no action)"),
            ...(s.expected ? [...text(" — expected: "), ...text(s.expected)] : []),
            ...(st && st.status !== "UNTESTED" ? strong(` [${st.status}]`) : []),
            ...(st?.comment ? text(` ${st.comment}`) : []),
          ];
        }),
      ),
    error && heading("Error"),
    error && codeBlock(error.slice(0, 30_000)),
    e.result_comment?.trim() && heading("Tester's comment"),
    e.result_comment?.trim() && paragraph(text(e.result_comment.trim())),
    paragraph(link("Open the result in QA Studio", back)),
  );
  return { fields: { project: { key: jiraProjectKey }, summary, issuetype: { name: conn.issueType }, description } };
}

/**
 * "File defect": creates a Jira issue for a FAILED or BLOCKED entry (POST /rest/api/3/issue) and
 * links it to the entry's latest result. Jira is called before anything is written: when it fails
 * or cannot be reached, nothing is stored. Filing again for the same result returns its link.
 */
export async function fileJiraDefect({
  ctx,
  runId,
  entryId,
  input = {},
}: {
  ctx: ProjectCtx;
  runId: string;
  entryId: string;
  input?: unknown;
}): Promise<FiledDefect> {
  authorize(ctx, "run:write");
  const data = parse(FileDefectInput, input);
  const entry = await entryForDefect(ctx, runId, entryId);
  if (entry.status !== "FAILED" && entry.status !== "BLOCKED") {
    throw new ConflictError(`Defects are filed from a FAILED or BLOCKED entry; this one is ${entry.status}.`);
  }
  const existing = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      select id from defect_links where project_id = ${ctx.project.id} and result_id = ${entry.result_id} and tracker = 'JIRA'
      order by created_at desc limit 1`),
  );
  if (existing.length) return { defect: (await defectLinksById(ctx, [existing[0].id]))[0], created: false };
  const conn = await requireJiraConnection(ctx.db);
  const { jiraProjectKey } = await getJiraProject(ctx);
  if (!jiraProjectKey) throw new JiraError(`Project ${ctx.project.key} has no Jira project key: a project admin sets it in the project's settings.`);

  const payload = jiraIssuePayload(ctx, entry, conn, jiraProjectKey, data);
  const res = await jiraRequest<{ id?: string; key?: string }>(conn, "POST", "/rest/api/3/issue", payload);
  const key = res.body?.key;
  if (!key) throw new JiraError("Jira created no issue key in its answer; nothing was stored. Check the Jira project and issue type in the settings.");
  const url = `${conn.baseUrl}/browse/${encodeURIComponent(key)}`;

  const id = await ctx.db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into defect_links (project_id, case_id, entry_id, result_id, tracker, key, url, title, created_by_id)
        values (${ctx.project.id}, ${entry.case_id}, ${entry.entry_id}, ${entry.result_id}, 'JIRA', ${key}, ${url}, ${payload.fields.summary}, ${ctx.actor.userId})
        on conflict (case_id, tracker, key) do update set result_id = excluded.result_id, entry_id = excluded.entry_id, url = excluded.url
        returning id`),
    );
    // The run changed for the milestone: a failure now tracked by a defect.
    await tx.execute(sql`update test_runs set updated_at = now() where id = ${entry.run_id}`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "defect.file",
      entityType: "defect_link",
      entityId: row.id,
      after: { tracker: "JIRA", key, url, runId: entry.run_id, entryId: entry.entry_id, resultId: entry.result_id, caseKey: `${ctx.project.key}-${entry.case_seq}` },
    });
    return row.id;
  });
  return { defect: (await defectLinksById(ctx, [id]))[0], created: true };
}
