import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { milestoneCoverage } from "@/lib/requirements/milestone-coverage";
import { rowsOf } from "@/lib/sql";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

// A fixed clock: every status below is worked out by hand from it.
const NOW = new Date("2030-06-10T12:00:00.000Z");

/**
 * Release v3 (Staging, Production) with phase "Freeze"; cases C1..C8.
 *   A  v3     Staging    COMPLETED    C1 PASSED(d3)  C2 PASSED(d3)  C3 FAILED(d3)  C4 FAILED(d3)  C5 UNTESTED
 *   B  v3     Staging    IN_PROGRESS  C3 PASSED(d1)  C4 UNTESTED                   (a re-run: C4's failure stands)
 *   C  v3     Production COMPLETED    C1 PASSED(d2)  C2 RETEST(d2)  C3 FAILED(d2)  C4 BLOCKED(d2)
 *   D  Freeze Staging    COMPLETED    C6 FAILED(d2)  C7 PASSED(d2)
 *   E  v3     Production ABORTED      C5 FAILED(d1)                                 (ignored)
 * Waivers: C3 in Production on v3 (active); C4 in Production on v3 (expired a day before NOW);
 * C6 in every environment on v3 (active; covers the phase below it).
 * Scope: v3 → R-1..R-5; Freeze → R-6, R-7. R-OUT is linked to C1 but in no scope.
 * Links: R-1 → C1, C2; R-2 → C3; R-3 → C4; R-4 → C5; R-5 → none; R-6 → C6; R-7 → C7, C8.
 */
async function world() {
  const w = await summaryWorld();
  const db = getDb();
  const staging = await w.env("Staging");
  const production = await w.env("Production");
  const v3 = await w.milestone({ name: "v3" });
  const freeze = await w.milestone({ name: "Freeze", parentId: v3.id });
  const c = [];
  for (let i = 1; i <= 8; i++) c.push(await w.testCase(`Case ${i}`));
  const [c1, c2, c3, c4, c5, c6, c7, c8] = c;
  const [d3, d2, d1] = [days(-3, NOW), days(-2, NOW), days(-1, NOW)];
  await w.run({
    milestoneId: v3.id, environmentId: staging.id, status: "COMPLETED",
    entries: [
      { caseId: c1.id, status: "PASSED", at: d3 }, { caseId: c2.id, status: "PASSED", at: d3 }, { caseId: c3.id, status: "FAILED", at: d3 },
      { caseId: c4.id, status: "FAILED", at: d3 }, { caseId: c5.id, status: "UNTESTED" },
    ],
  });
  await w.run({
    milestoneId: v3.id, environmentId: staging.id, status: "IN_PROGRESS",
    entries: [{ caseId: c3.id, status: "PASSED", at: d1 }, { caseId: c4.id, status: "UNTESTED" }],
  });
  const runC = await w.run({
    milestoneId: v3.id, environmentId: production.id, status: "COMPLETED",
    entries: [
      { caseId: c1.id, status: "PASSED", at: d2 }, { caseId: c2.id, status: "RETEST", at: d2 },
      { caseId: c3.id, status: "FAILED", at: d2 }, { caseId: c4.id, status: "BLOCKED", at: d2 },
    ],
  });
  await w.run({
    milestoneId: freeze.id, environmentId: staging.id, status: "COMPLETED",
    entries: [{ caseId: c6.id, status: "FAILED", at: d2 }, { caseId: c7.id, status: "PASSED", at: d2 }],
  });
  await w.run({ milestoneId: v3.id, environmentId: production.id, status: "ABORTED", entries: [{ caseId: c5.id, status: "FAILED", at: d1 }] });

  const pid = w.project.id;
  const waiver = (caseId: string, envId: string | null, expires: Date | null) =>
    db.execute(sql`insert into waivers (project_id, milestone_id, case_id, environment_id, reason, expires_at, created_at)
      values (${pid}, ${v3.id}, ${caseId}, ${envId}, 'Accepted', ${expires?.toISOString() ?? null}::timestamptz, ${days(-5, NOW).toISOString()}::timestamptz)`);
  await waiver(c3.id, production.id, null);
  await waiver(c4.id, production.id, days(-1, NOW));
  await waiver(c6.id, null, null);

  const req = async (key: string) =>
    rowsOf<{ id: string }>(await db.execute(sql`insert into requirements (project_id, key, title) values (${pid}, ${key}, ${`Title of ${key}`}) returning id`))[0].id;
  const r: Record<string, string> = {};
  for (const key of ["R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-7", "R-OUT"]) r[key] = await req(key);
  const link = (key: string, caseId: string) =>
    db.execute(sql`insert into case_requirements (project_id, case_id, requirement_id) values (${pid}, ${caseId}, ${r[key]})`);
  await link("R-1", c1.id);
  await link("R-1", c2.id);
  await link("R-2", c3.id);
  await link("R-3", c4.id);
  await link("R-4", c5.id);
  await link("R-6", c6.id);
  await link("R-7", c7.id);
  await link("R-7", c8.id);
  await link("R-OUT", c1.id);
  const scope = (milestoneId: string, key: string) =>
    db.execute(sql`insert into milestone_requirements (project_id, milestone_id, requirement_id) values (${pid}, ${milestoneId}, ${r[key]})`);
  for (const key of ["R-1", "R-2", "R-3", "R-4", "R-5"]) await scope(v3.id, key);
  for (const key of ["R-6", "R-7"]) await scope(freeze.id, key);
  return { ...w, staging, production, v3, freeze, c1, c2, c3, c4, c5, c6, c7, c8, runC };
}

const statuses = (cov: Awaited<ReturnType<typeof milestoneCoverage>>) => Object.fromEntries(cov.requirements.map((r) => [r.key, r.status]));
const cells = (cov: Awaited<ReturnType<typeof milestoneCoverage>>) =>
  Object.fromEntries(cov.requirements.map((r) => [r.key, r.environments.map((e) => `${e.environment.name}:${e.status}`).join(" ")]));

describe("coverage per milestone", () => {
  it("computes a release with phases, waivers and environments by hand", async () => {
    const w = await world();
    const cov = await milestoneCoverage(w.ctx, w.v3.id, { now: NOW });
    expect(cov.environments.map((e) => e.name)).toEqual(["Production", "Staging"]);
    expect(statuses(cov)).toEqual({
      "R-1": "NOT_RUN", // C2's latest attempt in Production is RETEST
      "R-2": "OK", // Staging passed after the failure; Production's failure is waived
      "R-3": "NOK", // Staging: the failure stands (the re-run's entry is untested); Production: the waiver expired
      "R-4": "NOT_RUN", // Staging untested; Production only in an aborted run
      "R-5": "UNCOVERED", // no linked case
      "R-6": "OK", // the phase's failure, waived on the release for every environment
      "R-7": "OK", // C7 passed; C8 has no entry and does not count
    });
    expect(cov.totals).toEqual({ inScope: 7, ok: 3, nok: 1, notRun: 2, uncovered: 1 });
    expect(cells(cov)).toEqual({
      "R-1": "Production:NOT_RUN Staging:OK",
      "R-2": "Production:OK Staging:OK",
      "R-3": "Production:NOK Staging:NOK",
      "R-4": "Production:UNCOVERED Staging:NOT_RUN",
      "R-5": "Production:UNCOVERED Staging:UNCOVERED",
      "R-6": "Production:UNCOVERED Staging:OK",
      "R-7": "Production:UNCOVERED Staging:OK",
    });
    const r2 = cov.requirements.find((r) => r.key === "R-2")!;
    expect(r2.cases).toEqual([
      expect.objectContaining({
        caseKey: w.c3.key,
        title: "Case 3",
        status: "OK",
        attempts: [
          expect.objectContaining({ environment: { id: w.production.id, name: "Production" }, status: "FAILED", coverage: "OK", waived: true, runId: w.runC, entries: 1 }),
          expect.objectContaining({ environment: { id: w.staging.id, name: "Staging" }, status: "PASSED", coverage: "OK", waived: false, entries: 2 }),
        ],
      }),
    ]);
    const r3 = cov.requirements.find((r) => r.key === "R-3")!;
    // The deciding Staging attempt is the old failure, not the re-run's untested entry.
    expect(r3.cases[0].attempts.find((a) => a.environment.name === "Staging")).toMatchObject({ status: "FAILED", executedAt: days(-3, NOW).toISOString(), entries: 2 });
    const r7 = cov.requirements.find((r) => r.key === "R-7")!;
    expect(r7.cases.map((c) => [c.caseKey, c.status])).toEqual([
      [w.c7.key, "OK"],
      [w.c8.key, "UNCOVERED"],
    ]);
    expect(cov.requirements.map((r) => r.key)).not.toContain("R-OUT");
  });

  it("filters by environment (id or name)", async () => {
    const w = await world();
    const cov = await milestoneCoverage(w.ctx, w.v3.id, { now: NOW, environmentId: "production" });
    expect(cov.environment).toEqual({ id: w.production.id, name: "Production" });
    expect(cov.environments).toEqual([{ id: w.production.id, name: "Production" }]);
    expect(statuses(cov)).toEqual({ "R-1": "NOT_RUN", "R-2": "OK", "R-3": "NOK", "R-4": "UNCOVERED", "R-5": "UNCOVERED", "R-6": "UNCOVERED", "R-7": "UNCOVERED" });
    expect(cov.totals).toEqual({ inScope: 7, ok: 1, nok: 1, notRun: 1, uncovered: 4 });
    const staging = await milestoneCoverage(w.ctx, w.v3.id, { now: NOW, environmentId: w.staging.id });
    expect(statuses(staging)).toEqual({ "R-1": "OK", "R-2": "OK", "R-3": "NOK", "R-4": "NOT_RUN", "R-5": "UNCOVERED", "R-6": "OK", "R-7": "OK" });
    expect(staging.totals).toEqual({ inScope: 7, ok: 4, nok: 1, notRun: 1, uncovered: 1 });
  });

  it("a phase has its own scope and runs; a waiver on its release covers it; waivers are judged at `now`", async () => {
    const w = await world();
    const phase = await milestoneCoverage(w.ctx, w.freeze.id, { now: NOW });
    expect(statuses(phase)).toEqual({ "R-6": "OK", "R-7": "OK" });
    expect(phase.totals).toEqual({ inScope: 2, ok: 2, nok: 0, notRun: 0, uncovered: 0 });
    expect(phase.requirements[0].cases[0].attempts[0]).toMatchObject({ status: "FAILED", waived: true });
    // Before C4's Production waiver expired, only Staging's standing failure keeps R-3 NOK.
    const earlier = await milestoneCoverage(w.ctx, w.v3.id, { now: days(-2, NOW) });
    expect(cells(earlier)["R-3"]).toBe("Production:OK Staging:NOK");
    // Revoking the release's waiver of C6 makes the phase's failure count again.
    await getDb().execute(sql`update waivers set revoked_at = ${NOW.toISOString()}::timestamptz where case_id = ${w.c6.id}`);
    expect(statuses(await milestoneCoverage(w.ctx, w.freeze.id, { now: NOW }))["R-6"]).toBe("NOK");
  });

  it("a milestone without requirements in scope has empty coverage; an unknown milestone or environment is 404", async () => {
    const w = await world();
    const empty = await w.milestone({ name: "Empty" });
    const cov = await milestoneCoverage(w.ctx, empty.id, { now: NOW });
    expect(cov).toEqual({
      milestone: { id: empty.id, name: "Empty" },
      environment: null,
      environments: [],
      totals: { inScope: 0, ok: 0, nok: 0, notRun: 0, uncovered: 0 },
      requirements: [],
    });
    await expect(milestoneCoverage(w.ctx, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(milestoneCoverage(w.ctx, w.v3.id, { environmentId: "Nowhere" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
