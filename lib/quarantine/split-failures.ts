import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import type { QuarantinedFailure } from "@/lib/milestones/summary-schemas";
import { anyOf, rowsOf } from "@/lib/sql";
import { activeQuarantineSql } from "./queries";

type QuarantineRef = QuarantinedFailure["quarantine"];

type Row = {
  case_id: string;
  id: string;
  reason: string;
  owner_id: string | null;
  owner_name: string | null;
  created_ms: number;
  expires_ms: number;
  active: boolean;
};

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/**
 * Splits a summary's open failures by quarantine, in one query over the failing cases only: a
 * failure of a case with an active quarantine (at `now`) moves to `quarantined` and does not
 * block; any other stays open, carrying the quarantine that covered part of its failure streak
 * and has expired since (so the page can say why it blocks again). Lifted quarantines are gone.
 */
export async function splitQuarantined<F extends { caseId: string; since: string | null }>(
  ctx: ProjectCtx,
  failures: F[],
  now: Date,
): Promise<{ open: (F & { quarantine: QuarantineRef | null })[]; quarantined: (F & { quarantine: QuarantineRef })[] }> {
  if (!failures.length) return { open: [], quarantined: [] };
  const caseIds = [...new Set(failures.map((f) => f.caseId))];
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select distinct on (q.case_id) q.case_id, q.id, q.reason, q.owner_id, u.name as owner_name,
        (extract(epoch from q.created_at) * 1000)::float8 as created_ms,
        (extract(epoch from q.expires_at) * 1000)::float8 as expires_ms,
        ${activeQuarantineSql("q", now)} as active
      from quarantines q left join users u on u.id = q.owner_id
      where q.project_id = ${ctx.project.id} and q.case_id = ${anyOf(caseIds)} and q.lifted_at is null
        and q.created_at <= ${now.toISOString()}::timestamptz
      order by q.case_id, ${activeQuarantineSql("q", now)} desc, q.expires_at desc, q.id desc`),
  );
  const byCase = new Map(rows.map((r) => [r.case_id, r]));
  const open: (F & { quarantine: QuarantineRef | null })[] = [];
  const quarantined: (F & { quarantine: QuarantineRef })[] = [];
  for (const f of failures) {
    const q = byCase.get(f.caseId);
    const ref = q && {
      id: q.id,
      reason: q.reason,
      owner: q.owner_id ? { id: q.owner_id, name: q.owner_name ?? "" } : null,
      createdAt: iso(q.created_ms),
      expiresAt: iso(q.expires_ms),
    };
    if (q && ref && q.active) quarantined.push({ ...f, quarantine: ref });
    else if (q && ref && (f.since == null || Number(q.expires_ms) > Date.parse(f.since))) open.push({ ...f, quarantine: ref });
    else open.push({ ...f, quarantine: null });
  }
  return { open, quarantined };
}
