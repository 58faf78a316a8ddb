import { sql, type SQL } from "drizzle-orm";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { anyOf, escapeLike, rowsOf } from "@/lib/sql";
import { suitePathsCte, suiteTreeCte } from "./plan-entries";
import type { EntryStatus, RunEntry } from "./schemas";

export type EntryFilter = {
  status?: EntryStatus[];
  /** `me`, `none`, or a user id. */
  assignee?: string;
  priority?: RunEntry["priority"][];
  suiteId?: string;
  /** Text in the title, or a case key like DEMO-12. */
  q?: string;
  /** One entry (for answering a write). */
  entryId?: string;
};

type Row = {
  id: string;
  run_id: string;
  case_id: string;
  seq: number;
  title: string;
  priority: RunEntry["priority"];
  case_version: number;
  position: number;
  suite_id: string | null;
  suite_name: string | null;
  suite_path: string | null;
  sort_key: string;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  status: EntryStatus;
  flaky: boolean;
  attempts: number;
  last_result_at: string | null;
  comment: string | null;
  quarantined: boolean;
  rule_id: string | null;
  rule_name: string | null;
  rule_defect_key: string | null;
};

/**
 * A run's entries grouped for the run page: by suite path (a suite's sub-suites right after it),
 * then case number; cases outside any suite come first. Keyset-paginated on that order.
 */
export async function listEntries(ctx: ProjectCtx, runId: string, filter: EntryFilter, page: PageParams): Promise<Page<RunEntry>> {
  const after = decodeCursor(page.cursor, ["text", "int", "text"]);
  const found = rowsOf(await ctx.db.execute(sql`select 1 from test_runs where id = ${runId} and project_id = ${ctx.project.id}`));
  if (!found.length) throw new NotFoundError("Test run");
  const projectId = ctx.project.id;
  const conditions: SQL[] = [sql`e.run_id = ${runId}`];
  if (filter.status?.length) conditions.push(sql`e.status = ${anyOf(filter.status)}`);
  if (filter.priority?.length) conditions.push(sql`c.priority = ${anyOf(filter.priority)}`);
  if (filter.assignee === "none") conditions.push(sql`e.assignee_id is null`);
  else if (filter.assignee) conditions.push(sql`e.assignee_id = ${filter.assignee === "me" ? ctx.actor.userId : filter.assignee}`);
  if (filter.entryId) conditions.push(sql`e.id = ${filter.entryId}`);
  const q = filter.q?.trim();
  if (q) {
    const key = new RegExp(`^${ctx.project.key}-(\\d{1,9})$`, "i").exec(q);
    const text = sql`c.title ilike ${`%${escapeLike(q)}%`}`;
    conditions.push(key ? sql`(c.seq = ${Number(key[1])} or ${text})` : text);
  }
  if (filter.suiteId) conditions.push(sql`c.suite_id in (select id from suite_tree)`);
  if (after) {
    conditions.push(sql`(coalesce(sp.sort_key, '') collate "C", c.seq, e.id) > (${after[0]} collate "C", ${Number(after[1])}, ${after[2]})`);
  }
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      with recursive ${suitePathsCte(projectId)}${filter.suiteId ? sql`, ${suiteTreeCte(projectId, [filter.suiteId])}` : sql``}
      select e.id, e.run_id, e.case_id, c.seq, c.title, c.priority, e.case_version, e.position,
             c.suite_id, sp.name as suite_name, sp.path as suite_path, coalesce(sp.sort_key, '') as sort_key,
             e.assignee_id, u.name as assignee_name, u.email as assignee_email, e.status, e.flaky,
             (select count(*) from results r where r.entry_id = e.id)::int as attempts,
             to_char(e.last_result_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_result_at,
             last.comment, coalesce(last.quarantined, false) as quarantined, fr.id as rule_id, fr.name as rule_name, fr.defect_key as rule_defect_key
      from run_entries e
      join test_cases c on c.id = e.case_id
      left join lateral (
        select r.comment, r.quarantined, r.rule_id from results r where r.entry_id = e.id
        order by r.attempt desc, r.executed_at desc, r.id desc limit 1
      ) last on true
      left join failure_rules fr on fr.id = last.rule_id
      left join suite_paths sp on sp.id = c.suite_id
      left join users u on u.id = e.assignee_id
      where ${sql.join(conditions, sql` and `)}
      order by coalesce(sp.sort_key, '') collate "C", c.seq, e.id
      limit ${page.limit + 1}`),
  );
  return toPage(
    rows,
    page.limit,
    (r) => [r.sort_key, String(r.seq), r.id],
    (r) => ({
      id: r.id,
      runId: r.run_id,
      caseId: r.case_id,
      caseKey: `${ctx.project.key}-${r.seq}`,
      title: r.title,
      priority: r.priority,
      caseVersion: Number(r.case_version),
      position: Number(r.position),
      suite: r.suite_id ? { id: r.suite_id, name: r.suite_name ?? "", path: r.suite_path ?? "" } : null,
      assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "", email: r.assignee_email ?? "" } : null,
      status: r.status,
      flaky: r.flaky,
      attempts: Number(r.attempts),
      lastResultAt: r.last_result_at,
      comment: r.comment,
      quarantined: Boolean(r.quarantined),
      rule: r.rule_id ? { id: r.rule_id, name: r.rule_name ?? "", defectKey: r.rule_defect_key ?? "" } : null,
    }),
  );
}

export async function getEntry(ctx: ProjectCtx, runId: string, entryId: string): Promise<RunEntry> {
  const { data } = await listEntries(ctx, runId, { entryId }, { limit: 1 });
  if (!data.length) throw new NotFoundError("Run entry");
  return data[0];
}
