import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { resetStatisticsThrottle, statisticsSettled } from "@/lib/statistics/keep-statistics-fresh";
import { analyzeNewTables, findStaleTables } from "@/lib/statistics/refresh-statistics";
import { createRunSetup } from "../helpers/factories";

/**
 * A brand-new database has no planner statistics, and nothing here runs autovacuum (PGlite has
 * none; the test server may have it switched off). The app must take statistics itself.
 */
type Stats = { table: string; reltuples: number; analyzed: boolean };

async function stats(tables: string[]): Promise<Record<string, Stats>> {
  const res = await getDb().execute(sql`
    select c.relname as "table", c.reltuples::float8 as reltuples,
      (s.last_analyze is not null or s.last_autoanalyze is not null) as analyzed
    from pg_class c join pg_stat_user_tables s on s.relid = c.oid
    where c.relname in (select jsonb_array_elements_text(${JSON.stringify(tables)}::jsonb))`);
  return Object.fromEntries(rowsOf<Stats>(res).map((r) => [r.table, r]));
}

const HOT = ["results", "run_entries", "test_cases"];
const result = (k: number) => ({
  testKey: `cold/start.spec.ts › area ${k % 10} › test ${k}`,
  title: `test ${k}`,
  suitePath: ["cold", `area ${k % 10}`],
  status: k % 25 === 0 ? "failed" : "passed",
  durationMs: 100 + k,
  ...(k % 25 === 0 ? { error: { message: "expected 1 to be 2", stack: "at start.spec.ts:10:5" } } : {}),
});

describe("planner statistics on a brand-new database", () => {
  it("a large first ingest analyzes the hot tables without autovacuum; a small write does not", async () => {
    const { owner, base, milestone, environment } = await createRunSetup();
    const run = await owner.api.post(`${base}/test-runs`, { name: "CI", milestoneId: milestone.id, environmentId: environment.id, kind: "AUTOMATED" });
    const url = `${base}/test-runs/${run.body.id}/results`;

    const before = await stats(HOT);
    for (const t of HOT) expect(before[t].analyzed, `${t} analyzed before any ingest`).toBe(false);

    // A small batch stays far below the threshold: nothing is analyzed for it.
    resetStatisticsThrottle();
    expect((await owner.api.post(url, { results: [result(0)] })).status).toBe(200);
    await statisticsSettled();
    expect((await stats(["results"])).results.analyzed).toBe(false);

    // The first real CI upload: 2,000 results in two batches.
    for (const from of [1, 1001]) {
      resetStatisticsThrottle();
      const res = await owner.api.post(url, { results: Array.from({ length: 1000 }, (_, i) => result(from + i)) });
      expect(res.status).toBe(200);
      expect(res.body.created).toBe(1000);
      await statisticsSettled();
    }

    const after = await stats(HOT);
    for (const t of HOT) {
      expect(after[t].analyzed, `${t} analyzed`).toBe(true);
      expect(after[t].reltuples, `${t} row estimate`).toBeGreaterThan(1000);
    }
    // Fresh statistics leave no hot table stale.
    expect((await findStaleTables(getDb())).map((t) => t.table).filter((t) => HOT.includes(t))).toEqual([]);
  });

  it("after migrations, tables that were never analyzed get statistics once", async () => {
    const first = await analyzeNewTables(getDb());
    expect(first).toEqual(expect.arrayContaining(["milestones", "test_runs"]));
    expect(await analyzeNewTables(getDb())).toEqual([]);
  });
});
