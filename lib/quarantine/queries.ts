import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { anyOf, rowsOf } from "@/lib/sql";
import type { Quarantine, QuarantineList } from "./schemas";

const DAY_MS = 86_400_000;

/**
 * The one definition of an active quarantine: not lifted and not expired at `now`. The summary,
 * the list CI reads, the duplicate check and the expiry alert all use it.
 */
export function activeQuarantineSql(alias: string, now: Date): SQL {
  const q = sql.raw(alias);
  return sql`(${q}.lifted_at is null and ${q}.expires_at > ${now.toISOString()}::timestamptz)`;
}

type Row = {
  id: string;
  case_id: string;
  seq: number;
  title: string;
  automation_key: string | null;
  reason: string;
  owner_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  created_by_id: string | null;
  created_by_name: string | null;
  created_ms: number;
  expires_ms: number;
  lifted_ms: number | null;
};

const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

function select(ctx: ProjectCtx, where: SQL) {
  return sql`
    select q.id, q.case_id, c.seq, c.title, c.automation_key, q.reason,
      q.owner_id, o.name as owner_name, o.email as owner_email, q.created_by_id, cb.name as created_by_name,
      (extract(epoch from q.created_at) * 1000)::float8 as created_ms,
      (extract(epoch from q.expires_at) * 1000)::float8 as expires_ms,
      (extract(epoch from q.lifted_at) * 1000)::float8 as lifted_ms
    from quarantines q
    join test_cases c on c.id = q.case_id
    left join users o on o.id = q.owner_id
    left join users cb on cb.id = q.created_by_id
    where q.project_id = ${ctx.project.id} and ${where}
    order by q.expires_at, c.seq, q.id`;
}

export function daysLeft(expiresMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((expiresMs - nowMs) / DAY_MS));
}

function toQuarantine(ctx: ProjectCtx, r: Row, nowMs: number): Quarantine {
  const expires = Number(r.expires_ms);
  return {
    id: r.id,
    caseId: r.case_id,
    caseKey: `${ctx.project.key}-${r.seq}`,
    title: r.title,
    automationKey: r.automation_key,
    reason: r.reason,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? "", email: r.owner_email ?? "" } : null,
    createdBy: r.created_by_id ? { id: r.created_by_id, name: r.created_by_name ?? "" } : null,
    createdAt: iso(r.created_ms)!,
    expiresAt: iso(expires)!,
    liftedAt: iso(r.lifted_ms),
    active: r.lifted_ms == null && expires > nowMs,
    daysLeft: r.lifted_ms == null ? daysLeft(expires, nowMs) : 0,
  };
}

/** The project's active quarantines, soonest expiry first: for people and for CI reporters. */
export async function listActiveQuarantines(ctx: ProjectCtx, opts: { now?: Date } = {}): Promise<QuarantineList> {
  authorize(ctx, "project:read");
  const now = opts.now ?? new Date();
  const rows = rowsOf<Row>(await ctx.db.execute(select(ctx, activeQuarantineSql("q", now))));
  return { data: rows.map((r) => toQuarantine(ctx, r, now.getTime())), generatedAt: now.toISOString() };
}

export async function getQuarantine(db: Pick<Tx, "execute">, ctx: ProjectCtx, id: string, now = new Date()): Promise<Quarantine> {
  const [row] = rowsOf<Row>(await db.execute(select(ctx, sql`q.id = ${id}`)));
  if (!row) throw new NotFoundError("Quarantine");
  return toQuarantine(ctx, row, now.getTime());
}

/**
 * When a quarantine of a case run in the milestones `scope` was last placed, lifted or expired
 * before `now` (epoch ms), for sign-off staleness: each of those changes what the verdict counts.
 * Quarantines are few, and each checks its case's entries through the case index.
 */
export async function lastQuarantineChange(ctx: ProjectCtx, scope: string[], now: Date): Promise<number | null> {
  const [row] = rowsOf<{ ms: number | null }>(
    await ctx.db.execute(sql`
      select (extract(epoch from max(greatest(q.created_at, q.lifted_at,
        case when q.expires_at <= ${now.toISOString()}::timestamptz then q.expires_at end))) * 1000)::float8 as ms
      from quarantines q
      where q.project_id = ${ctx.project.id} and q.created_at <= ${now.toISOString()}::timestamptz
        and exists (
          select 1 from run_entries e join test_runs r on r.id = e.run_id
          where e.case_id = q.case_id and r.project_id = ${ctx.project.id} and r.milestone_id = ${anyOf(scope)})`),
  );
  return row?.ms == null ? null : Number(row.ms);
}
