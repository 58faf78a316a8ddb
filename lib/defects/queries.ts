import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import type { DefectLink } from "./schemas";

type LinkRow = {
  id: string;
  tracker: string;
  key: string;
  url: string | null;
  title: string | null;
  status: string | null;
  status_category: string | null;
  checked_ms: number | null;
  entry_id: string | null;
  result_id: string | null;
  created_ms: number;
};

const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

export function toDefectLink(r: LinkRow): DefectLink {
  return {
    id: r.id,
    tracker: r.tracker,
    key: r.key,
    url: r.url,
    title: r.title,
    status: r.status,
    statusCategory: r.status_category,
    checkedAt: iso(r.checked_ms),
    entryId: r.entry_id,
    resultId: r.result_id,
    createdAt: iso(r.created_ms)!,
  };
}

/** Defect links by id, in this project. */
export async function defectLinksById(ctx: ProjectCtx, ids: readonly string[], db: Db | Tx = ctx.db): Promise<DefectLink[]> {
  if (!ids.length) return [];
  const rows = rowsOf<LinkRow>(
    await db.execute(sql`
      select id, tracker, key, url, title, status, status_category, entry_id, result_id,
        (extract(epoch from checked_at) * 1000)::float8 as checked_ms, (extract(epoch from created_at) * 1000)::float8 as created_ms
      from defect_links
      where project_id = ${ctx.project.id} and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      order by created_at desc, id desc`),
  );
  return rows.map(toDefectLink);
}

export type EntryForDefect = {
  entry_id: string;
  run_id: string;
  run_name: string;
  status: string;
  case_id: string;
  case_seq: number;
  title: string;
  priority: string;
  preconditions: string;
  steps: { action: string; expected: string }[];
  milestone_name: string;
  environment_name: string;
  result_id: string | null;
  result_comment: string | null;
  result_error: { message?: string; stack?: string; location?: string } | null;
  result_steps: { index: number; status: string; comment?: string }[] | null;
  result_attempt: number | null;
};

/**
 * The run entry with what a defect needs: the case as executed (its version's steps), the run's
 * milestone and environment, and the latest attempt. 404 when the entry is not in this run/project.
 */
export async function entryForDefect(ctx: ProjectCtx, runId: string, entryId: string): Promise<EntryForDefect> {
  const [row] = rowsOf<EntryForDefect>(
    await ctx.db.execute(sql`
      select e.id as entry_id, r.id as run_id, r.name as run_name, e.status, c.id as case_id, c.seq as case_seq,
        coalesce(v.title, c.title) as title, c.priority, coalesce(v.preconditions, c.preconditions) as preconditions,
        coalesce(v.steps, c.steps) as steps, m.name as milestone_name, env.name as environment_name,
        res.id as result_id, res.comment as result_comment, res.error as result_error, res.step_results as result_steps, res.attempt as result_attempt
      from run_entries e
      join test_runs r on r.id = e.run_id and r.project_id = e.project_id
      join test_cases c on c.id = e.case_id
      join milestones m on m.id = r.milestone_id
      join environments env on env.id = r.environment_id
      left join test_case_versions v on v.case_id = e.case_id and v.version = e.case_version
      left join lateral (
        select id, comment, error, step_results, attempt from results
        where entry_id = e.id order by attempt desc, executed_at desc, id desc limit 1
      ) res on true
      where e.project_id = ${ctx.project.id} and e.run_id = ${runId} and e.id = ${entryId}`),
  );
  if (!row) throw new NotFoundError("Run entry");
  return row;
}

/** The defects linked to the entry's test case (any run), newest first. */
export async function caseDefectLinks(ctx: ProjectCtx, caseId: string): Promise<DefectLink[]> {
  const rows = rowsOf<LinkRow>(
    await ctx.db.execute(sql`
      select id, tracker, key, url, title, status, status_category, entry_id, result_id,
        (extract(epoch from checked_at) * 1000)::float8 as checked_ms, (extract(epoch from created_at) * 1000)::float8 as created_ms
      from defect_links where project_id = ${ctx.project.id} and case_id = ${caseId}
      order by created_at desc, id desc limit 50`),
  );
  return rows.map(toDefectLink);
}
