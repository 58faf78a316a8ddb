import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import type { Waiver } from "./summary-schemas";

type WaiverRow = {
  id: string;
  milestone_id: string;
  case_id: string;
  seq: number;
  title: string;
  environment_id: string | null;
  environment_name: string | null;
  reason: string;
  created_by_id: string | null;
  created_by_name: string | null;
  created_ms: number;
  created_key: string;
  expires_ms: number | null;
  revoked_ms: number | null;
};

/**
 * The one definition of an active waiver: not revoked and not expired at `now`. The summary's
 * verdict, open failures and waived failures, the completion checklist and the duplicate check
 * all use it, so they agree about a waiver whose expiry has passed.
 */
export function activeWaiverSql(alias: string, now: Date): SQL {
  const w = sql.raw(alias);
  return sql`(${w}.revoked_at is null and (${w}.expires_at is null or ${w}.expires_at > ${now.toISOString()}::timestamptz))`;
}

export function isActiveWaiver(w: { revokedMs: number | null; expiresMs: number | null }, nowMs: number): boolean {
  return w.revokedMs == null && (w.expiresMs == null || w.expiresMs > nowMs);
}

const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

function waiverQuery(ctx: ProjectCtx, where: ReturnType<typeof sql>, limit?: number) {
  return sql`
    select w.id, w.milestone_id, w.case_id, c.seq, c.title, w.environment_id, e.name as environment_name, w.reason,
      w.created_by_id, u.name as created_by_name,
      (extract(epoch from w.created_at) * 1000)::float8 as created_ms,
      to_char(w.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key,
      (extract(epoch from w.expires_at) * 1000)::float8 as expires_ms,
      (extract(epoch from w.revoked_at) * 1000)::float8 as revoked_ms
    from waivers w
    join test_cases c on c.id = w.case_id
    left join environments e on e.id = w.environment_id
    left join users u on u.id = w.created_by_id
    where w.project_id = ${ctx.project.id} and ${where}
    order by w.created_at desc, w.id desc
    ${limit === undefined ? sql`` : sql`limit ${limit}`}`;
}

function toWaiver(ctx: ProjectCtx, r: WaiverRow, now = Date.now()): Waiver {
  const expires = r.expires_ms == null ? null : Number(r.expires_ms);
  return {
    id: r.id,
    milestoneId: r.milestone_id,
    caseId: r.case_id,
    caseKey: `${ctx.project.key}-${r.seq}`,
    title: r.title,
    environment: r.environment_id ? { id: r.environment_id, name: r.environment_name ?? "" } : null,
    reason: r.reason,
    createdBy: r.created_by_id ? { id: r.created_by_id, name: r.created_by_name ?? "" } : null,
    createdAt: iso(r.created_ms)!,
    expiresAt: iso(expires),
    revokedAt: iso(r.revoked_ms),
    active: isActiveWaiver({ revokedMs: r.revoked_ms == null ? null : Number(r.revoked_ms), expiresMs: expires }, now),
  };
}

/** A milestone's waivers, newest first, revoked ones included (they stay visible); keyset pages. */
export async function listWaivers(ctx: ProjectCtx, milestoneId: string, params: PageParams): Promise<Page<Waiver>> {
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  await assertMilestone(ctx.db, ctx, milestoneId);
  const where = after
    ? sql`w.milestone_id = ${milestoneId} and (w.created_at, w.id) < (${after[0]}::timestamptz, ${after[1]})`
    : sql`w.milestone_id = ${milestoneId}`;
  const rows = rowsOf<WaiverRow>(await ctx.db.execute(waiverQuery(ctx, where, params.limit + 1)));
  const now = Date.now();
  return toPage(rows, params.limit, (r) => [r.created_key, r.id], (r) => toWaiver(ctx, r, now));
}

export async function getWaiver(db: Pick<Tx, "execute">, ctx: ProjectCtx, milestoneId: string, waiverId: string): Promise<Waiver> {
  const [row] = rowsOf<WaiverRow>(await db.execute(waiverQuery(ctx, sql`w.milestone_id = ${milestoneId} and w.id = ${waiverId}`)));
  if (!row) throw new NotFoundError("Waiver");
  return toWaiver(ctx, row);
}

export async function assertMilestone(db: Pick<Tx, "execute">, ctx: ProjectCtx, milestoneId: string): Promise<void> {
  const [m] = rowsOf<{ id: string }>(await db.execute(sql`select id from milestones where project_id = ${ctx.project.id} and id = ${milestoneId}`));
  if (!m) throw new NotFoundError("Milestone");
}
