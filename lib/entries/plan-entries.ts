import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { ValidationError, type ErrorDetail } from "@/lib/errors";
import { applyRunDelta, emptyDelta } from "@/lib/results/entry-state";
import { anyOf, escapeLike, rowsOf } from "@/lib/sql";
import type { CaseFilter, CaseSelection, SelectionPreview } from "./selection";

type Reader = Pick<Tx, "execute">;

/**
 * Suite paths of a project as a recursive CTE named `suite_paths` (id, sort_key, path): the sort
 * key joins names with U+001F, which sorts below every printable character, so a suite's
 * children follow it directly; `path` is for people.
 */
export function suitePathsCte(projectId: string): SQL {
  return sql`suite_paths (id, name, sort_key, path) as (
    select id, name, name::text, name::text from suites where project_id = ${projectId} and parent_id is null
    union all
    select s.id, s.name, p.sort_key || chr(31) || s.name, p.path || ' / ' || s.name
    from suites s join suite_paths p on s.parent_id = p.id
    where s.project_id = ${projectId}
  )`;
}

/** The suites and every sub-suite of `roots` as a recursive CTE named `suite_tree` (id). */
export function suiteTreeCte(projectId: string, roots: string[]): SQL {
  return sql`suite_tree (id) as (
    select id from suites where project_id = ${projectId} and id = ${anyOf(roots)}
    union
    select s.id from suites s join suite_tree t on s.parent_id = t.id where s.project_id = ${projectId}
  )`;
}

/** The non-archived cases a selection names; unknown, foreign or archived ids are a 400 naming them. */
export async function selectCases(tx: Reader, ctx: ProjectCtx, selection: CaseSelection): Promise<string[]> {
  const projectId = ctx.project.id;
  if (selection.caseIds) return resolveCaseIds(tx, ctx, selection.caseIds);
  const suiteIds = selection.suiteIds ?? selection.filter?.suiteIds;
  const conditions: SQL[] = [sql`c.project_id = ${projectId}`, sql`c.archived_at is null`];
  if (suiteIds) {
    await assertSuites(tx, projectId, suiteIds, selection.suiteIds ? "suiteIds" : "filter.suiteIds");
    conditions.push(sql`c.suite_id in (select id from suite_tree)`);
  }
  const filter = selection.filter;
  if (filter?.priorities) conditions.push(sql`c.priority = ${anyOf(filter.priorities)}`);
  if (filter?.tags) conditions.push(sql`c.tags && array(select jsonb_array_elements_text(${JSON.stringify(filter.tags)}::jsonb))`);
  if (filter?.automation) conditions.push(sql`c.automation_status = ${anyOf(filter.automation)}`);
  if (filter?.q) {
    const key = new RegExp(`^${ctx.project.key}-(\\d+)$`, "i").exec(filter.q);
    const like = `%${escapeLike(filter.q)}%`;
    const text = sql`(c.title ilike ${like} or c.preconditions ilike ${like})`;
    conditions.push(key ? sql`(${text} or c.seq = ${Number(key[1])})` : text);
  }
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      ${suiteIds ? sql`with recursive ${suiteTreeCte(projectId, suiteIds)}` : sql``}
      select c.id from test_cases c where ${sql.join(conditions, sql` and `)}`),
  );
  return rows.map((r) => r.id);
}

const PREVIEW_CASES = 8;

/**
 * What planning with this filter would select now: the count and the first few cases in run
 * order. The same selection as `POST .../test-runs` with `filter`, so the number shown before
 * creating a run is the number of entries it gets.
 */
export async function previewSelection(ctx: ProjectCtx, filter: CaseFilter): Promise<SelectionPreview> {
  const ids = await selectCases(ctx.db, ctx, { filter });
  if (!ids.length) return { count: 0, cases: [] };
  const rows = rowsOf<{ id: string; seq: number; title: string; priority: SelectionPreview["cases"][number]["priority"]; path: string | null }>(
    await ctx.db.execute(sql`
      with recursive ${suitePathsCte(ctx.project.id)}
      select c.id, c.seq, c.title, c.priority, sp.path
      from test_cases c left join suite_paths sp on sp.id = c.suite_id
      where c.project_id = ${ctx.project.id} and c.id = ${anyOf(ids)}
      order by coalesce(sp.sort_key, '') collate "C", c.seq
      limit ${PREVIEW_CASES}`),
  );
  return {
    count: ids.length,
    cases: rows.map((r) => ({ id: r.id, key: `${ctx.project.key}-${r.seq}`, title: r.title, priority: r.priority, suitePath: r.path })),
  };
}

async function resolveCaseIds(tx: Reader, ctx: ProjectCtx, wanted: string[]): Promise<string[]> {
  const keyPattern = new RegExp(`^${ctx.project.key}-(\\d+)$`, "i");
  const seqs = wanted.flatMap((w) => {
    const m = keyPattern.exec(w);
    return m ? [Number(m[1])] : [];
  });
  const rows = rowsOf<{ id: string; seq: number; archived: boolean }>(
    await tx.execute(sql`
      select id, seq, archived_at is not null as archived from test_cases
      where project_id = ${ctx.project.id} and (id = ${anyOf(wanted)} or seq = ${anyOf(seqs, "int")})`),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
  const unknown: string[] = [];
  const archived: string[] = [];
  const ids = new Set<string>();
  for (const w of wanted) {
    const m = keyPattern.exec(w);
    const row = byId.get(w) ?? (m ? bySeq.get(Number(m[1])) : undefined);
    if (!row) unknown.push(w);
    else if (row.archived) archived.push(w);
    else ids.add(row.id);
  }
  const details: ErrorDetail[] = [];
  if (unknown.length) details.push({ field: "caseIds", message: `No such case in this project: ${unknown.join(", ")}` });
  if (archived.length) details.push({ field: "caseIds", message: `Archived cases cannot be planned: ${archived.join(", ")}` });
  if (details.length) throw new ValidationError("Invalid input: caseIds", details);
  return [...ids];
}

async function assertSuites(tx: Reader, projectId: string, suiteIds: string[], field: string): Promise<void> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from suites where project_id = ${projectId} and id = ${anyOf(suiteIds)}`),
  );
  const found = new Set(rows.map((r) => r.id));
  const unknown = suiteIds.filter((id) => !found.has(id));
  if (unknown.length) throw ValidationError.field(field, `No such suite in this project: ${unknown.join(", ")}`);
}

/**
 * Adds an UNTESTED entry per case not yet in the run, at the case's current version, positioned
 * after the run's existing entries in suite-path then case-number order, and moves the run's
 * counters by the number added. Returns how many were added.
 */
export async function insertEntries(
  tx: Tx,
  projectId: string,
  runId: string,
  caseIds: string[],
  assignees: Map<string, string | null> = new Map(),
): Promise<number> {
  if (!caseIds.length) return 0;
  const rows = caseIds.map((id) => ({ case_id: id, assignee_id: assignees.get(id) ?? null }));
  const added = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive ${suitePathsCte(projectId)},
      base as (select coalesce(max(position), 0) as p from run_entries where run_id = ${runId}),
      wanted as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(case_id text, assignee_id text))
      insert into run_entries (project_id, run_id, case_id, case_version, position, assignee_id)
      select ${projectId}, ${runId}, c.id, c.version,
             base.p + row_number() over (order by coalesce(sp.sort_key, '') collate "C", c.seq), w.assignee_id
      from wanted w
      join test_cases c on c.id = w.case_id and c.project_id = ${projectId}
      left join suite_paths sp on sp.id = c.suite_id
      cross join base
      order by c.id
      on conflict (run_id, case_id) do nothing
      returning id`),
  );
  if (added.length) {
    const delta = emptyDelta();
    delta.total = delta.UNTESTED = added.length;
    await applyRunDelta(tx, runId, delta, { start: false });
  }
  return added.length;
}
