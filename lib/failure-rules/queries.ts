import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import type { FailureRule, FailureRuleField } from "./schemas";

type Row = {
  id: string;
  name: string;
  pattern: string;
  field: FailureRuleField;
  defect_tracker: string;
  defect_key: string;
  defect_url: string | null;
  expires_ms: number | null;
  created_by_id: string | null;
  created_by_name: string | null;
  created_ms: number;
  matches: number;
};

const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

/** The one definition of an active rule: not expired at `now`. */
export function activeRuleSql(alias: string, now: Date): SQL {
  const r = sql.raw(alias);
  return sql`(${r}.expires_at is null or ${r}.expires_at > ${now.toISOString()}::timestamptz)`;
}

function select(ctx: ProjectCtx, where: SQL) {
  return sql`
    select fr.id, fr.name, fr.pattern, fr.field, fr.defect_tracker, fr.defect_key, fr.defect_url,
      (extract(epoch from fr.expires_at) * 1000)::float8 as expires_ms,
      fr.created_by_id, u.name as created_by_name, (extract(epoch from fr.created_at) * 1000)::float8 as created_ms,
      (select count(*) from results r where r.rule_id = fr.id)::int as matches
    from failure_rules fr left join users u on u.id = fr.created_by_id
    where fr.project_id = ${ctx.project.id} and ${where}
    order by fr.created_at, fr.id`;
}

function toRule(r: Row, nowMs: number): FailureRule {
  const expires = r.expires_ms == null ? null : Number(r.expires_ms);
  return {
    id: r.id,
    name: r.name,
    pattern: r.pattern,
    field: r.field,
    defect: { key: r.defect_key, url: r.defect_url, tracker: r.defect_tracker },
    expiresAt: iso(expires),
    active: expires == null || expires > nowMs,
    matches: Number(r.matches),
    createdBy: r.created_by_id ? { id: r.created_by_id, name: r.created_by_name ?? "" } : null,
    createdAt: iso(r.created_ms)!,
  };
}

/** Every rule of the project, oldest first (the order in which they are tried), expired ones included. */
export async function listFailureRules(ctx: ProjectCtx): Promise<{ data: FailureRule[] }> {
  authorize(ctx, "project:read");
  const now = Date.now();
  const rows = rowsOf<Row>(await ctx.db.execute(select(ctx, sql`true`)));
  return { data: rows.map((r) => toRule(r, now)) };
}

export async function getFailureRule(db: Pick<Tx, "execute">, ctx: ProjectCtx, ruleId: string): Promise<FailureRule> {
  const [row] = rowsOf<Row>(await db.execute(select(ctx, sql`fr.id = ${ruleId}`)));
  if (!row) throw new NotFoundError("Failure rule");
  return toRule(row, Date.now());
}

/** The rules that apply at `now`, oldest first: the first that matches wins. */
export async function activeRules(db: Pick<Tx, "execute">, projectId: string, now: Date) {
  return rowsOf<{ id: string; pattern: string; field: FailureRuleField }>(
    await db.execute(sql`
      select fr.id, fr.pattern, fr.field from failure_rules fr
      where fr.project_id = ${projectId} and ${activeRuleSql("fr", now)}
      order by fr.created_at, fr.id`),
  );
}
