import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { anyOf, escapeLike, rowsOf } from "@/lib/sql";
import { subtreeIds } from "@/lib/suites/queries";
import type { CaseFilter, CaseListQuery, CaseVersion, TestCase } from "./schemas";

type Reader = Pick<Tx, "execute">;

const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export type CaseRow = {
  id: string;
  project_id: string;
  seq: number;
  title: string;
  suite_id: string | null;
  suite_name: string | null;
  preconditions: string;
  steps: TestCase["steps"];
  priority: TestCase["priority"];
  type: TestCase["type"];
  tags: string[];
  automation_status: TestCase["automationStatus"];
  automation_key: string | null;
  external_id: string | null;
  requirement_keys: string[] | null;
  version: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
};

const CASE_COLUMNS = sql`
  c.id, c.project_id, c.seq, c.title, c.suite_id, s.name as suite_name, c.preconditions, c.steps, c.priority, c.type,
  c.tags, c.automation_status, c.automation_key, c.external_id, c.version,
  array(select r.key from case_requirements cr join requirements r on r.id = cr.requirement_id where cr.case_id = c.id order by r.key collate "C") as requirement_keys, ${iso("c.archived_at")} as archived_at,
  ${iso("c.created_at")} as created_at, ${iso("c.updated_at")} as updated_at`;

export function caseKey(projectKey: string, seq: number): string {
  return `${projectKey}-${seq}`;
}

export function toCase(row: CaseRow, projectKey: string): TestCase {
  return {
    id: row.id,
    projectId: row.project_id,
    key: caseKey(projectKey, Number(row.seq)),
    seq: Number(row.seq),
    title: row.title,
    suite: row.suite_id ? { id: row.suite_id, name: row.suite_name ?? "" } : null,
    preconditions: row.preconditions,
    steps: (row.steps ?? []).map((s) => ({ action: s.action, expected: s.expected ?? "" })),
    priority: row.priority,
    type: row.type,
    tags: row.tags ?? [],
    automationStatus: row.automation_status,
    automationKey: row.automation_key,
    requirementKeys: row.requirement_keys ?? [],
    externalId: row.external_id,
    version: Number(row.version),
    archived: row.archived_at !== null,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `DEMO-12` → 12 when the prefix is this project's key (case-insensitive); otherwise undefined. */
export function seqOfKey(projectKey: string, ref: string): number | undefined {
  const match = /^([A-Za-z0-9]{2,10})-(\d{1,9})$/.exec(ref.trim());
  return match && match[1].toUpperCase() === projectKey.toUpperCase() ? Number(match[2]) : undefined;
}

/** The case for an id or a key like DEMO-12, in this project. */
export async function resolveCaseId(ctx: ProjectCtx, idOrKey: string, db: Reader = ctx.db): Promise<string> {
  const seq = seqOfKey(ctx.project.key, idOrKey);
  const rows = rowsOf<{ id: string }>(
    await db.execute(
      seq !== undefined
        ? sql`select id from test_cases where project_id = ${ctx.project.id} and seq = ${seq}`
        : sql`select id from test_cases where project_id = ${ctx.project.id} and id = ${idOrKey}`,
    ),
  );
  if (!rows.length) throw new NotFoundError("Test case");
  return rows[0].id;
}

/**
 * Resolves many ids or keys at once (set-based). Any that are unknown or belong to another
 * project make a 400 naming them. Returns the distinct case ids, in the order first named.
 */
export async function resolveCaseRefs(db: Reader, ctx: ProjectCtx, refs: string[], field = "caseIds"): Promise<string[]> {
  const seqs = refs.map((r) => seqOfKey(ctx.project.key, r)).filter((n): n is number => n !== undefined);
  const rows = rowsOf<{ id: string; seq: number }>(
    await db.execute(sql`
      select id, seq from test_cases
      where project_id = ${ctx.project.id} and (id = ${anyOf(refs)} or seq = ${anyOf(seqs, "int")})`),
  );
  const byId = new Map(rows.map((r) => [r.id, r.id]));
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r.id]));
  const unknown: string[] = [];
  const ids: string[] = [];
  for (const ref of refs) {
    const seq = seqOfKey(ctx.project.key, ref);
    const id = seq !== undefined ? bySeq.get(seq) : byId.get(ref);
    if (!id) unknown.push(ref);
    else if (!ids.includes(id)) ids.push(id);
  }
  if (unknown.length) {
    throw new ValidationError(`Unknown test cases: ${unknown.join(", ")}`, [
      { field, message: `No such case in project ${ctx.project.key}: ${unknown.join(", ")}` },
    ]);
  }
  return ids;
}

export async function getCaseById(db: Reader, ctx: ProjectCtx, caseId: string): Promise<TestCase> {
  const [row] = rowsOf<CaseRow>(
    await db.execute(sql`
      select ${CASE_COLUMNS} from test_cases c left join suites s on s.id = c.suite_id
      where c.project_id = ${ctx.project.id} and c.id = ${caseId}`),
  );
  if (!row) throw new NotFoundError("Test case");
  return toCase(row, ctx.project.key);
}

export async function getCase(ctx: ProjectCtx, idOrKey: string): Promise<TestCase> {
  return getCaseById(ctx.db, ctx, await resolveCaseId(ctx, idOrKey));
}

/** The WHERE conditions of the list filters, shared by the list, the CSV export and run planning. */
export async function caseFilterConditions(db: Reader, ctx: ProjectCtx, filter: CaseFilter): Promise<SQL[]> {
  const conditions: SQL[] = [sql`c.project_id = ${ctx.project.id}`];
  conditions.push(filter.archived ? sql`c.archived_at is not null` : sql`c.archived_at is null`);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(sql`(c.title ilike ${like} or c.preconditions ilike ${like} or (${ctx.project.key} || '-' || c.seq::text) ilike ${like})`);
  }
  if (filter.suiteId) {
    const ids = filter.includeDescendants ? await subtreeIds(db, ctx.project.id, filter.suiteId) : [filter.suiteId];
    conditions.push(sql`c.suite_id = ${anyOf(ids)}`);
  }
  if (filter.priority?.length) conditions.push(sql`c.priority = ${anyOf(filter.priority)}`);
  const tags = (filter.tag ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  if (tags.length) conditions.push(sql`c.tags && array(select jsonb_array_elements_text(${JSON.stringify(tags)}::jsonb))`);
  if (filter.automation) conditions.push(sql`c.automation_status = ${filter.automation}`);
  return conditions;
}

/** Cases by key number, filtered and keyset-paginated. */
export async function listCases(ctx: ProjectCtx, query: CaseListQuery): Promise<Page<TestCase>> {
  const after = decodeCursor(query.cursor, ["int"]);
  const conditions = await caseFilterConditions(ctx.db, ctx, query);
  if (after) conditions.push(sql`c.seq > ${Number(after[0])}`);
  const rows = rowsOf<CaseRow>(
    await ctx.db.execute(sql`
      select ${CASE_COLUMNS} from test_cases c left join suites s on s.id = c.suite_id
      where ${sql.join(conditions, sql` and `)}
      order by c.seq limit ${query.limit + 1}`),
  );
  return toPage(rows, query.limit, (r) => [String(r.seq)], (r) => toCase(r, ctx.project.key));
}

/** How many cases match the filters (the library shows it above the list). */
export async function countCases(ctx: ProjectCtx, filter: CaseFilter): Promise<number> {
  const conditions = await caseFilterConditions(ctx.db, ctx, filter);
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`select count(*)::int as n from test_cases c where ${sql.join(conditions, sql` and `)}`),
  );
  return Number(row?.n ?? 0);
}

/** The tags in use on the project's active cases, most used first (for filter choices). */
export async function listCaseTags(ctx: ProjectCtx): Promise<{ tag: string; count: number }[]> {
  const rows = rowsOf<{ tag: string; n: number }>(
    await ctx.db.execute(sql`
      select t.tag, count(*)::int as n
      from test_cases c cross join lateral unnest(c.tags) as t(tag)
      where c.project_id = ${ctx.project.id} and c.archived_at is null
      group by t.tag order by n desc, t.tag limit 500`),
  );
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

/** Every case matching the filters, by key number (for the CSV export). */
export async function allCases(ctx: ProjectCtx, filter: CaseFilter): Promise<TestCase[]> {
  const conditions = await caseFilterConditions(ctx.db, ctx, filter);
  const rows = rowsOf<CaseRow>(
    await ctx.db.execute(sql`
      select ${CASE_COLUMNS} from test_cases c left join suites s on s.id = c.suite_id
      where ${sql.join(conditions, sql` and `)} order by c.seq`),
  );
  return rows.map((r) => toCase(r, ctx.project.key));
}

type VersionRow = {
  case_id: string;
  version: number;
  title: string;
  preconditions: string;
  steps: CaseVersion["steps"];
  priority: CaseVersion["priority"];
  edited_by_id: string | null;
  edited_by_name: string | null;
  created_at: string;
};

function toVersion(r: VersionRow): CaseVersion {
  return {
    caseId: r.case_id,
    version: Number(r.version),
    title: r.title,
    preconditions: r.preconditions,
    steps: (r.steps ?? []).map((s) => ({ action: s.action, expected: s.expected ?? "" })),
    priority: r.priority,
    editedBy: r.edited_by_id ? { id: r.edited_by_id, name: r.edited_by_name ?? "" } : null,
    createdAt: r.created_at,
  };
}

const versionSelect = (caseId: string) => sql`
  select v.case_id, v.version, v.title, v.preconditions, v.steps, v.priority, v.edited_by_id, u.name as edited_by_name,
         ${iso("v.created_at")} as created_at
  from test_case_versions v left join users u on u.id = v.edited_by_id
  where v.case_id = ${caseId}`;

/** A case's saved versions, newest first. */
export async function listCaseVersions(ctx: ProjectCtx, idOrKey: string, page: PageParams): Promise<Page<CaseVersion>> {
  const after = decodeCursor(page.cursor, ["int"]);
  const caseId = await resolveCaseId(ctx, idOrKey);
  const rows = rowsOf<VersionRow>(
    await ctx.db.execute(sql`${versionSelect(caseId)} ${after ? sql`and v.version < ${Number(after[0])}` : sql``}
      order by v.version desc limit ${page.limit + 1}`),
  );
  return toPage(rows, page.limit, (r) => [String(r.version)], toVersion);
}

export async function getCaseVersion(ctx: ProjectCtx, idOrKey: string, version: string): Promise<CaseVersion> {
  const caseId = await resolveCaseId(ctx, idOrKey);
  if (!/^\d{1,9}$/.test(version)) throw new NotFoundError("Test case version");
  const [row] = rowsOf<VersionRow>(await ctx.db.execute(sql`${versionSelect(caseId)} and v.version = ${Number(version)}`));
  if (!row) throw new NotFoundError("Test case version");
  return toVersion(row);
}
