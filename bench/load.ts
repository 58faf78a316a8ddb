/**
 * `npm run bench:load`: the decision page while CI is uploading, from the first minute of a
 * brand-new install.
 *
 * The built app starts on a brand-new PostgreSQL database (no warm-up, no manual ANALYZE: the
 * app must keep its own statistics). BENCH_LOAD_CLIENTS concurrent clients (default 20) then
 * each repeat a mix of three requests for two phases of BENCH_LOAD_SECONDS (default 60):
 *   - summary:  GET the milestone summary (what the milestone page and the CI gate read);
 *   - run list: GET the milestone's runs, 50 per page;
 *   - batch:    POST 100 automated results to the client's current CI run. A CI run holds one
 *               pass over a 1,000-test suite (10 batches), then the client starts the next run,
 *               so cases are reused and entries, results and runs keep growing.
 * The first phase is the first minute of the install; the second follows it on the same
 * database. Each phase reports p50/p95 per request kind and the errors. At the end every run's
 * counters are compared with a recount of its entries, every entry's status with its latest
 * attempt, and the stored results with the number the batches reported as created.
 *
 * Needs the built app (`next build`) and a PostgreSQL server: BENCH_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres (used only to create and drop
 * a throwaway database).
 */
import postgres from "postgres";
import { KEY, api, pct, post, runMain, withServerOnFreshDatabase } from "./common";

const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS || 20);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS || 60);
const SUITE = 1000;
const BATCH = 100;
const KINDS = ["summary", "run list", "batch"] as const;
type Kind = (typeof KINDS)[number];
type Sample = { kind: Kind; ms: number; ok: boolean };

async function main() {
  await withServerOnFreshDatabase("qa_load", async ({ dbUrl }) => {
    const project = await post("/projects", { name: "Load", key: "LOAD" });
    const base = `/projects/${project.key}`;
    const milestone = await post(`${base}/milestones`, { name: "v1.0", dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString() });
    let created = 0;
    const state = { created: () => created, add: (n: number) => (created += n) };
    const clients = Array.from({ length: CLIENTS }, (_, i) => ({ index: i, run: null as string | null, batchInRun: 0, runNo: 0, turn: i }));

    const phases: { name: string; samples: Sample[] }[] = [];
    for (const name of ["first minute (brand-new database)", "next minute (same database)"]) {
      const samples: Sample[] = [];
      const end = performance.now() + SECONDS * 1000;
      await Promise.all(clients.map((c) => clientLoop(c, end, samples, base, milestone.id, state)));
      phases.push({ name, samples });
    }

    console.log(`\nLoad: ${CLIENTS} clients, ${SECONDS} s per phase, mixing summary / run list / ${BATCH}-result batches, one PostgreSQL:`);
    for (const phase of phases) {
      console.log(`\n  ${phase.name}`);
      for (const kind of KINDS) {
        const ms = phase.samples.filter((s) => s.kind === kind).map((s) => s.ms).sort((a, b) => a - b);
        const errors = phase.samples.filter((s) => s.kind === kind && !s.ok).length;
        console.log(
          `    ${kind.padEnd(9)} ${String(ms.length).padStart(5)} requests   p50 ${String(pct(ms, 50)).padStart(6)} ms   p95 ${String(pct(ms, 95)).padStart(6)} ms   errors ${errors}`,
        );
      }
    }
    await recount(dbUrl, project.id, created);
  });
}

type Client = { index: number; run: string | null; batchInRun: number; runNo: number; turn: number };

async function clientLoop(
  c: Client,
  end: number,
  out: Sample[],
  base: string,
  milestoneId: string,
  state: { add: (n: number) => void },
) {
  while (performance.now() < end) {
    const kind = KINDS[c.turn++ % KINDS.length];
    const t = performance.now();
    let ok = false;
    try {
      if (kind === "summary") ok = await read(`${base}/milestones/${milestoneId}/summary`);
      else if (kind === "run list") ok = await read(`${base}/test-runs?milestoneId=${milestoneId}&limit=50`);
      else ok = await batch(c, base, state);
    } catch {
      ok = false;
    }
    out.push({ kind, ms: performance.now() - t, ok });
  }
}

async function read(path: string): Promise<boolean> {
  const res = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  await res.arrayBuffer();
  return res.ok;
}

/** One shard-sized batch into the client's current CI run; a new run (a new CI build) every 10 batches. */
async function batch(c: Client, base: string, state: { add: (n: number) => void }): Promise<boolean> {
  if (!c.run || c.batchInRun === SUITE / BATCH) {
    const run = await post(`${base}/test-runs`, {
      name: `CI ${c.index}.${c.runNo}`,
      milestone: "v1.0",
      environment: ["Staging", "QA", "Production"][c.index % 3],
      kind: "AUTOMATED",
      ciBuildId: `load-${c.index}-${c.runNo++}`,
    });
    c.run = run.id as string;
    c.batchInRun = 0;
  }
  const from = c.batchInRun++ * BATCH;
  const results = Array.from({ length: BATCH }, (_, i) => {
    const k = from + i;
    const failed = (k * 7 + c.runNo) % 33 === 0;
    return {
      testKey: `e2e/area-${k % 20}.spec.ts › feature ${k % 9} › test ${k}`,
      title: `test ${k}`,
      suitePath: ["e2e", `area-${k % 20}.spec.ts`, `feature ${k % 9}`],
      status: failed ? "failed" : "passed",
      durationMs: 50 + (k % 700),
      ...(failed ? { error: { message: "expect(received).toBe(expected)" } } : {}),
    };
  });
  const res = await fetch(`${api}${base}/test-runs/${c.run}/results`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ results }),
  });
  if (!res.ok) return false;
  const body = (await res.json()) as { created: number };
  state.add(body.created);
  return true;
}

/** Nothing lost or doubled: counters equal a recount, entries their latest attempt, results what was created. */
async function recount(dbUrl: string, projectId: string, created: number) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [counters] = await sql`
      select count(*)::int as runs, count(*) filter (where r.total <> c.total or r.passed <> c.passed or r.failed <> c.failed
        or r.untested <> c.untested or r.flaky <> c.flaky)::int as mismatched
      from test_runs r
      join lateral (
        select count(*)::int as total, count(*) filter (where e.status = 'PASSED')::int as passed,
          count(*) filter (where e.status = 'FAILED')::int as failed, count(*) filter (where e.status = 'UNTESTED')::int as untested,
          count(*) filter (where e.flaky)::int as flaky
        from run_entries e where e.run_id = r.id
      ) c on true
      where r.project_id = ${projectId}`;
    const [latest] = await sql`
      select count(*)::int as entries, count(*) filter (where l.status is distinct from e.status)::int as mismatched
      from run_entries e
      left join lateral (select status from results x where x.entry_id = e.id order by x.attempt desc, x.executed_at desc limit 1) l on true
      where e.project_id = ${projectId}`;
    const [stored] = await sql`select count(*)::int as n from results where project_id = ${projectId}`;
    console.log(`\n  recount: ${counters.runs} runs, ${counters.mismatched} with counters off a recount; ` +
      `${latest.entries} entries, ${latest.mismatched} off their latest attempt; ` +
      `${stored.n} results stored for ${created} reported created ${stored.n === created ? "(exact)" : "(MISMATCH)"}`);
    if (counters.mismatched || latest.mismatched || stored.n !== created) process.exitCode = 1;
  } finally {
    await sql.end();
  }
}

runMain(main);
