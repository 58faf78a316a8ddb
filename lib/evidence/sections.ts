import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { auditNames } from "@/lib/audit/names";
import { anyOf, literalTextArray, rowsOf } from "@/lib/sql";
import type { EvidenceAuditEntry, EvidenceEntry, EvidenceMilestone, EvidenceRun } from "./schemas";

/**
 * The database reads of the evidence pack, each in a stable order (time or position, then id),
 * each scoped by project. Large lists are read in keyset pages.
 */

const iso = (ms: number | string | null | undefined) => (ms == null ? null : new Date(Number(ms)).toISOString());
const person = (id: string | null, name: string | null, email: string | null) => (id ? { id, name: name ?? "", email: email ?? "" } : null);

/** Rows per query for entries and audit entries. */
export const EVIDENCE_PAGE = 1000;

export async function milestoneFacts(ctx: ProjectCtx, milestoneId: string, scope: string[]): Promise<EvidenceMilestone | null> {
  const p = ctx.project.id;
  const [m] = rowsOf<{ id: string; name: string; description: string; status: EvidenceMilestone["status"]; due_ms: number | null; created_ms: number; parent_id: string | null; parent_name: string | null }>(
    await ctx.db.execute(sql`
      select m.id, m.name, m.description, m.status,
        (extract(epoch from m.due_date) * 1000)::float8 as due_ms, (extract(epoch from m.created_at) * 1000)::float8 as created_ms,
        pm.id as parent_id, pm.name as parent_name
      from milestones m left join milestones pm on pm.id = m.parent_id and pm.project_id = ${p}
      where m.project_id = ${p} and m.id = ${milestoneId}`),
  );
  if (!m) return null;
  const phases = rowsOf<{ id: string; name: string; status: EvidenceMilestone["status"]; due_ms: number | null }>(
    await ctx.db.execute(sql`
      select id, name, status, (extract(epoch from due_date) * 1000)::float8 as due_ms from milestones
      where project_id = ${p} and id = ${anyOf(scope.filter((id) => id !== milestoneId))}
      order by coalesce(due_date, 'infinity'::timestamptz), name, id`),
  );
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    status: m.status,
    dueDate: iso(m.due_ms),
    createdAt: iso(m.created_ms)!,
    parent: m.parent_id ? { id: m.parent_id, name: m.parent_name ?? "" } : null,
    phases: phases.map((ph) => ({ id: ph.id, name: ph.name, status: ph.status, dueDate: iso(ph.due_ms) })),
  };
}

type RunRow = {
  id: string;
  name: string;
  kind: EvidenceRun["kind"];
  status: EvidenceRun["status"];
  milestone_id: string;
  milestone_name: string;
  environment_id: string;
  environment_name: string;
  ci_build_id: string | null;
  completion_reason: string | null;
  created_ms: number;
  started_ms: number | null;
  completed_ms: number | null;
  cb_id: string | null;
  cb_name: string | null;
  cb_email: string | null;
  as_id: string | null;
  as_name: string | null;
  as_email: string | null;
  total: number;
  passed: number;
  failed: number;
  blocked: number;
  skipped: number;
  retest: number;
  untested: number;
  flaky: number;
};

/** Every run of the scope, ABORTED ones included, by environment name, creation time and id; with who ran it and when. */
export async function scopeRuns(ctx: ProjectCtx, scope: string[]): Promise<EvidenceRun[]> {
  const p = ctx.project.id;
  const rows = rowsOf<RunRow>(
    await ctx.db.execute(sql`
      select r.id, r.name, r.kind, r.status, m.id as milestone_id, m.name as milestone_name, e.id as environment_id, e.name as environment_name,
        r.ci_build_id, r.completion_reason,
        (extract(epoch from r.created_at) * 1000)::float8 as created_ms,
        (extract(epoch from r.started_at) * 1000)::float8 as started_ms,
        (extract(epoch from r.completed_at) * 1000)::float8 as completed_ms,
        cb.id as cb_id, cb.name as cb_name, cb.email as cb_email, a.id as as_id, a.name as as_name, a.email as as_email,
        r.total, r.passed, r.failed, r.blocked, r.skipped, r.retest, r.untested, r.flaky
      from test_runs r
      join milestones m on m.id = r.milestone_id and m.project_id = ${p}
      join environments e on e.id = r.environment_id and e.project_id = ${p}
      left join users cb on cb.id = r.created_by_id
      left join users a on a.id = r.assignee_id
      where r.project_id = ${p} and r.milestone_id = ${anyOf(scope)}
      order by e.name, e.id, r.created_at, r.id`),
  );
  if (!rows.length) return [];
  const runIds = literalTextArray(rows.map((r) => r.id));
  const [spans, executors] = await Promise.all([
    ctx.db.execute(sql`
      select run_id, (extract(epoch from min(executed_at)) * 1000)::float8 as first_ms, (extract(epoch from max(executed_at)) * 1000)::float8 as last_ms
      from results where run_id = any(${runIds}) group by run_id`),
    ctx.db.execute(sql`
      select res.run_id, u.id, u.name, u.email, count(*)::int as n
      from results res join users u on u.id = res.executed_by_id
      where res.run_id = any(${runIds})
      group by res.run_id, u.id, u.name, u.email
      order by u.name, u.id`),
  ]);
  const spanOf = new Map(rowsOf<{ run_id: string; first_ms: number; last_ms: number }>(spans).map((s) => [s.run_id, s]));
  const byRun = new Map<string, EvidenceRun["executors"]>();
  for (const x of rowsOf<{ run_id: string; id: string; name: string; email: string; n: number }>(executors)) {
    const list = byRun.get(x.run_id) ?? [];
    list.push({ id: x.id, name: x.name, email: x.email, results: Number(x.n) });
    byRun.set(x.run_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    milestone: { id: r.milestone_id, name: r.milestone_name },
    environment: { id: r.environment_id, name: r.environment_name },
    ciBuildId: r.ci_build_id,
    createdAt: iso(r.created_ms)!,
    createdBy: person(r.cb_id, r.cb_name, r.cb_email),
    assignee: person(r.as_id, r.as_name, r.as_email),
    startedAt: iso(r.started_ms),
    completedAt: iso(r.completed_ms),
    completionReason: r.completion_reason,
    counts: {
      total: Number(r.total),
      passed: Number(r.passed),
      failed: Number(r.failed),
      blocked: Number(r.blocked),
      skipped: Number(r.skipped),
      retest: Number(r.retest),
      untested: Number(r.untested),
      flaky: Number(r.flaky),
    },
    firstResultAt: iso(spanOf.get(r.id)?.first_ms),
    lastResultAt: iso(spanOf.get(r.id)?.last_ms),
    executors: byRun.get(r.id) ?? [],
  }));
}

type EntryRow = {
  id: string;
  run_id: string;
  case_id: string;
  seq: number;
  title: string;
  priority: EvidenceEntry["priority"];
  status: EvidenceEntry["status"];
  flaky: boolean;
  position: number;
  attempts: number | null;
  executed_ms: number | null;
  duration_ms: number | null;
  comment: string | null;
  by_id: string | null;
  by_name: string | null;
  by_email: string | null;
  tracker: string | null;
  defect_key: string | null;
  defect_url: string | null;
};

/** The entries of the given runs (in that order), each with its latest attempt, in keyset pages. */
export async function* scopeEntries(ctx: ProjectCtx, runIds: string[], pageSize = EVIDENCE_PAGE): AsyncGenerator<EvidenceEntry[]> {
  const p = ctx.project.id;
  for (const runId of runIds) {
    let after: [number, string] | null = null;
    for (;;) {
      const rows: EntryRow[] = rowsOf<EntryRow>(
        await ctx.db.execute(sql`
          select e.id, e.run_id, e.case_id, c.seq, c.title, c.priority, e.status, e.flaky, e.position,
            last.attempts, last.executed_ms, last.duration_ms, last.comment, last.by_id, last.by_name, last.by_email,
            d.tracker, d.key as defect_key, d.url as defect_url
          from run_entries e
          join test_cases c on c.id = e.case_id and c.project_id = ${p}
          left join lateral (
            select r.id, r.duration_ms, r.comment, (extract(epoch from r.executed_at) * 1000)::float8 as executed_ms,
              u.id as by_id, u.name as by_name, u.email as by_email,
              (select count(*) from results r2 where r2.entry_id = e.id)::int as attempts
            from results r left join users u on u.id = r.executed_by_id
            where r.entry_id = e.id
            order by r.attempt desc, r.executed_at desc, r.id desc limit 1
          ) last on true
          left join lateral (
            select d.tracker, d.key, d.url from defect_links d
            where d.entry_id = e.id and d.project_id = ${p}
            order by coalesce(d.result_id = last.id, false) desc, d.created_at desc, d.id desc limit 1
          ) d on true
          where e.project_id = ${p} and e.run_id = ${runId}
            ${after ? sql`and (e.position, e.id) > (${after[0]}, ${after[1]})` : sql``}
          order by e.position, e.id
          limit ${pageSize}`),
      );
      yield rows.map((r) => ({
        id: r.id,
        runId: r.run_id,
        caseId: r.case_id,
        caseKey: `${ctx.project.key}-${r.seq}`,
        title: r.title,
        priority: r.priority,
        status: r.status,
        flaky: r.flaky,
        attempts: Number(r.attempts ?? 0),
        executedAt: r.status === "UNTESTED" ? null : iso(r.executed_ms),
        executedBy: person(r.by_id, r.by_name, r.by_email),
        durationMs: r.duration_ms == null ? null : Number(r.duration_ms),
        comment: r.comment && r.comment.trim() ? r.comment : null,
        defect: r.defect_key ? { tracker: r.tracker ?? "OTHER", key: r.defect_key, url: r.defect_url } : null,
      }));
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1];
      after = [Number(last.position), last.id];
    }
  }
}

type AuditRow = {
  id: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  created_ms: number;
  created_key: string;
  u_id: string | null;
  u_name: string | null;
  u_email: string | null;
  k_name: string | null;
  k_prefix: string | null;
};

/**
 * The milestone's audit trail, oldest first, in keyset pages: what was recorded about the
 * milestone and its phases (changes, sign-offs, completion, requirement scope), their waivers,
 * their runs, the entries of those runs (results recorded, assignments), the defects filed from
 * them and the notes of their exploratory sessions.
 */
export async function* scopeAudit(ctx: ProjectCtx, scope: string[], pageSize = EVIDENCE_PAGE): AsyncGenerator<EvidenceAuditEntry[]> {
  const p = ctx.project.id;
  const inScope = anyOf(scope);
  const runs = sql`select id from test_runs where project_id = ${p} and milestone_id = ${inScope}`;
  let after: [string, string] | null = null;
  for (;;) {
    const rows: AuditRow[] = rowsOf<AuditRow>(
      await ctx.db.execute(sql`
        select a.id, a.action, a.entity_type, a.entity_id, a.before, a.after,
          (extract(epoch from a.created_at) * 1000)::float8 as created_ms,
          to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key,
          u.id as u_id, u.name as u_name, u.email as u_email, k.name as k_name, k.prefix as k_prefix
        from audit_log a
        left join users u on u.id = a.actor_user_id
        left join api_keys k on k.id = a.actor_api_key_id
        where a.project_id = ${p} and (
          (a.entity_type = 'milestone' and a.entity_id = ${inScope})
          or (a.entity_type = 'waiver' and a.entity_id in (select id from waivers where project_id = ${p} and milestone_id = ${inScope}))
          or (a.entity_type = 'test_run' and a.entity_id in (${runs}))
          or (a.entity_type = 'run_entry' and a.entity_id in (select e.id from run_entries e where e.project_id = ${p} and e.run_id in (${runs})))
          or (a.entity_type = 'defect_link' and a.after->>'runId' in (${runs}))
          or (a.entity_type = 'exploratory_note' and (
            coalesce(a.after->>'runId', a.before->>'runId') in (${runs})
            or a.entity_id in (select n.id from exploratory_notes n where n.project_id = ${p} and n.run_id in (${runs}))))
        )
        ${after ? sql`and (a.created_at, a.id) > (${after[0]}::timestamptz, ${after[1]})` : sql``}
        order by a.created_at, a.id
        limit ${pageSize}`),
    );
    const names = await auditNames(ctx, rows.flatMap((r) => (r.entity_id ? [r.entity_id] : [])));
    yield rows.map((r) => {
      const recorded = nameIn(r.after) ?? nameIn(r.before);
      return {
        id: r.id,
        at: iso(r.created_ms)!,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        entityName: (r.entity_id && names[r.entity_id]) || recorded,
        actor: person(r.u_id, r.u_name, r.u_email),
        apiKey: r.k_prefix ? { name: r.k_name ?? "", prefix: r.k_prefix } : null,
        before: r.before ?? null,
        after: r.after ?? null,
      };
    });
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1];
    after = [last.created_key, last.id];
  }
}

function nameIn(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const name = v.name ?? v.title;
  return typeof name === "string" ? name : null;
}
