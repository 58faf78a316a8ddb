import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { ancestorIds } from "@/lib/milestones/queries";
import { findEnvironment, subtreeIds } from "@/lib/milestones/summary";
import { activeWaiverSql } from "@/lib/milestones/waivers";
import { anyOf, rowsOf } from "@/lib/sql";
import { attemptCoverage, combineCoverage, coverageTotals } from "./coverage-status";
import type { CoverageAttempt, CoverageCase, CoverageRequirement, MilestoneCoverage } from "./schemas";

export type CoverageOptions = {
  /** Only this environment's runs count (id or name). */
  environmentId?: string;
  /** The clock waivers are judged at (tests pass a fixed one). */
  now?: Date;
  /** The milestone and its descendants, when the caller has them already (the summary). */
  scope?: string[];
};

type Env = { id: string; name: string };
type AttemptRow = {
  case_id: string;
  environment_id: string;
  status: CoverageAttempt["status"];
  run_id: string;
  entry_id: string;
  executed_at: string | null;
  entries: number;
  waived: boolean;
};

const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * Which requirements of a milestone are verified. The scope is the requirements set on the
 * milestone and on its phases; the evidence is every entry of their linked cases in the
 * non-aborted runs of the milestone and its phases. Per (case, environment) the latest attempt
 * counts: a failure newer than the latest pass (the summary's open or waived failure), else the
 * entry with the newest result, or (when none has one) an untested entry; a
 * FAILED or BLOCKED attempt is accepted by a waiver active at `now` on this milestone, a phase
 * or a release above it, for that environment or for all. The rules themselves are in
 * coverage-status.ts. A few queries, none of them over the milestone's whole set of entries:
 * only the linked cases' entries are read.
 */
export async function milestoneCoverage(ctx: ProjectCtx, milestoneId: string, opts: CoverageOptions = {}): Promise<MilestoneCoverage> {
  authorize(ctx, "project:read");
  const now = opts.now ?? new Date();
  const projectId = ctx.project.id;
  const [m] = rowsOf<{ id: string; name: string }>(
    await ctx.db.execute(sql`select id, name from milestones where project_id = ${projectId} and id = ${milestoneId}`),
  );
  if (!m) throw new NotFoundError("Milestone");
  const env = opts.environmentId ? await findEnvironment(ctx, opts.environmentId) : null;
  const scope = opts.scope ?? (await subtreeIds(ctx, milestoneId));

  const [reqs, envs] = await Promise.all([
    rowsOf<{ id: string; key: string; title: string; url: string | null }>(
      await ctx.db.execute(sql`
        select r.id, r.key, r.title, r.url from requirements r
        where r.project_id = ${projectId}
          and r.id in (select requirement_id from milestone_requirements where project_id = ${projectId} and milestone_id = ${anyOf(scope)})
        order by r.key`),
    ),
    env
      ? Promise.resolve([env])
      : rowsOf<Env>(
          await ctx.db.execute(sql`
            select distinct e.id, e.name from test_runs r join environments e on e.id = r.environment_id
            where r.project_id = ${projectId} and r.milestone_id = ${anyOf(scope)} and r.status <> 'ABORTED'
            order by e.name, e.id`),
        ),
  ]);

  const links = reqs.length
    ? rowsOf<{ requirement_id: string; case_id: string; seq: number; title: string }>(
        await ctx.db.execute(sql`
          select cr.requirement_id, c.id as case_id, c.seq, c.title
          from case_requirements cr join test_cases c on c.id = cr.case_id
          where cr.project_id = ${projectId} and cr.requirement_id = ${anyOf(reqs.map((r) => r.id))}
          order by c.seq`),
      )
    : [];
  const caseIds = [...new Set(links.map((l) => l.case_id))];
  const attempts = caseIds.length ? await latestAttempts(ctx, scope, caseIds, env?.id, now) : [];

  const envById = new Map(envs.map((e) => [e.id, e]));
  const attemptsOf = new Map<string, CoverageAttempt[]>();
  for (const a of attempts) {
    const environment = envById.get(a.environment_id);
    if (!environment) continue;
    const list = attemptsOf.get(a.case_id) ?? [];
    list.push({
      environment,
      status: a.status,
      coverage: attemptCoverage(a.status, a.waived),
      waived: a.waived && (a.status === "FAILED" || a.status === "BLOCKED"),
      runId: a.run_id,
      entryId: a.entry_id,
      executedAt: a.executed_at,
      entries: Number(a.entries),
    });
    attemptsOf.set(a.case_id, list);
  }
  const linksOf = new Map<string, typeof links>();
  for (const l of links) linksOf.set(l.requirement_id, [...(linksOf.get(l.requirement_id) ?? []), l]);

  const requirements: CoverageRequirement[] = reqs.map((r) => {
    const cases: CoverageCase[] = (linksOf.get(r.id) ?? []).map((l) => {
      const list = (attemptsOf.get(l.case_id) ?? []).sort((a, b) => envs.indexOf(a.environment) - envs.indexOf(b.environment));
      return {
        caseId: l.case_id,
        caseKey: `${ctx.project.key}-${l.seq}`,
        title: l.title,
        status: combineCoverage(list.map((a) => a.coverage)),
        attempts: list,
      };
    });
    const all = cases.flatMap((c) => c.attempts);
    return {
      id: r.id,
      key: r.key,
      title: r.title,
      url: r.url,
      status: combineCoverage(all.map((a) => a.coverage)),
      environments: envs.map((e) => ({
        environment: e,
        status: combineCoverage(all.filter((a) => a.environment.id === e.id).map((a) => a.coverage)),
      })),
      cases,
    };
  });

  return {
    milestone: { id: m.id, name: m.name },
    environment: env,
    environments: envs,
    totals: coverageTotals(requirements.map((r) => r.status)),
    requirements,
  };
}

/**
 * The deciding attempt of each (case, environment) among the cases' entries in the scope's
 * non-aborted runs: its latest failure when that is newer than its latest pass (the failure the
 * summary reports), otherwise its latest attempt.
 */
async function latestAttempts(ctx: ProjectCtx, scope: string[], caseIds: string[], environmentId: string | undefined, now: Date): Promise<AttemptRow[]> {
  const waiverScope = [...new Set([...scope, ...(await ancestorIds(ctx.db, ctx.project.id, scope[0]))])];
  return rowsOf<AttemptRow>(
    await ctx.db.execute(sql`
      with pairs as (
        select e.id, e.case_id, r.environment_id, e.run_id, e.status, e.last_result_at,
          count(*) over w as entries,
          max(e.last_result_at) filter (where e.status in ('FAILED', 'BLOCKED')) over w as last_fail,
          max(e.last_result_at) filter (where e.status = 'PASSED') over w as last_pass,
          row_number() over (w order by e.last_result_at desc nulls last, r.created_at desc, e.id desc) as n,
          row_number() over (
            w order by (e.status in ('FAILED', 'BLOCKED') and e.last_result_at is not null) desc, e.last_result_at desc nulls last, e.id desc
          ) as n_fail
        from run_entries e join test_runs r on r.id = e.run_id
        where e.project_id = ${ctx.project.id} and e.case_id = ${anyOf(caseIds)}
          and r.project_id = ${ctx.project.id} and r.milestone_id = ${anyOf(scope)} and r.status <> 'ABORTED'
          ${environmentId ? sql`and r.environment_id = ${environmentId}` : sql``}
        window w as (partition by e.case_id, r.environment_id)
      ), latest as (
        -- A failure newer than the latest pass stands (as in the summary's open failures), even
        -- when a SKIPPED or RETEST attempt came after it; otherwise the latest attempt counts.
        select p.* from pairs p
        where case when p.last_fail > coalesce(p.last_pass, '-infinity'::timestamptz) then p.n_fail = 1 else p.n = 1 end
      )
      select p.case_id, p.environment_id, case when p.last_result_at is null then 'UNTESTED' else p.status end as status,
        p.run_id, p.id as entry_id, ${iso("p.last_result_at")} as executed_at, p.entries,
        (p.status in ('FAILED', 'BLOCKED') and exists (
          select 1 from waivers w
          where w.project_id = ${ctx.project.id} and w.case_id = p.case_id and w.milestone_id = ${anyOf(waiverScope)}
            and (w.environment_id is null or w.environment_id = p.environment_id) and ${activeWaiverSql("w", now)}
        )) as waived
      from latest p`),
  );
}
