import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { milestoneSummary } from "@/lib/milestones/summary";
import type { MilestoneSummary } from "@/lib/milestones/summary-schemas";
import { rowsOf } from "@/lib/sql";
import { errorSignature, firstLine, suggestPattern, topFrame } from "./signature";
import { MAX_CLUSTER_CASES, type ClusterCase, type FailureCluster, type FailureClusterList } from "./schemas";

type Row = {
  entry_id: string;
  case_id: string;
  seq: number;
  title: string;
  priority: ClusterCase["priority"];
  status: ClusterCase["status"];
  environment_id: string;
  environment_name: string;
  run_id: string;
  result_id: string | null;
  error: { message?: string; stack?: string } | null;
  comment: string | null;
};

const PRIORITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/** Failing entries (FAILED, BLOCKED) with their latest attempt's error: the run's, or the given (run, case) pairs. */
function failingEntries(ctx: ProjectCtx, where: ReturnType<typeof sql>) {
  return sql`
    select e.id as entry_id, e.case_id, c.seq, c.title, c.priority, e.status, env.id as environment_id, env.name as environment_name,
      e.run_id, last.id as result_id, last.error, last.comment
    from run_entries e
    join test_cases c on c.id = e.case_id
    join test_runs t on t.id = e.run_id
    join environments env on env.id = t.environment_id
    left join lateral (
      select r.id, r.error, r.comment from results r where r.entry_id = e.id
      order by r.attempt desc, r.executed_at desc, r.id desc limit 1
    ) last on true
    where e.project_id = ${ctx.project.id} and e.status in ('FAILED', 'BLOCKED') and ${where}`;
}

/** Groups failing entries by error signature, largest cluster first (then by the signature). */
export function clusterRows(projectKey: string, rows: Row[], stateOf: (r: Row) => ClusterCase["state"]): FailureClusterList {
  const groups = new Map<string, { title: string; rows: Row[] }>();
  for (const r of rows) {
    // A manual failure has no error; the tester's comment is its message (as for failure rules).
    const error = r.error ?? (r.comment ? { message: r.comment } : null);
    const { signature, title } = errorSignature(error);
    const g = groups.get(signature) ?? { title, rows: [] };
    g.rows.push(r);
    groups.set(signature, g);
  }
  const data: FailureCluster[] = [...groups.entries()].map(([signature, g]) => {
    const sorted = [...g.rows].sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Number(a.seq) - Number(b.seq) || a.environment_name.localeCompare(b.environment_name));
    const ex = sorted[0];
    const exError = ex.error ?? (ex.comment ? { message: ex.comment } : null);
    return {
      signature,
      title: g.title,
      count: g.rows.length,
      cases: sorted.slice(0, MAX_CLUSTER_CASES).map((r) => ({
        caseId: r.case_id,
        caseKey: `${projectKey}-${r.seq}`,
        title: r.title,
        priority: r.priority,
        status: r.status,
        environment: { id: r.environment_id, name: r.environment_name },
        runId: r.run_id,
        entryId: r.entry_id,
        state: stateOf(r),
      })),
      example: {
        caseKey: `${projectKey}-${ex.seq}`,
        resultId: ex.result_id,
        message: String(exError?.message ?? "").slice(0, 2000),
        frame: topFrame(exError?.stack),
      },
      suggestedPattern: suggestPattern(firstLine(exError?.message)),
    };
  });
  data.sort((a, b) => b.count - a.count || a.signature.localeCompare(b.signature));
  return { data, failures: rows.length };
}

/** The failure clusters of one run: its FAILED and BLOCKED entries by error signature. */
export async function runFailureClusters(ctx: ProjectCtx, runId: string): Promise<FailureClusterList> {
  authorize(ctx, "project:read");
  const [run] = rowsOf(await ctx.db.execute(sql`select 1 from test_runs where project_id = ${ctx.project.id} and id = ${runId}`));
  if (!run) throw new NotFoundError("Test run");
  const rows = rowsOf<Row>(await ctx.db.execute(failingEntries(ctx, sql`e.run_id = ${runId}`)));
  return clusterRows(ctx.project.key, rows, () => "OPEN");
}

/**
 * The failure clusters of a milestone: exactly the failures its summary lists (open, quarantined
 * and waived; the latest failing entry of each case and environment, phases included), optionally
 * in one environment, by error signature.
 */
export async function milestoneFailureClusters(ctx: ProjectCtx, milestoneId: string, opts: { environmentId?: string; now?: Date } = {}): Promise<FailureClusterList> {
  return summaryFailureClusters(ctx, await milestoneSummary(ctx, milestoneId, { ...opts, includeChildren: false }));
}

/** The clusters of the failures a summary already lists (the milestone page has its summary at hand). */
export async function summaryFailureClusters(
  ctx: ProjectCtx,
  s: Pick<MilestoneSummary, "openFailures" | "quarantinedFailures" | "waivedFailures">,
): Promise<FailureClusterList> {
  authorize(ctx, "project:read");
  const state = new Map<string, ClusterCase["state"]>();
  const pairs: { run_id: string; case_id: string }[] = [];
  const add = (list: { caseId: string; runId: string }[], st: ClusterCase["state"]) => {
    for (const f of list) {
      state.set(`${f.runId}:${f.caseId}`, st);
      pairs.push({ run_id: f.runId, case_id: f.caseId });
    }
  };
  add(s.openFailures, "OPEN");
  add(s.quarantinedFailures, "QUARANTINED");
  add(s.waivedFailures, "WAIVED");
  if (!pairs.length) return { data: [], failures: 0 };
  const rows = rowsOf<Row>(
    await ctx.db.execute(
      failingEntries(
        ctx,
        sql`(e.run_id, e.case_id) in (select x.run_id, x.case_id from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(run_id text, case_id text))`,
      ),
    ),
  );
  return clusterRows(ctx.project.key, rows, (r) => state.get(`${r.run_id}:${r.case_id}`) ?? "OPEN");
}
