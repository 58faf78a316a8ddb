import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { environments, milestones, testRuns } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { FindingCounts } from "@/lib/exploratory/schemas";
import type { RunStatus, TestRun } from "./schemas";

/** Exact creation time (microseconds) for keyset pagination. */
const createdKey = sql<string>`to_char(${testRuns.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** An exploratory session's notes by kind (null for other runs): lists show a session's findings, not entries. */
export const runFindings = sql<FindingCounts | null>`case when ${testRuns.kind} = 'EXPLORATORY' then (
  select jsonb_build_object(
    'bug', count(*) filter (where n.kind = 'BUG'), 'question', count(*) filter (where n.kind = 'QUESTION'),
    'idea', count(*) filter (where n.kind = 'IDEA'), 'note', count(*) filter (where n.kind = 'NOTE'))
  from exploratory_notes n where n.run_id = ${testRuns.id} and n.project_id = ${testRuns.projectId}
) end`;

const runSelection = {
  run: testRuns,
  milestoneName: milestones.name,
  environmentName: environments.name,
  findings: runFindings,
  createdKey,
};

type RunRow = { run: typeof testRuns.$inferSelect; milestoneName: string; environmentName: string; findings: FindingCounts | null };

export function toTestRun({ run, milestoneName, environmentName, findings }: RunRow): TestRun {
  return {
    id: run.id,
    projectId: run.projectId,
    name: run.name,
    description: run.description,
    kind: run.kind,
    status: run.status,
    ciBuildId: run.ciBuildId,
    build: run.build,
    shards: run.shardTotal ? { total: run.shardTotal, completed: [...run.shardsDone].sort((a, b) => a - b) } : null,
    completionReason: (run.completionReason as TestRun["completionReason"]) ?? null,
    lastActivityAt: run.lastActivityAt?.toISOString() ?? null,
    sourceRunId: run.sourceRunId,
    milestone: { id: run.milestoneId, name: milestoneName },
    environment: { id: run.environmentId, name: environmentName },
    counts: {
      total: run.total,
      passed: run.passed,
      failed: run.failed,
      blocked: run.blocked,
      skipped: run.skipped,
      retest: run.retest,
      untested: run.untested,
      flaky: run.flaky,
    },
    charter: run.kind === "EXPLORATORY" ? (run.charter ?? "") : null,
    timeBoxMinutes: run.timeBoxMinutes,
    verdict: run.verdict,
    verdictSummary: run.verdictSummary,
    findings: run.kind === "EXPLORATORY" ? (findings ?? { bug: 0, question: 0, idea: 0, note: 0 }) : null,
    startedAt: run.startedAt?.toISOString() ?? null,
    completedAt: run.completedAt?.toISOString() ?? null,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}

function selectRuns(db: ProjectCtx["db"] | Tx) {
  return db
    .select(runSelection)
    .from(testRuns)
    .innerJoin(milestones, eq(milestones.id, testRuns.milestoneId))
    .innerJoin(environments, eq(environments.id, testRuns.environmentId));
}

export type RunFilter = {
  milestoneId?: string;
  environmentId?: string;
  status?: RunStatus[];
  kind?: TestRun["kind"][];
  ciBuildId?: string;
  build?: string;
};

export async function listRuns(ctx: ProjectCtx, filter: RunFilter, params: PageParams): Promise<Page<TestRun>> {
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  const conditions: (SQL | undefined)[] = [eq(testRuns.projectId, ctx.project.id)];
  if (filter.milestoneId) conditions.push(eq(testRuns.milestoneId, filter.milestoneId));
  if (filter.environmentId) conditions.push(eq(testRuns.environmentId, filter.environmentId));
  if (filter.status?.length) conditions.push(inArray(testRuns.status, filter.status));
  if (filter.kind?.length) conditions.push(inArray(testRuns.kind, filter.kind));
  if (filter.ciBuildId) conditions.push(eq(testRuns.ciBuildId, filter.ciBuildId));
  if (filter.build) conditions.push(eq(testRuns.build, filter.build));
  if (after) conditions.push(sql`(${testRuns.createdAt}, ${testRuns.id}) < (${after[0]}::timestamptz, ${after[1]})`);
  const rows = await selectRuns(ctx.db)
    .where(and(...conditions))
    .orderBy(desc(testRuns.createdAt), desc(testRuns.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.createdKey, r.run.id], toTestRun);
}

export async function getRun(ctx: ProjectCtx, runId: string, db: ProjectCtx["db"] | Tx = ctx.db): Promise<TestRun> {
  const [row] = await selectRuns(db).where(and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.id, runId)));
  if (!row) throw new NotFoundError("Test run");
  return toTestRun(row);
}
