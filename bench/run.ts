/**
 * `npm run bench`: throughput figures as ratios measured in one run on this machine.
 *
 * Ingestion: results per second through the HTTP API of the built app (batches of 1000, 4
 * concurrent clients) against a raw postgres.js multi-row insert of the same rows into the same
 * tables, on the same fresh PostgreSQL database. Then a 100,000-test JUnit file through the
 * import endpoint, with the server's peak memory.
 *
 * Needs the built app (`next build`) and a PostgreSQL server: BENCH_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres (used only to create and drop
 * a throwaway database).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const require = createRequire(import.meta.url);
const BASE_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT || 3300);
const RESULTS = Number(process.env.BENCH_RESULTS || 40_000);
const BATCH = 1000;
const CLIENTS = Number(process.env.BENCH_CLIENTS || 4);
const JUNIT_TESTS = Number(process.env.BENCH_JUNIT_TESTS || 100_000);
const KEY = `qas_${randomBytes(32).toString("base64url")}`;
const api = `http://127.0.0.1:${PORT}/api`;

async function main() {
  const dbName = `qa_bench_${Date.now()}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${dbName}`;
  let server: ChildProcess | undefined;
  try {
    server = await startServer(url.toString());
    const project = await post("/projects", { name: "Bench", key: "BENCH" });
    const base = `/projects/${project.key}`;
    await post(`${base}/milestones`, { name: "bench" });
    const runA = await post(`${base}/test-runs`, { name: "http", milestone: "bench", environment: "Staging", kind: "AUTOMATED" });

    // Warm-up so compilation and connection set-up are not measured.
    await post(`${base}/test-runs/${runA.id}/results`, { results: makeResults("warmup", 0, 1000) });
    // A running server's tables have statistics (autovacuum analyzes them within a minute).
    // Without them, foreign-key checks planned while the tables were empty keep scanning them.
    const stats = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await stats`analyze`;
    await stats.end();

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

    const sql = postgres(url.toString(), { max: CLIENTS, onnotice: () => {} });
    const runB = await post(`${base}/test-runs`, { name: "raw", milestone: "bench", environment: "Staging", kind: "AUTOMATED" });
    const raw = await timed(() => rawInsert(sql, project.id, runB.id));
    await sql.end();

    const httpRate = RESULTS / http;
    const rawRate = RESULTS / raw;
    console.log(`\nIngestion, ${RESULTS} results in batches of ${BATCH}, ${CLIENTS} concurrent clients, one PostgreSQL:`);
    console.log(`  HTTP API (built app):          ${fmt(httpRate)} results/s  (${http.toFixed(2)} s)`);
    console.log(`  raw postgres.js inserts:       ${fmt(rawRate)} results/s  (${raw.toFixed(2)} s)`);
    console.log(`  ratio HTTP / raw:              ${((httpRate / rawRate) * 100).toFixed(1)}%   (target: at least 50%)`);

    await junitImport(base, server.pid!);
  } finally {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
}

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
  // The Next.js server is a child of `next start`; take the largest VmHWM among the process and its children.
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

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Build the app first: npx next build");
  const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "--port", String(PORT)], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      QA_STUDIO_BOOTSTRAP_API_KEY: KEY,
      QA_STUDIO_ADMIN_EMAIL: "bench@example.test",
      QA_STUDIO_ADMIN_PASSWORD: "bench-password",
      QA_STUDIO_DEMO: "0",
      PORT: String(PORT),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const ok = await fetch(`${api}/projects`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.ok, () => false);
    if (ok) return child;
  }
  child.kill();
  throw new Error("The app did not start within 60 s");
}

async function post(p: string, body: unknown) {
  const res = await fetch(`${api}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function get(p: string) {
  const res = await fetch(`${api}${p}`, { headers: { authorization: `Bearer ${KEY}` } });
  return res.json();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(7);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
