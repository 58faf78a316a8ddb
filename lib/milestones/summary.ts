import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { readSettings, type ProjectSettings } from "@/lib/projects/schemas";
import { executedCount, passRate } from "@/lib/runs/metrics";
import { exploratoryNumbers } from "@/lib/exploratory/milestone-numbers";
import { withCoverage } from "@/lib/requirements/coverage-verdict";
import { milestoneCoverage } from "@/lib/requirements/milestone-coverage";
import { anyOf, literalTextArray, rowsOf } from "@/lib/sql";
import { latestBuildOf, staleEntries } from "@/lib/runs/builds";
import { resolveBaseline } from "./baseline";
import { ancestorIds } from "./queries";
import { blockingRule, fixedSince, markFailures, pairKey, type BaselineRuns } from "./regressions";
import { byRunStamp } from "./run-stamp-cache";
import { runsByEnvironment, scopeRuns, type EnvironmentRuns, type ScopeRun } from "./scope-runs";
import { activeWaiverSql } from "./waivers";
import { lastQuarantineChange } from "@/lib/quarantine/queries";
import { splitQuarantined } from "@/lib/quarantine/split-failures";
import type {
  GateResult,
  MilestoneSummary,
  OpenFailure,
  Reason,
  Regression,
  Risk,
  SignoffView,
  StaleCase,
  SummaryCounts,
  SummaryRuns,
  Verdict,
  WaivedFailure,
} from "./summary-schemas";

/**
 * The one implementation of DESIGN §6 (verdict, pass rate, progress, open failures, due-date
 * risk), read by the API, the pages, Slack and CSV alike.
 *
 * Scope: a milestone's numbers include the runs of all its descendants (phase milestones roll up
 * into their release); `children` shows each direct child with its own rolled-up numbers.
 * Counts come from the runs' status counters (never from results); open failures come from one
 * set-based query over run_entries.
 */
export type SummaryOptions = {
  /** Only this environment's runs count. */
  environmentId?: string;
  /** The clock (tests pass a fixed one). */
  now?: Date;
  /** Summaries of direct children (default true); the gate and badge skip them. */
  includeChildren?: boolean;
  /** Only the runs of this build count. */
  build?: string;
};

const DAY_MS = 86_400_000;
/** Recent execution velocity is measured over this many days. */
export const VELOCITY_WINDOW_DAYS = 7;
const PRIORITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

type MilestoneRow = { id: string; name: string; due_ms: number | null; status: "ACTIVE" | "COMPLETED" | "ARCHIVED"; settings: unknown };
type RunGroup = {
  environment_id: string;
  environment_name: string;
  status: "PLANNED" | "IN_PROGRESS" | "COMPLETED" | "ABORTED";
  runs: number;
  changed_ms: number | null;
} & SummaryCounts;

const ZERO_COUNTS: SummaryCounts = { total: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 };
const COUNT_KEYS = Object.keys(ZERO_COUNTS) as (keyof SummaryCounts)[];
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(Number(ms)).toISOString());
const round1 = (x: number) => Math.round(x * 10) / 10;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** An environment of the project by id or (case-insensitive) name. */
export async function findEnvironment(ctx: ProjectCtx, idOrName: string): Promise<{ id: string; name: string }> {
  const [env] = rowsOf<{ id: string; name: string }>(
    await ctx.db.execute(sql`
      select id, name from environments
      where project_id = ${ctx.project.id} and (id = ${idOrName} or lower(name) = lower(${idOrName}))
      order by (id = ${idOrName}) desc limit 1`),
  );
  if (!env) throw new NotFoundError("Environment");
  return env;
}

export async function milestoneSummary(ctx: ProjectCtx, milestoneId: string, opts: SummaryOptions = {}): Promise<MilestoneSummary> {
  authorize(ctx, "project:read");
  const now = opts.now ?? new Date();
  const projectId = ctx.project.id;
  const [[m], scope, ancestors] = await Promise.all([
    ctx.db
      .execute(
        sql`
      select m.id, m.name, m.status, (extract(epoch from m.due_date) * 1000)::float8 as due_ms, p.settings
      from milestones m join projects p on p.id = m.project_id
      where m.project_id = ${projectId} and m.id = ${milestoneId}`,
      )
      .then((r) => rowsOf<MilestoneRow>(r)),
    subtreeIds(ctx, milestoneId),
    ancestorIds(ctx.db, projectId, milestoneId),
  ]);
  if (!m) throw new NotFoundError("Milestone");
  const settings = readSettings(m.settings);
  // A waiver granted on this milestone or on a release above it covers failures in this subtree.
  const waiverScope = [...new Set([...scope, ...ancestors])];
  const env = opts.environmentId ? await findEnvironment(ctx, opts.environmentId) : null;
  const build = opts.build;

  // Every part starts as soon as what it needs is known, so the independent queries run at once
  // (on PostgreSQL each on its own connection) rather than one after another.
  const nowRunsP = scopeRuns(ctx, scope, { environmentId: env?.id, build });
  const baselineP = baselineRuns(ctx, milestoneId, now, env?.id);
  const failingP = nowRunsP.then((runs) => failingCases(ctx, runs, waiverScope, now));
  const groupsP = runGroups(ctx, scope, build);
  const [groups, { waived }, split, regressions, fixed, stale, signoffRows, waiverChange, quarantineChange, executedRecently, coverage, exploratory, children] =
    await Promise.all([
      groupsP,
      failingP,
      // Failures of quarantined cases are listed apart and do not block.
      failingP.then(({ open }) => splitQuarantined(ctx, open, now)),
      Promise.all([baselineP, failingP]).then(([side, f]) =>
        markFailures(
          ctx,
          side,
          [...f.open, ...f.waived].map((x) => ({ caseId: x.caseId, environmentId: x.environment.id })),
        ),
      ),
      Promise.all([baselineP, nowRunsP]).then(([side, runs]) => fixedSince(ctx, side, runsByEnvironment(runs))),
      nowRunsP.then(async (runs) => ({ latestBuild: latestBuildOf(runs), rows: await staleEntries(ctx, runs, latestBuildOf(runs)) })),
      signoffs(ctx, milestoneId),
      lastWaiverChange(ctx, waiverScope, now),
      lastQuarantineChange(ctx, scope, now),
      // The pace only forecasts when the open entries finish: with none open, it is not read.
      groupsP.then((all) => {
        const open = sumCounts(env ? all.filter((g) => g.environment_id === env.id) : all);
        return m.status === "COMPLETED" || open.untested + open.retest === 0 ? 0 : recentExecutions(ctx, scope, env?.id, now, build);
      }),
      milestoneCoverage(ctx, milestoneId, { environmentId: env?.id, now, scope }),
      exploratoryNumbers(ctx, scope, env?.id),
      opts.includeChildren === false ? [] : childSummaries(ctx, milestoneId, { environmentId: env?.id, now, build }),
    ]);
  const baseline = regressions.counts.baseline;
  const { latestBuild } = stale;
  const mark = (caseId: string, environmentId: string): Regression => regressions.marks.get(pairKey(caseId, environmentId)) ?? "UNKNOWN";
  const failures = split.open.map((f) => ({ ...f, regression: mark(f.caseId, f.environment.id) }));
  const quarantined = split.quarantined.map((f) => ({ ...f, regression: mark(f.caseId, f.environment.id) }));
  const envNames = new Map(groups.map((g) => [g.environment_id, g.environment_name]));
  const staleCases: StaleCase[] = stale.rows
    .filter((r) => r.priority === "CRITICAL" || r.priority === "HIGH")
    .sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.seq - b.seq || (envNames.get(a.environmentId) ?? "").localeCompare(envNames.get(b.environmentId) ?? ""))
    .map((r) => ({
      caseId: r.caseId,
      caseKey: `${ctx.project.key}-${r.seq}`,
      title: r.title,
      priority: r.priority,
      environment: { id: r.environmentId, name: envNames.get(r.environmentId) ?? "" },
      status: r.status,
      build: r.build,
      runId: r.runId,
      executedAt: iso(r.executedMs)!,
    }));
  const verdictInputs = { hasBaseline: baseline !== null, staleCases, latestBuild };

  const inScope = env ? groups.filter((g) => g.environment_id === env.id) : groups;
  const runs = runCounts(inScope);
  const counts = sumCounts(inScope);
  const judged = withCoverage(judge(runs, counts, failures, settings, verdictInputs), coverage, settings);

  const envIds = [...new Map(inScope.filter((g) => g.status !== "ABORTED").map((g) => [g.environment_id, g.environment_name])).entries()].sort(
    (a, b) => a[1].localeCompare(b[1]),
  );
  const environments = envIds.map(([id, name]) => {
    const mine = inScope.filter((g) => g.environment_id === id);
    const c = sumCounts(mine);
    return {
      environment: { id, name },
      passRate: passRate(c),
      counts: c,
      verdict: withCoverage(
        judge(runCounts(mine), c, failures.filter((f) => f.environment.id === id), settings, {
          ...verdictInputs,
          staleCases: staleCases.filter((f) => f.environment.id === id),
        }),
        coverage,
        settings,
        id,
      ).verdict,
    };
  });

  const lastChange = Math.max(0, waiverChange ?? 0, quarantineChange ?? 0, ...groups.map((g) => Number(g.changed_ms ?? 0)));

  return {
    milestone: { id: m.id, name: m.name, dueDate: iso(m.due_ms), status: m.status },
    environment: env,
    verdict: judged.verdict,
    reasons: judged.reasons,
    passRate: passRate(counts),
    passRateThreshold: settings.passRateThreshold,
    progress: progressOf(counts),
    counts: { ...counts, stale: stale.rows.length },
    openFailures: failures,
    waivedFailures: waived,
    quarantinedFailures: quarantined,
    rules: {
      passRateThreshold: settings.passRateThreshold,
      blockingPriorities: settings.blockingPriorities,
      warningWindowDays: settings.warningWindowDays,
      blockOn: settings.blockOn,
      requireLatestBuild: settings.requireLatestBuild,
      requireCoverage: settings.requireCoverage,
    },
    regressions: { ...regressions.counts, fixed },
    build: build ?? null,
    latestBuild,
    staleCases,
    runs,
    risk: riskOf({
      due: m.due_ms == null ? null : Number(m.due_ms),
      status: m.status,
      runs,
      counts,
      executedRecently,
      settings,
      now,
      environmentName: env?.name,
    }),
    environments,
    signoffs: signoffRows.map((s) => ({ ...s, stale: lastChange > Date.parse(s.createdAt) })),
    children,
    exploratory,
    coverage: coverage.totals,
    generatedAt: now.toISOString(),
  };
}

/** The baseline milestone and its non-aborted runs by environment (same environment filter). */
async function baselineRuns(ctx: ProjectCtx, milestoneId: string, now: Date, environmentId?: string): Promise<BaselineRuns> {
  const baseline = await resolveBaseline(ctx, milestoneId, now);
  if (!baseline) return { baseline, before: new Map() };
  return { baseline, before: runsByEnvironment(await scopeRuns(ctx, await subtreeIds(ctx, baseline.id), { environmentId })) };
}

/** The milestone and every milestone below it (empty when the milestone is not in the project). */
export async function subtreeIds(ctx: ProjectCtx, milestoneId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      with recursive tree(id, depth) as (
        select id, 0 from milestones where project_id = ${ctx.project.id} and id = ${milestoneId}
        union all
        select m.id, tree.depth + 1 from milestones m join tree on m.parent_id = tree.id
        where m.project_id = ${ctx.project.id} and tree.depth < 100
      )
      select id from tree`),
  );
  return rows.map((r) => r.id);
}

/** Runs by environment and status, with their counters summed: a few rows however many results. */
async function runGroups(ctx: ProjectCtx, scope: string[], build?: string): Promise<RunGroup[]> {
  const rows = rowsOf<RunGroup>(
    await ctx.db.execute(sql`
      select r.environment_id, e.name as environment_name, r.status, count(*)::int as runs,
        sum(r.total)::int as total, sum(r.passed)::int as passed, sum(r.failed)::int as failed,
        sum(r.blocked)::int as blocked, sum(r.skipped)::int as skipped, sum(r.retest)::int as retest,
        sum(r.untested)::int as untested, sum(r.flaky)::int as flaky,
        (extract(epoch from max(greatest(r.updated_at, r.last_activity_at))) * 1000)::float8 as changed_ms
      from test_runs r join environments e on e.id = r.environment_id
      where r.project_id = ${ctx.project.id} and r.milestone_id = ${anyOf(scope)} ${buildFilter(build)}
      group by r.environment_id, e.name, r.status`),
  );
  return rows.map((r) => ({ ...r, runs: Number(r.runs), ...Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(r[k])])) }));
}

const buildFilter = (build: string | undefined) => (build === undefined ? sql`` : sql`and build = ${build}`);

function runCounts(groups: RunGroup[]): SummaryRuns {
  const by = (status: RunGroup["status"]) => groups.filter((g) => g.status === status).reduce((n, g) => n + g.runs, 0);
  const planned = by("PLANNED");
  const inProgress = by("IN_PROGRESS");
  const completed = by("COMPLETED");
  const aborted = by("ABORTED");
  return { total: planned + inProgress + completed + aborted, planned, inProgress, completed, aborted };
}

/** Counters of the runs that are not ABORTED (DESIGN §6). */
function sumCounts(groups: RunGroup[]): SummaryCounts {
  const out = { ...ZERO_COUNTS };
  for (const g of groups) if (g.status !== "ABORTED") for (const k of COUNT_KEYS) out[k] += g[k];
  return out;
}

/** Entries that are not open (UNTESTED or RETEST), of all entries; 0 when there are none. */
export function progressOf(c: SummaryCounts): number {
  return c.total === 0 ? 0 : round1(((c.total - c.untested - c.retest) / c.total) * 100);
}

/** An open failing pair of one environment's runs, read from their entries and results alone. */
type OpenPair = { case_id: string; run_id: string; status: OpenFailure["status"]; since_ms: number | null; comment: string | null };

type FailureDetails = {
  case_id: string;
  seq: number;
  title: string;
  priority: OpenFailure["priority"];
  environment_name: string;
  defect_id: string | null;
  tracker: string | null;
  defect_key: string | null;
  defect_url: string | null;
  defect_status: string | null;
  waiver_id: string | null;
  waiver_milestone_id: string | null;
  waiver_reason: string | null;
  waiver_created_ms: number | null;
  waiver_expires_ms: number | null;
  waiver_active: boolean | null;
  waiver_by_id: string | null;
  waiver_by_name: string | null;
};

type FailingRow = OpenPair & FailureDetails & { environment_id: string };

/**
 * Failing (case, environment) pairs, set-based over run_entries (never results), in work
 * proportional to the failures rather than to the milestone, per environment: the open pairs
 * (openPairs) come from the runs' entries alone and are kept by the runs' stamp; what a pair
 * shows from other tables (the case, its defect, a waiver) is read each time for those pairs only.
 * A failing pair with an active waiver is waived; every other one is open (with the expired
 * waiver, if one lapsed).
 */
async function failingCases(
  ctx: ProjectCtx,
  /** The scope's non-aborted runs (already filtered by environment and build). */
  runs: readonly ScopeRun[],
  waiverScope: string[],
  now: Date,
): Promise<{ open: Omit<OpenFailure, "regression" | "quarantine">[]; waived: WaivedFailure[] }> {
  // A failure is per (case, environment), so each environment is its own query; on
  // PostgreSQL they run at once on separate connections.
  const perEnv = await Promise.all(
    [...runsByEnvironment(runs)].map(async ([envId, envRuns]): Promise<FailingRow[]> => {
      const pairs = await openPairs(ctx, envRuns);
      if (!pairs.length) return [];
      const details = new Map((await failureDetails(ctx, envId, pairs, waiverScope, now)).map((d) => [d.case_id, d]));
      return pairs.flatMap((p) => {
        const d = details.get(p.case_id);
        return d ? [{ ...p, ...d, environment_id: envId }] : [];
      });
    }),
  );
  const rows = perEnv
    .flat()
    .sort(
      (a, b) =>
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        Number(a.seq) - Number(b.seq) ||
        a.environment_name.localeCompare(b.environment_name),
    );
  const open: Omit<OpenFailure, "regression" | "quarantine">[] = [];
  const waived: WaivedFailure[] = [];
  for (const r of rows) {
    const failure = {
      caseId: r.case_id,
      caseKey: `${ctx.project.key}-${r.seq}`,
      title: r.title,
      priority: r.priority,
      status: r.status,
      environment: { id: r.environment_id, name: r.environment_name },
    };
    if (r.waiver_id && r.waiver_active) {
      waived.push({
        ...failure,
        runId: r.run_id,
        waiverId: r.waiver_id,
        milestoneId: r.waiver_milestone_id!,
        reason: r.waiver_reason!,
        waivedBy: r.waiver_by_id ? { id: r.waiver_by_id, name: r.waiver_by_name ?? "" } : null,
        waivedAt: iso(r.waiver_created_ms)!,
        expiresAt: iso(r.waiver_expires_ms),
      });
      continue;
    }
    open.push({
      ...failure,
      runId: r.run_id,
      since: iso(r.since_ms),
      defect: r.defect_id ? { id: r.defect_id, tracker: r.tracker!, key: r.defect_key!, url: r.defect_url, status: r.defect_status } : null,
      comment: r.comment,
      waiver: r.waiver_id
        ? { id: r.waiver_id, reason: r.waiver_reason!, createdAt: iso(r.waiver_created_ms)!, expiresAt: iso(r.waiver_expires_ms) }
        : null,
    });
  }
  return { open, waived };
}

/**
 * The open failing cases of one environment's runs, with the run of the latest failure, when the
 * streak began and its latest comment. The failing entries come from a partial index of failing
 * entries without touching the table; then, for each failing case only, its latest pass in those
 * runs is one short walk down the (case_id, status, last_result_at desc) index (newest first,
 * stopping at the first entry of a matching run; every write that sets an entry's status also
 * stamps last_result_at, so a pass always has one). A pair fails when its latest failure is newer
 * than its latest pass; `since` is its oldest failure after that pass (the start of the streak).
 * The run ids go in as a literal array, which PostgreSQL hashes, so the walk tests each index
 * entry in constant time. Read from the runs' entries and results alone, so kept by their stamp.
 */
function openPairs(ctx: ProjectCtx, envRuns: EnvironmentRuns): Promise<OpenPair[]> {
  const runs = literalTextArray(envRuns.ids);
  return byRunStamp("open-pairs", ctx.project.id, envRuns.stamp, async () =>
    rowsOf<OpenPair>(
      await ctx.db.execute(sql`
        with fails as materialized (
          select e.id, e.case_id, e.run_id, e.status, coalesce(e.last_result_at, e.updated_at) as at
          from run_entries e
          where e.run_id = any(${runs}) and e.status in ('FAILED', 'BLOCKED')
        ), cases as (
          select distinct case_id from fails
        ), passes as (
          select c.case_id, timed.at as last_pass
          from cases c
          left join lateral (
            select e.last_result_at as at from run_entries e
            where e.case_id = c.case_id and e.status = 'PASSED' and e.last_result_at is not null and e.run_id = any(${runs})
            order by e.last_result_at desc nulls last limit 1
          ) timed on true
        ), streaks as (
          select f.*, p.last_pass,
            min(f.at) filter (where f.at > coalesce(p.last_pass, '-infinity'::timestamptz)) over (partition by f.case_id) as since
          from fails f left join passes p on p.case_id = f.case_id
        ), latest as (
          select distinct on (case_id) case_id, run_id, status, at, last_pass, since
          from streaks
          order by case_id, at desc, id desc
        ), open as (
          select * from latest where at > coalesce(last_pass, '-infinity'::timestamptz)
        ), notes as (
          -- The latest comment written on a failing attempt of the streak, from the failing entries
          -- already at hand (one index lookup of their attempts each, not a walk per failure).
          select distinct on (o.case_id) o.case_id, r.comment
          from open o
          join fails f on f.case_id = o.case_id and f.at >= o.since
          join results r on r.entry_id = f.id
          where r.status in ('FAILED', 'BLOCKED') and r.executed_at >= o.since and nullif(btrim(r.comment), '') is not null
          order by o.case_id, r.executed_at desc, r.attempt desc, r.id desc
        )
        select o.case_id, o.run_id, o.status, (extract(epoch from o.since) * 1000)::float8 as since_ms, note.comment
        from open o left join notes note on note.case_id = o.case_id`),
    ),
  );
}

/** What the open pairs of one environment show from outside its runs: the case, its latest defect, and the waiver that covers it. */
async function failureDetails(
  ctx: ProjectCtx,
  environmentId: string,
  pairs: OpenPair[],
  waiverScope: string[],
  now: Date,
): Promise<FailureDetails[]> {
  return rowsOf<FailureDetails>(
    await ctx.db.execute(sql`
      select c.id as case_id, c.seq, c.title, c.priority, env.name as environment_name,
        d.id as defect_id, d.tracker, d.key as defect_key, d.url as defect_url, d.status as defect_status,
        w.id as waiver_id, w.milestone_id as waiver_milestone_id, w.reason as waiver_reason, w.active as waiver_active,
        (extract(epoch from w.created_at) * 1000)::float8 as waiver_created_ms,
        (extract(epoch from w.expires_at) * 1000)::float8 as waiver_expires_ms,
        w.created_by_id as waiver_by_id, u.name as waiver_by_name
      from test_cases c
      join environments env on env.id = ${environmentId}
      left join lateral (
        select id, tracker, key, url, status from defect_links
        where case_id = c.id and project_id = ${ctx.project.id}
        order by created_at desc, id desc limit 1
      ) d on true
      left join lateral (
        -- The active waiver if there is one, else the one that expired last (revoked ones are gone for good).
        select ww.id, ww.milestone_id, ww.reason, ww.created_at, ww.expires_at, ww.created_by_id, ${activeWaiverSql("ww", now)} as active
        from waivers ww
        where ww.case_id = c.id and ww.milestone_id = ${anyOf(waiverScope)}
          and (ww.environment_id is null or ww.environment_id = ${environmentId}) and ww.revoked_at is null
        order by ${activeWaiverSql("ww", now)} desc, ww.expires_at desc nulls first, ww.created_at desc, ww.id desc
        limit 1
      ) w on true
      left join users u on u.id = w.created_by_id
      where c.project_id = ${ctx.project.id} and c.id = any(${literalTextArray(pairs.map((p) => p.case_id))})`),
  );
}

/**
 * Executed results (PASSED, FAILED, BLOCKED) in the scope's runs over the velocity window before
 * `now`: every attempt counts, as before. The runs already belong to the project, so the count is
 * an index-only range scan of results (run_id, status, executed_at) per run and status.
 */
async function recentExecutions(ctx: ProjectCtx, scope: string[], environmentId: string | undefined, now: Date, build?: string): Promise<number> {
  const to = now.toISOString();
  const from = new Date(now.getTime() - VELOCITY_WINDOW_DAYS * DAY_MS).toISOString();
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as n from results res
      where res.executed_at > ${from}::timestamptz and res.executed_at <= ${to}::timestamptz
        and res.status in ('PASSED', 'FAILED', 'BLOCKED')
        and res.run_id in (
          select id from test_runs
          where project_id = ${ctx.project.id} and milestone_id = ${anyOf(scope)} and status <> 'ABORTED'
            ${environmentId ? sql`and environment_id = ${environmentId}` : sql``} ${buildFilter(build)}
        )`),
  );
  return Number(row?.n ?? 0);
}

type SignoffRow = Omit<SignoffView, "stale">;

async function signoffs(ctx: ProjectCtx, milestoneId: string): Promise<SignoffRow[]> {
  const rows = rowsOf<{
    id: string;
    user_id: string;
    name: string;
    email: string;
    decision: "APPROVED" | "REJECTED";
    comment: string;
    verdict_at_signoff: string | null;
    created_ms: number;
  }>(
    await ctx.db.execute(sql`
      select s.id, s.user_id, u.name, u.email, s.decision, s.comment, s.verdict_at_signoff,
        (extract(epoch from s.created_at) * 1000)::float8 as created_ms
      from milestone_signoffs s join users u on u.id = s.user_id
      where s.milestone_id = ${milestoneId}
      order by s.created_at desc, s.id desc`),
  );
  return rows.map((r) => ({
    id: r.id,
    user: { id: r.user_id, name: r.name, email: r.email },
    decision: r.decision,
    comment: r.comment,
    verdictAtSignoff: r.verdict_at_signoff,
    createdAt: iso(r.created_ms)!,
  }));
}

/**
 * When a waiver covering this milestone was last granted, revoked or expired (a change a sign-off
 * did not see): a waiver that lapses reopens its failure just as a revocation does.
 */
async function lastWaiverChange(ctx: ProjectCtx, waiverScope: string[], now: Date): Promise<number | null> {
  const [row] = rowsOf<{ ms: number | null }>(
    await ctx.db.execute(sql`
      select (extract(epoch from max(greatest(created_at, revoked_at,
        case when expires_at <= ${now.toISOString()}::timestamptz then expires_at end))) * 1000)::float8 as ms
      from waivers where project_id = ${ctx.project.id} and milestone_id = ${anyOf(waiverScope)}`),
  );
  return row?.ms == null ? null : Number(row.ms);
}

/** Verdict and reasons for a set of runs (DESIGN §6). */
function judge(
  runs: SummaryRuns,
  counts: SummaryCounts,
  failures: OpenFailure[],
  settings: ProjectSettings,
  extra: { hasBaseline: boolean; staleCases: StaleCase[]; latestBuild: string | null },
): { verdict: Verdict; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const live = runs.total - runs.aborted;
  const incomplete = runs.planned + runs.inProgress;
  if (incomplete > 0) {
    reasons.push({ code: "RUNS_INCOMPLETE", message: `${incomplete} of ${plural(live, "run")} ${incomplete === 1 ? "is" : "are"} not completed.` });
  }
  const { code: blockCode, failures: blocking } = blockingRule(failures, settings, extra.hasBaseline);
  if (blocking.length) {
    reasons.push({
      code: blockCode,
      message: `${plural(blocking.length, blockCode === "NEW_REGRESSIONS" ? "new failure" : "open failure")} of priority ${settings.blockingPriorities.join(" or ")}${blockCode === "NEW_REGRESSIONS" ? " (passed in the baseline)" : ""}: ${keyList(blocking)}.`,
    });
  }
  if (settings.requireLatestBuild && extra.staleCases.length) reasons.push(staleReason(extra.staleCases, extra.latestBuild!));
  const rate = passRate(counts);
  if (rate === null) {
    reasons.push({ code: "PASS_RATE_BELOW_THRESHOLD", message: `Nothing has been executed yet; the threshold is ${settings.passRateThreshold}%.` });
  } else if (rate < settings.passRateThreshold) {
    reasons.push({
      code: "PASS_RATE_BELOW_THRESHOLD",
      message: `Pass rate ${rate.toFixed(1)}% (${counts.passed} of ${executedCount(counts)} executed) is below the ${settings.passRateThreshold}% threshold.`,
    });
  }
  const untracked = failures.filter((f) => !f.defect);
  if (untracked.length) {
    reasons.push({
      code: "UNTRACKED_FAILURES",
      message: `${plural(untracked.length, "open failure")} ${untracked.length === 1 ? "has" : "have"} no defect link or waiver: ${keyList(untracked)}.`,
    });
  }
  return { verdict: reasons.length ? "NO_GO" : "GO", reasons };
}

/** "DEMO-3 (Staging) last passed on a1b2c3d; the candidate is e4f5a6b". */
function staleReason(stale: StaleCase[], candidate: string, max = 5): Reason {
  const verb = { PASSED: "passed", FAILED: "failed", BLOCKED: "was blocked" } as const;
  const items = stale.map((s) => `${s.caseKey} (${s.environment.name}) last ${verb[s.status]} on ${s.build ?? "a run without a build"}`);
  const list = items.length > max ? `${items.slice(0, max).join(", ")} and ${items.length - max} more` : items.join(", ");
  return {
    code: "STALE_RESULTS",
    message: `${plural(stale.length, "CRITICAL or HIGH case")} ${stale.length === 1 ? "has" : "have"} no result on the latest build: ${list}; the candidate is ${candidate}.`,
  };
}

function keyList(failures: { caseKey: string; environment: { name: string } }[], max = 5): string {
  const keys = failures.map((f) => `${f.caseKey} (${f.environment.name})`);
  return keys.length > max ? `${keys.slice(0, max).join(", ")} and ${keys.length - max} more` : keys.join(", ");
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS);
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Schedule risk (DESIGN §6), separate from the verdict: will the testing finish by the due date?
 * Days are UTC calendar days. The forecast divides the open entries (UNTESTED, RETEST) by the
 * executions per day over the last 7 days; with open entries and no recent execution the
 * forecast is unbounded, which is after any due date. In order:
 * - a COMPLETED milestone, or one whose every run is complete, is ON_TRACK whatever its verdict;
 * - past the due date it is OVERDUE;
 * - with no runs, or nothing executed (PASSED, FAILED or BLOCKED), it is NOT_STARTED;
 * - it is AT_RISK when the forecast finishes after the due date, or inside the warning window
 *   with runs incomplete; otherwise ON_TRACK.
 */
export function riskOf(a: {
  due: number | null;
  status: "ACTIVE" | "COMPLETED" | "ARCHIVED";
  runs: SummaryRuns;
  counts: SummaryCounts;
  executedRecently: number;
  settings: ProjectSettings;
  now: Date;
  /** The environment filter's name: "No runs in Production". */
  environmentName?: string;
}): Risk {
  const nowMs = a.now.getTime();
  const live = a.runs.total - a.runs.aborted;
  const incompleteRuns = a.runs.planned + a.runs.inProgress;
  const incompleteRunsPercent = live === 0 ? 0 : Math.round((incompleteRuns / live) * 100);
  const open = a.counts.untested + a.counts.retest;
  const perDay = a.executedRecently / VELOCITY_WINDOW_DAYS;
  const finishMs = open === 0 ? null : perDay > 0 ? nowMs + (open / perDay) * DAY_MS : Infinity;
  const forecastFinish = finishMs === null || finishMs === Infinity ? null : new Date(Math.round(finishMs)).toISOString();
  const daysLeft = a.due === null ? null : utcDay(a.due) - utcDay(nowMs);
  const risk = (level: Risk["level"], message: string): Risk => ({ level, daysLeft, incompleteRunsPercent, forecastFinish, message });

  const pastDue = a.due !== null && nowMs > a.due;
  const dueText =
    a.due === null || daysLeft === null
      ? "no due date"
      : pastDue
        ? daysLeft < 0
          ? `overdue by ${plural(-daysLeft, "day")}`
          : "overdue since earlier today"
        : daysLeft === 0
          ? "due today"
          : `due in ${plural(daysLeft, "day")}`;
  const runsText = `${incompleteRuns} of ${plural(live, "run")} incomplete (${incompleteRunsPercent}%)`;
  const forecastText =
    finishMs === null
      ? "every entry executed"
      : finishMs === Infinity
        ? `no forecast: ${open} open ${open === 1 ? "entry" : "entries"} and nothing executed in the last ${VELOCITY_WINDOW_DAYS} days`
        : `forecast finish ${dateOnly(finishMs)}`;
  const sentence = (...parts: string[]) => {
    const text = parts.join("; ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  };

  if (a.status === "COMPLETED") return risk("ON_TRACK", "Milestone completed");
  if (live > 0 && incompleteRuns === 0 && executedCount(a.counts) > 0) {
    return risk("ON_TRACK", sentence(`every run is complete`, pastDue ? `the due date passed (${dueText})` : dueText));
  }
  if (pastDue) {
    const work = live === 0 ? (a.environmentName ? `no runs in ${a.environmentName}` : "no runs") : executedCount(a.counts) === 0 ? "nothing executed" : runsText;
    return risk("OVERDUE", sentence(dueText, work, ...(live > 0 && executedCount(a.counts) > 0 ? [forecastText] : [])));
  }
  if (live === 0) return risk("NOT_STARTED", sentence(a.environmentName ? `no runs in ${a.environmentName}` : "no runs yet", dueText));
  if (executedCount(a.counts) === 0) return risk("NOT_STARTED", sentence(`nothing executed yet in ${plural(live, "run")}`, dueText));
  if (a.due === null || daysLeft === null) return risk("ON_TRACK", sentence(dueText, runsText, forecastText));
  const lateForecast = finishMs !== null && finishMs > a.due;
  const inWindow = daysLeft <= a.settings.warningWindowDays && incompleteRuns > 0;
  return risk(lateForecast || inWindow ? "AT_RISK" : "ON_TRACK", sentence(dueText, runsText, forecastText));
}

async function childSummaries(ctx: ProjectCtx, milestoneId: string, opts: { environmentId?: string; now: Date; build?: string }) {
  const kids = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      select id from milestones where project_id = ${ctx.project.id} and parent_id = ${milestoneId}
      order by coalesce(due_date, 'infinity'::timestamptz), name, id`),
  );
  const out = [];
  for (const kid of kids) {
    const s = await milestoneSummary(ctx, kid.id, { ...opts, includeChildren: false });
    const { stale: _stale, ...counts } = s.counts;
    out.push({
      milestone: s.milestone,
      verdict: s.verdict,
      passRate: s.passRate,
      progress: s.progress,
      counts,
      runs: s.runs,
      openFailures: s.openFailures.length,
    });
  }
  return out;
}

/** The CI gate: the summary's verdict and reasons, without the lists. */
export async function milestoneGate(ctx: ProjectCtx, milestoneId: string, opts: Omit<SummaryOptions, "includeChildren"> = {}): Promise<GateResult> {
  return gateOf(await milestoneSummary(ctx, milestoneId, { ...opts, includeChildren: false }));
}

export function gateOf(s: MilestoneSummary): GateResult {
  return { verdict: s.verdict, reasons: s.reasons, passRate: s.passRate, milestone: s.milestone };
}

/** A milestone's sign-offs, newest first, each marked stale when runs, results or waivers changed after it. */
export async function listSignoffs(ctx: ProjectCtx, milestoneId: string): Promise<SignoffView[]> {
  authorize(ctx, "project:read");
  const [lastChange, rows] = await Promise.all([lastChangeMs(ctx, milestoneId), signoffs(ctx, milestoneId)]);
  return rows.map((s) => ({ ...s, stale: lastChange > Date.parse(s.createdAt) }));
}

/**
 * When runs, results or waivers in the milestone's scope last changed (epoch ms; 0 when never):
 * a sign-off older than this is stale. NotFoundError for a milestone outside the project.
 */
export async function lastChangeMs(ctx: ProjectCtx, milestoneId: string): Promise<number> {
  const scope = await subtreeIds(ctx, milestoneId);
  if (!scope.length) throw new NotFoundError("Milestone");
  const waiverScope = [...new Set([...scope, ...(await ancestorIds(ctx.db, ctx.project.id, milestoneId))])];
  const now = new Date();
  const [groups, waiverChange, quarantineChange] = await Promise.all([
    runGroups(ctx, scope),
    lastWaiverChange(ctx, waiverScope, now),
    lastQuarantineChange(ctx, scope, now),
  ]);
  return Math.max(0, waiverChange ?? 0, quarantineChange ?? 0, ...groups.map((g) => Number(g.changed_ms ?? 0)));
}
