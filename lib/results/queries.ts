import { sql, type SQL } from "drizzle-orm";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { anyOf, rowsOf } from "@/lib/sql";
import { resolveCaseId } from "@/lib/cases/queries";
import type { CaseHistoryItem, ResultEntry, ResultStatus } from "./schemas";

export type ResultFilter = { status?: ResultStatus[]; flaky?: boolean; priority?: ResultEntry["priority"][] };

type EntryRow = {
  entry_id: string;
  case_id: string;
  seq: number;
  title: string;
  priority: ResultEntry["priority"];
  automation_key: string | null;
  status: ResultStatus;
  flaky: boolean;
  attempts: number;
  duration_ms: number | null;
  error: ResultEntry["error"];
  last_result_at: string | null;
} & NoteColumns;

/** The comment, step results and defect of one attempt (`r`), as columns. */
type NoteColumns = {
  comment: string | null;
  step_results: ResultEntry["stepResults"];
  defect_id: string | null;
  defect_tracker: string | null;
  defect_key: string | null;
  defect_url: string | null;
  rule_id: string | null;
  rule_name: string | null;
  rule_tracker: string | null;
  rule_key: string | null;
  rule_url: string | null;
  quarantined: boolean;
};

const noteColumns = sql`r.comment, r.step_results, dl.id as defect_id, dl.tracker as defect_tracker, dl.key as defect_key, dl.url as defect_url,
  fr.id as rule_id, fr.name as rule_name, fr.defect_tracker as rule_tracker, fr.defect_key as rule_key, fr.defect_url as rule_url, r.quarantined`;
/** The defect linked with attempt `r` (the first, if several were), and the known-failure rule it matched. */
const defectJoin = sql`left join lateral (
  select d.id, d.tracker, d.key, d.url from defect_links d where d.result_id = r.id order by d.created_at, d.id limit 1
) dl on true
left join failure_rules fr on fr.id = r.rule_id`;

function notesOf(r: NoteColumns): Pick<ResultEntry, "comment" | "stepResults" | "defect" | "rule" | "quarantined"> {
  return {
    comment: r.comment,
    stepResults: r.step_results,
    defect: r.defect_id ? { id: r.defect_id, tracker: r.defect_tracker!, key: r.defect_key!, url: r.defect_url } : null,
    rule: r.rule_id ? { id: r.rule_id, name: r.rule_name ?? "", defect: { tracker: r.rule_tracker!, key: r.rule_key!, url: r.rule_url } } : null,
    quarantined: Boolean(r.quarantined),
  };
}


/** A run's entries with their latest attempt, by case number, filtered and paginated. */
export async function listRunResults(ctx: ProjectCtx, runId: string, filter: ResultFilter, page: PageParams): Promise<Page<ResultEntry>> {
  const after = decodeCursor(page.cursor, ["int", "text"]);
  await assertRunVisible(ctx, runId);
  const conditions: SQL[] = [sql`e.run_id = ${runId}`];
  if (filter.status?.length) conditions.push(sql`e.status = ${anyOf(filter.status)}`);
  if (filter.flaky !== undefined) conditions.push(sql`e.flaky = ${filter.flaky}`);
  if (filter.priority?.length) conditions.push(sql`c.priority = ${anyOf(filter.priority)}`);
  if (after) conditions.push(sql`(c.seq, e.id) > (${Number(after[0])}, ${after[1]})`);
  const rows = rowsOf<EntryRow>(
    await ctx.db.execute(sql`
      select e.id as entry_id, e.case_id, c.seq, c.title, c.priority, c.automation_key, e.status, e.flaky,
             coalesce(last.attempts, 0)::int as attempts, last.duration_ms, last.error,
             last.comment, last.step_results, last.defect_id, last.defect_tracker, last.defect_key, last.defect_url,
             last.rule_id, last.rule_name, last.rule_tracker, last.rule_key, last.rule_url, last.quarantined,
             to_char(e.last_result_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_result_at
      from run_entries e
      join test_cases c on c.id = e.case_id
      left join lateral (
        select r.duration_ms, r.error, (select count(*) from results r2 where r2.entry_id = e.id) as attempts, ${noteColumns}
        from results r ${defectJoin} where r.entry_id = e.id
        order by r.attempt desc, r.executed_at desc, r.id desc limit 1
      ) last on true
      where ${sql.join(conditions, sql` and `)}
      order by c.seq, e.id
      limit ${page.limit + 1}`),
  );
  return toPage(
    rows,
    page.limit,
    (r) => [String(r.seq), r.entry_id],
    (r) => ({
      entryId: r.entry_id,
      caseId: r.case_id,
      caseKey: `${ctx.project.key}-${r.seq}`,
      title: r.title,
      priority: r.priority,
      automationKey: r.automation_key,
      status: r.status,
      flaky: r.flaky,
      attempts: Number(r.attempts),
      durationMs: r.duration_ms,
      error: r.error,
      lastResultAt: r.last_result_at,
      ...notesOf(r),
    }),
  );
}

async function assertRunVisible(ctx: ProjectCtx, runId: string): Promise<void> {
  const found = rowsOf(await ctx.db.execute(sql`select 1 from test_runs where id = ${runId} and project_id = ${ctx.project.id}`));
  if (!found.length) throw new NotFoundError("Test run");
}

/** Moved to lib/cases; re-exported for callers that still import it from here. */
export { resolveCaseId };

type HistoryRow = {
  id: string;
  status: ResultStatus;
  original_status: string | null;
  attempt: number;
  duration_ms: number | null;
  executed_at: string;
  error: { message?: string } | null;
  comment: string | null;
  step_results: { index: number; status: string; comment?: string }[] | null;
  defect_id: string | null;
  defect_tracker: string | null;
  defect_key: string | null;
  defect_url: string | null;
  run_id: string;
  run_name: string;
  milestone_id: string;
  milestone_name: string;
  environment_id: string;
  environment_name: string;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
} & NoteColumns;

/** The case's last results across runs, newest first, with where each one ran. */
export async function caseHistory(ctx: ProjectCtx, caseIdOrKey: string, limit: number): Promise<{ data: CaseHistoryItem[] }> {
  const caseId = await resolveCaseId(ctx, caseIdOrKey);
  const rows = rowsOf<HistoryRow>(
    await ctx.db.execute(sql`
      select r.id, r.status, r.original_status, r.attempt, r.duration_ms,
             to_char(r.executed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as executed_at,
             case when r.error is null then null else jsonb_build_object('message', r.error->>'message') end as error,
             t.id as run_id, t.name as run_name, m.id as milestone_id, m.name as milestone_name,
             v.id as environment_id, v.name as environment_name,
             u.id as user_id, u.name as user_name, u.email as user_email, ${noteColumns}
      from results r
      join run_entries e on e.id = r.entry_id
      join test_runs t on t.id = r.run_id
      join milestones m on m.id = t.milestone_id
      join environments v on v.id = t.environment_id
      left join users u on u.id = r.executed_by_id
      ${defectJoin}
      where e.case_id = ${caseId} and r.project_id = ${ctx.project.id}
      order by r.executed_at desc, r.attempt desc, r.id desc
      limit ${limit}`),
  );
  return {
    data: rows.map((r) => ({
      resultId: r.id,
      status: r.status,
      originalStatus: r.original_status,
      attempt: r.attempt,
      durationMs: r.duration_ms,
      executedAt: r.executed_at,
      error: r.error,
      run: { id: r.run_id, name: r.run_name },
      milestone: { id: r.milestone_id, name: r.milestone_name },
      environment: { id: r.environment_id, name: r.environment_name },
      executedBy: r.user_id ? { id: r.user_id, name: r.user_name ?? "", email: r.user_email ?? "" } : null,
      ...notesOf(r),
    })),
  };
}
