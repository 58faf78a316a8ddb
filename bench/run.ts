/**
 * `npm run bench`: throughput figures as ratios measured in one run on this machine.
 *
 * Ingestion: results per second through the HTTP API of the built app (batches of 1000, 4
 * concurrent clients) against a raw postgres.js multi-row insert of the same rows into the same
 * tables, on the same fresh PostgreSQL database. Then a 100,000-test JUnit file through the
 * import endpoint, with the server's peak memory.
 *
 * Milestone summary: a second project generated set-based (generate_series) directly in the same
 * database — 200 milestones, 5,000 cases, 2,000 runs, ~1,000,000 results — one milestone holding
 * 100 runs × 2,000 entries (200,000 entries, 3% random failures), and a completed baseline milestone of
 * the same size that the summary computes its regressions against. After VACUUM ANALYZE, the summary API
 * is called BENCH_SUMMARY_CALLS times (default 30) over HTTP, then as often again each right after a
 * write that stamps one run of each environment (so nothing the server keeps per run stamp applies),
 * and compared, in the same run, with a naive recount of that milestone's latest attempts over the
 * results table (p50/p95 of each).
 * Then the server render of the milestone's summary page and of the project dashboard (signed in
 * as the bench admin through Auth.js's credentials callback), p50/p95 over BENCH_PAGE_CALLS calls.
 *
 * Switches: BENCH_SKIP_INGEST=1 skips ingestion and the JUnit import (run the summary section
 * alone); BENCH_SKIP_SUMMARY=1 skips the summary section; BENCH_KEEP_DB=1 keeps the throwaway
 * database (its name is printed) for EXPLAIN sessions.
 *
 * Needs the built app (`next build`) and a PostgreSQL server: BENCH_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres (used only to create and drop
 * a throwaway database).
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { KEY, PORT, api, fmt, get, pct, post, runMain, samples, signInCookie, timed, withServerOnFreshDatabase } from "./common";

const RESULTS = Number(process.env.BENCH_RESULTS || 40_000);
const BATCH = 1000;
const CLIENTS = Number(process.env.BENCH_CLIENTS || 4);
const JUNIT_TESTS = Number(process.env.BENCH_JUNIT_TESTS || 100_000);
const SKIP_INGEST = process.env.BENCH_SKIP_INGEST === "1";
const SKIP_SUMMARY = process.env.BENCH_SKIP_SUMMARY === "1";
const SUMMARY_CALLS = Number(process.env.BENCH_SUMMARY_CALLS || 30);
const PAGE_CALLS = Number(process.env.BENCH_PAGE_CALLS || 15);

async function main() {
  await withServerOnFreshDatabase("qa_bench", async ({ dbUrl, server }) => {
    if (!SKIP_INGEST) await ingestion(dbUrl, server.pid!);
    if (!SKIP_SUMMARY) await summaryBench(dbUrl);
  });
}

async function ingestion(dbUrl: string, pid: number) {
  {
    const project = await post("/projects", { name: "Bench", key: "BENCH" });
    const base = `/projects/${project.key}`;
    await post(`${base}/milestones`, { name: "bench" });
    const runA = await post(`${base}/test-runs`, { name: "http", milestone: "bench", environment: "Staging", kind: "AUTOMATED" });

    // Warm-up so compilation and connection set-up are not measured.
    await post(`${base}/test-runs/${runA.id}/results`, { results: makeResults("warmup", 0, 1000) });
    // No manual ANALYZE: the warm-up batch grows the empty tables past their statistics, and the
    // app analyzes them itself (lib/statistics), as it does for every new install.

    const http = await timed(() =>
      Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let b = client; b * BATCH < RESULTS; b += CLIENTS) {
            const t = performance.now();
            const res = await post(`${base}/test-runs/${runA.id}/results`, { results: makeResults("http", b * BATCH, BATCH) });
            if (process.env.BENCH_VERBOSE) console.log(`batch ${b}: ${Math.round(performance.now() - t)} ms`);
            if (res.created !== BATCH) throw new Error(`batch ${b}: created ${res.created}`);
          }
        }),
      ),
    );

    const sql = postgres(dbUrl, { max: CLIENTS, onnotice: () => {} });
    const runB = await post(`${base}/test-runs`, { name: "raw", milestone: "bench", environment: "Staging", kind: "AUTOMATED" });
    const raw = await timed(() => rawInsert(sql, project.id, runB.id));
    await sql.end();

    const httpRate = RESULTS / http;
    const rawRate = RESULTS / raw;
    console.log(`\nIngestion, ${RESULTS} results in batches of ${BATCH}, ${CLIENTS} concurrent clients, one PostgreSQL:`);
    console.log(`  HTTP API (built app):          ${fmt(httpRate)} results/s  (${http.toFixed(2)} s)`);
    console.log(`  raw postgres.js inserts:       ${fmt(rawRate)} results/s  (${raw.toFixed(2)} s)`);
    console.log(`  ratio HTTP / raw:              ${((httpRate / rawRate) * 100).toFixed(1)}%   (target: at least 50%)`);

    await junitImport(base, pid);
  }
}

const SUMMARY = { milestones: 200, cases: 5000, runs: 2000, bigRuns: 100, bigEntries: 2000, otherEntries: 230 };

/**
 * The summary figures. Ids are deterministic UUIDs (md5 of a label) so entries can name their
 * run and case without joins. The big milestone: 100 runs × 2,000 entries, 3% FAILED, 5%
 * UNTESTED, the rest PASSED; one attempt per executed entry plus a failed first attempt for 10%.
 * The other 1,900 runs (199 milestones) hold 230 entries each with two attempts apiece.
 */
async function summaryBench(dbUrl: string) {
  const project = await post("/projects", { name: "Summary bench", key: "SUMB" });
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const p = project.id as string;
  const S = SUMMARY;
  const genSeconds = await timed(async () => {
    await sql.begin(async (tx) => {
      // Generated rows are consistent by construction; skip per-row foreign-key triggers.
      await tx`set local session_replication_role = replica`;
      await tx`insert into environments (id, project_id, name)
        select md5('env' || n)::uuid::text, ${p}, 'summary-env-' || n from generate_series(1, 3) n`;
      await tx`insert into milestones (id, project_id, name, due_date)
        select md5('ms' || n)::uuid::text, ${p}, 'Milestone ' || n, now() + (n % 30 - 5) * interval '1 day'
        from generate_series(1, ${S.milestones}::int) n`;
      await tx`insert into test_cases (id, project_id, seq, title, priority)
        select md5('case' || n)::uuid::text, ${p}, n, 'Case ' || n, (array['CRITICAL','HIGH','MEDIUM','LOW'])[1 + n % 4]
        from generate_series(1, ${S.cases}::int) n`;
      // Runs 1..100 in milestone 1; the rest spread over milestones 2..200.
      await tx`insert into test_runs (id, project_id, milestone_id, environment_id, name, kind, status)
        select md5('run' || n)::uuid::text, ${p},
          md5('ms' || case when n <= ${S.bigRuns}::int then 1 else 2 + n % (${S.milestones}::int - 1) end)::uuid::text,
          md5('env' || (1 + n % 3))::uuid::text, 'Run ' || n, 'AUTOMATED',
          case when n % 10 = 0 then 'IN_PROGRESS' else 'COMPLETED' end
        from generate_series(1, ${S.runs}::int) n`;
      await tx`insert into run_entries (project_id, run_id, case_id, status, position, last_result_at)
        select ${p}, md5('run' || r)::uuid::text, md5('case' || (1 + (r * 37 + i) % ${S.cases}::int))::uuid::text, st, i,
          case when st = 'UNTESTED' then null else now() - (random() * 30) * interval '1 day' end
        from generate_series(1, ${S.runs}::int) r,
          lateral generate_series(0, case when r <= ${S.bigRuns}::int then ${S.bigEntries}::int else ${S.otherEntries}::int end - 1) i,
          lateral (select case when x < 0.03 then 'FAILED' when x < 0.08 then 'UNTESTED' else 'PASSED' end as st
                   from (select random() + 0 * i as x) z) s`;
      // Attempt 0 (failed first for 10% of the big milestone's entries and all the others'), then the final one.
      await tx`insert into results (project_id, run_id, entry_id, status, attempt, duration_ms, executed_at, idempotency_key)
        select e.project_id, e.run_id, e.id, a.status, a.attempt, 100 + e.position % 900,
          e.last_result_at - (a.last - a.attempt) * interval '1 minute', 'k' || e.position || ':' || a.attempt
        from run_entries e
        cross join lateral (
          select count(*) over () - 1 as last, t.* from (
            select 0 as attempt, 'FAILED' as status
              where e.position % 10 = 0 or e.run_id <> all(${sql.array(Array.from({ length: S.bigRuns }, (_, i) => md5uuid(`run${i + 1}`)))}::text[])
            union all select 1, e.status
          ) t
        ) a
        where e.project_id = ${p} and e.status <> 'UNTESTED'`;
      // The baseline: a COMPLETED top-level milestone due before milestone 1, of the same size
      // (100 runs × 2,000 entries over the same cases and environments, 3% FAILED drawn anew), so
      // the summary computes its regressions against 200,000 entries too. Entries only: the
      // summary and compare never read results.
      await tx`insert into milestones (id, project_id, name, due_date, status, completed_at)
        values (${md5uuid("ms0")}, ${p}, 'Baseline', now() - interval '60 days', 'COMPLETED', now() - interval '59 days')`;
      await tx`insert into test_runs (id, project_id, milestone_id, environment_id, name, kind, status)
        select md5('brun' || n)::uuid::text, ${p}, ${md5uuid("ms0")}, md5('env' || (1 + n % 3))::uuid::text, 'Baseline run ' || n, 'AUTOMATED', 'COMPLETED'
        from generate_series(1, ${S.bigRuns}::int) n`;
      await tx`insert into run_entries (project_id, run_id, case_id, status, position, last_result_at)
        select ${p}, md5('brun' || r)::uuid::text, md5('case' || (1 + (r * 37 + i) % ${S.cases}::int))::uuid::text, st, i,
          case when st = 'UNTESTED' then null else now() - interval '60 days' - (random() * 30) * interval '1 day' end
        from generate_series(1, ${S.bigRuns}::int) r,
          lateral generate_series(0, ${S.bigEntries}::int - 1) i,
          lateral (select case when x < 0.03 then 'FAILED' when x < 0.08 then 'UNTESTED' else 'PASSED' end as st
                   from (select random() + 0 * i as x) z) s`;
      await tx`update test_runs r set total = c.total, passed = c.passed, failed = c.failed, blocked = c.blocked,
          skipped = c.skipped, retest = c.retest, untested = c.untested, flaky = c.flaky, last_activity_at = c.last_at
        from (
          select run_id, count(*)::int as total,
            count(*) filter (where status = 'PASSED')::int as passed, count(*) filter (where status = 'FAILED')::int as failed,
            count(*) filter (where status = 'BLOCKED')::int as blocked, count(*) filter (where status = 'SKIPPED')::int as skipped,
            count(*) filter (where status = 'RETEST')::int as retest, count(*) filter (where status = 'UNTESTED')::int as untested,
            count(*) filter (where flaky)::int as flaky, max(last_result_at) as last_at
          from run_entries where project_id = ${p} group by run_id
        ) c
        where r.id = c.run_id`;
      // The baseline's runs were completed back then: their last change is their last result,
      // as the app leaves a run it no longer writes to.
      await tx`update test_runs set updated_at = last_activity_at, completed_at = last_activity_at, created_at = last_activity_at - interval '30 days'
        where milestone_id = ${md5uuid("ms0")}`;
    });
    // What autovacuum does to a live server's freshly inserted rows (PostgreSQL 13+ vacuums after
    // inserts too): statistics, and the visibility map that lets index-only scans skip the table.
    await sql`vacuum analyze`;
  });
  const [counts] = await sql`
    select (select count(*) from test_runs where project_id = ${p})::int as runs,
      (select count(*) from run_entries where project_id = ${p})::int as entries,
      (select count(*) from results where project_id = ${p})::int as results,
      (select count(*) from run_entries where run_id in (select id from test_runs where milestone_id = ${md5uuid("ms1")}))::int as big,
      (select count(*) from run_entries where run_id in (select id from test_runs where milestone_id = ${md5uuid("ms0")}))::int as baseline`;
  const milestone = md5uuid("ms1");
  const path = `/projects/${project.key}/milestones/${milestone}/summary`;
  const first = await get(path);
  const getSummary = async () => {
    const res = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    await res.json();
  };
  const apiMs = await samples(SUMMARY_CALLS, getSummary);
  // The same right after a write to one run of each environment, as a CI upload stamps its run:
  // what the server keeps per run stamp (the open failures of each environment) no longer
  // applies and is computed again; the finished baseline's answers still apply.
  const afterWriteMs = await samples(SUMMARY_CALLS, getSummary, () =>
    sql`update test_runs set updated_at = clock_timestamp() where id in ${sql([1, 2, 3].map((n) => md5uuid(`run${n}`)))}`,
  );
  // The naive way: every entry's latest attempt recounted from results, for the milestone's runs.
  const naiveMs = await samples(SUMMARY_CALLS, () =>
    sql`select status, count(*)::int as n from (
          select distinct on (res.entry_id) res.status from results res
          where res.run_id in (select id from test_runs where project_id = ${p} and milestone_id = ${milestone} and status <> 'ABORTED')
          order by res.entry_id, res.attempt desc
        ) latest group by status`.then(() => undefined),
  );
  await sql.end();
  // The pages, rendered by the server for a signed-in browser (HTML fully streamed).
  const cookie = await signInCookie();
  const page = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${PORT}${p}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
    await res.text();
  };
  const pageMs = await samples(PAGE_CALLS, () => page(`/projects/${project.key}/milestones/${milestone}`));
  // What a stakeholder waits for: the streamed HTML up to the verdict panel (the burn-up chart
  // streams in after it, in its own Suspense boundary).
  const verdictMs = await samples(PAGE_CALLS, async () => {
    const res = await fetch(`http://127.0.0.1:${PORT}/projects/${project.key}/milestones/${milestone}`, { headers: { cookie } });
    if (!res.ok || !res.body) throw new Error(`GET summary page: ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let html = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("The summary page has no verdict panel");
      html += decoder.decode(value, { stream: true });
      if (html.includes('data-testid="verdict"')) break;
    }
    await reader.cancel();
  });
  const dashboardMs = await samples(PAGE_CALLS, () => page(`/projects/${project.key}`));
  // The same summary with no baseline chosen: what the regressions cost, measured in the same run.
  const unset = await fetch(`${api}/projects/${project.key}/milestones/${milestone}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ baselineMilestoneId: null }),
  });
  if (!unset.ok) throw new Error(`PATCH baselineMilestoneId: ${unset.status}`);
  const noBaselineMs = await samples(SUMMARY_CALLS, getSummary);
  console.log(`
Milestone summary, ${counts.runs} runs, ${counts.entries} entries, ${counts.results} results (generated in ${genSeconds.toFixed(1)} s);`);
  console.log(`  one milestone of ${S.bigRuns} runs and ${counts.big} entries: ${first.counts?.total} counted, ${first.openFailures?.length} open failures, ${first.verdict}`);
  const reg = first.regressions;
  console.log(`  regressions against ${reg?.baseline?.name} (${counts.baseline} entries): ${reg?.new} new, ${reg?.stillFailing} still failing, ${reg?.fixed} fixed`);
  console.log(`  summary API (HTTP, ${SUMMARY_CALLS} calls):   p50 ${pct(apiMs, 50)} ms   p95 ${pct(apiMs, 95)} ms   (target: p50 under 100 ms)`);
  console.log(`  the same, each right after a write:  p50 ${pct(afterWriteMs, 50)} ms   p95 ${pct(afterWriteMs, 95)} ms   (one run of each environment stamped)`);
  console.log(`  the same without a baseline:       p50 ${pct(noBaselineMs, 50)} ms   p95 ${pct(noBaselineMs, 95)} ms   (regressions not computed)`);
  console.log(`  naive recount over results (SQL): p50 ${pct(naiveMs, 50)} ms   p95 ${pct(naiveMs, 95)} ms`);
  console.log(`  summary page, server render (${PAGE_CALLS} calls): p50 ${pct(pageMs, 50)} ms   p95 ${pct(pageMs, 95)} ms   (target: under 300 ms)`);
  console.log(`  summary page, HTML up to the verdict:  p50 ${pct(verdictMs, 50)} ms   p95 ${pct(verdictMs, 95)} ms`);
  console.log(`  project dashboard, server render:  p50 ${pct(dashboardMs, 50)} ms   p95 ${pct(dashboardMs, 95)} ms   (6 milestone cards)`);
}

const md5uuid = (s: string) => {
  const h = createHash("md5").update(s).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function makeResults(prefix: string, from: number, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return {
      testKey: `${prefix}/spec-${k % 50}.spec.ts › suite ${k % 7} › test ${k}`,
      title: `test ${k}`,
      suitePath: [`${prefix}`, `spec-${k % 50}.spec.ts`, `suite ${k % 7}`],
      status: k % 20 === 0 ? "failed" : "passed",
      durationMs: 100 + (k % 900),
      ...(k % 20 === 0 ? { error: { message: "expect(received).toBe(expected)", stack: "Error: at spec.ts:10:5" } } : {}),
    };
  });
}

/**
 * The same rows written directly: one multi-row insert per table per batch of 1000
 * (cases, entries, results), 4 batches in flight, no validation, no counters.
 */
async function rawInsert(sql: postgres.Sql, projectId: string, runId: string) {
  let seq = 1_000_000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let b = client; b * BATCH < RESULTS; b += CLIENTS) {
        const results = makeResults("raw", b * BATCH, BATCH);
        const cases = results.map((r) => ({
          id: randomUUID(),
          project_id: projectId,
          seq: seq++,
          title: r.title,
          automation_key: r.testKey,
          automation_status: "AUTOMATED",
        }));
        const entries = cases.map((c, i) => ({ id: randomUUID(), project_id: projectId, run_id: runId, case_id: c.id, status: results[i].status.toUpperCase() }));
        const rows = entries.map((e, i) => ({
          project_id: projectId,
          run_id: runId,
          entry_id: e.id,
          status: results[i].status.toUpperCase(),
          attempt: 0,
          duration_ms: results[i].durationMs,
          error: results[i].error ? sql.json(results[i].error) : null,
          idempotency_key: `raw:${results[i].testKey}`,
        }));
        await sql.begin(async (tx) => {
          await tx`insert into test_cases ${tx(cases)}`;
          await tx`insert into run_entries ${tx(entries)}`;
          await tx`insert into results ${tx(rows)}`;
        });
      }
    }),
  );
}

async function junitImport(base: string, pid: number) {
  const file = path.join(os.tmpdir(), `qa-bench-junit-${process.pid}.xml`);
  await writeJunit(file, JUNIT_TESTS);
  const run = await post(`${base}/test-runs`, { name: "junit", milestone: "bench", environment: "Staging", kind: "AUTOMATED" });
  const size = fs.statSync(file).size;
  const before = peakRssMb(pid);
  const seconds = await timed(async () => {
    const res = await fetch(`${api}${base}/test-runs/${run.id}/junit`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/xml" },
      body: fs.readFileSync(file),
    });
    if (res.status === 404) throw new Error("no JUnit endpoint");
    if (!res.ok) throw new Error(`JUnit import failed: ${res.status} ${await res.text()}`);
  }).catch((err) => {
    console.log(`\nJUnit import: skipped (${(err as Error).message})`);
    return undefined;
  });
  fs.rmSync(file, { force: true });
  if (seconds === undefined) return;
  const got = await get(`${base}/test-runs/${run.id}`);
  console.log(`\nJUnit import, ${JUNIT_TESTS} test cases (${(size / 1e6).toFixed(1)} MB):`);
  console.log(`  ${seconds.toFixed(1)} s, ${fmt(JUNIT_TESTS / seconds)} tests/s, ${got.counts.total} entries stored   (target: under 30 s)`);
  console.log(`  server peak RSS ${peakRssMb(pid)} MB (was ${before} MB before the upload)`);
}

async function writeJunit(file: string, n: number) {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench" tests="${n}">\n`);
  const perSuite = 1000;
  for (let s = 0; s * perSuite < n; s++) {
    await write(`<testsuite name="suite-${s}" tests="${perSuite}">\n`);
    for (let i = s * perSuite; i < Math.min(n, (s + 1) * perSuite); i++) {
      await write(
        i % 25 === 0
          ? `<testcase classname="com.example.Suite${s}" name="test_${i}" time="0.${i % 10}"><failure message="boom" type="AssertionError">at Suite${s}.java:${i}</failure></testcase>\n`
          : `<testcase classname="com.example.Suite${s}" name="test_${i}" time="0.0${i % 10}"/>\n`,
      );
    }
    await write(`</testsuite>\n`);
  }
  await write(`</testsuites>\n`);
  await new Promise<void>((r) => out.end(() => r()));
}

function peakRssMb(pid: number): number {
  // The Next.js server is a child of scripts/serve.mjs; take the largest VmHWM among the process and its children.
  const pids = [pid, ...childrenOf(pid)];
  let peak = 0;
  for (const p of pids) {
    const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peak = Math.max(peak, kb);
  }
  return Math.round(peak / 1024);
}

function childrenOf(pid: number): number[] {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return kids.flatMap((k) => [k, ...childrenOf(k)]);
  } catch {
    return [];
  }
}

runMain(main);
