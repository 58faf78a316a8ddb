import { describe, expect, it } from "vitest";
import { milestoneSummary } from "@/lib/milestones/summary";
import { call } from "../helpers/api";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

// A fixed clock: every number below is computed by hand from it.
const NOW = new Date("2030-06-10T12:00:00.000Z");
const DUE = "2030-06-13T23:59:59.999Z"; // 3 calendar days after NOW

/**
 * Release v2.4 with cases K1 CRITICAL, K2 HIGH, K3 MEDIUM, K4 LOW, K5 MEDIUM:
 *   A Staging    COMPLETED   (NOW-3d)  K1 PASSED  K2 FAILED  K3 FAILED   K4 PASSED  K5 BLOCKED
 *   B Staging    IN_PROGRESS (NOW-1d)  K1 FAILED  K2 PASSED  K3 UNTESTED K4 RETEST  K5 SKIPPED
 *   C Production COMPLETED   (NOW-2d)  K1 PASSED  K2 FAILED  K3 PASSED
 *   D Production ABORTED     (NOW-1d)  K1 FAILED  K3 FAILED                 (ignored everywhere)
 * K3 has a defect link; K5 is waived in Staging.
 */
async function release() {
  const w = await summaryWorld();
  const staging = await w.env("Staging");
  const production = await w.env("Production");
  const ms = await w.milestone({ name: "v2.4", dueDate: DUE });
  const k1 = await w.testCase("Checkout with card", "CRITICAL");
  const k2 = await w.testCase("Checkout with PayPal", "HIGH");
  const k3 = await w.testCase("Coupon applies", "MEDIUM");
  const k4 = await w.testCase("Footer links", "LOW");
  const k5 = await w.testCase("Wishlist", "MEDIUM");
  const d3 = days(-3, NOW);
  const d2 = days(-2, NOW);
  const d1 = days(-1, NOW);
  const runA = await w.run({
    milestoneId: ms.id, environmentId: staging.id, status: "COMPLETED",
    entries: [
      { caseId: k1.id, status: "PASSED", at: d3 }, { caseId: k2.id, status: "FAILED", at: d3 }, { caseId: k3.id, status: "FAILED", at: d3 },
      { caseId: k4.id, status: "PASSED", at: d3 }, { caseId: k5.id, status: "BLOCKED", at: d3 },
    ],
  });
  const runB = await w.run({
    milestoneId: ms.id, environmentId: staging.id, status: "IN_PROGRESS",
    entries: [
      { caseId: k1.id, status: "FAILED", at: d1 }, { caseId: k2.id, status: "PASSED", at: d1 }, { caseId: k3.id, status: "UNTESTED" },
      { caseId: k4.id, status: "RETEST", at: d1 }, { caseId: k5.id, status: "SKIPPED", at: d1 },
    ],
  });
  const runC = await w.run({
    milestoneId: ms.id, environmentId: production.id, status: "COMPLETED",
    entries: [{ caseId: k1.id, status: "PASSED", at: d2 }, { caseId: k2.id, status: "FAILED", at: d2 }, { caseId: k3.id, status: "PASSED", at: d2 }],
  });
  await w.run({
    milestoneId: ms.id, environmentId: production.id, status: "ABORTED",
    entries: [{ caseId: k1.id, status: "FAILED", at: d1 }, { caseId: k3.id, status: "FAILED", at: d1 }],
  });
  await w.defect(k3.id, "SHOP-7");
  const waiver = await w.owner.api.post(`${w.base}/milestones/${ms.id}/waivers`, { caseId: k5.id, environmentId: staging.id, reason: "Wishlist ships dark" });
  expect(waiver.status).toBe(201);
  return { ...w, staging, production, ms, k1, k2, k3, k4, k5, runA, runB, runC, d1, d2, d3, waiverId: waiver.body.id as string };
}

describe("milestone summary (DESIGN §6)", () => {
  it("computes every number of a mixed release by hand", async () => {
    const r = await release();
    const s = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(s.milestone).toEqual({ id: r.ms.id, name: "v2.4", dueDate: DUE, status: "ACTIVE" });
    // Non-aborted counters: A (5) + B (5) + C (3).
    expect(s.counts).toEqual({ total: 13, passed: 5, failed: 4, blocked: 1, skipped: 1, retest: 1, untested: 1, flaky: 0 });
    expect(s.passRate).toBe(50); // 5 / (5 + 4 + 1)
    expect(s.progress).toBe(84.6); // (13 - 1 untested - 1 retest) / 13
    expect(s.runs).toEqual({ total: 4, planned: 0, inProgress: 1, completed: 2, aborted: 1 });
    // K2 failed in Staging but passed later there (resolved), and is still failing in Production.
    // K1 passed in Production but failed later in Staging. K5 is waived; K3 failed and was not re-run.
    expect(s.openFailures).toEqual([
      { caseId: r.k1.id, caseKey: r.k1.key, title: "Checkout with card", priority: "CRITICAL", status: "FAILED", environment: { id: r.staging.id, name: "Staging" }, runId: r.runB, since: r.d1.toISOString(), defect: null, comment: null, waiver: null, quarantine: null },
      { caseId: r.k2.id, caseKey: r.k2.key, title: "Checkout with PayPal", priority: "HIGH", status: "FAILED", environment: { id: r.production.id, name: "Production" }, runId: r.runC, since: r.d2.toISOString(), defect: null, comment: null, waiver: null, quarantine: null },
      {
        caseId: r.k3.id, caseKey: r.k3.key, title: "Coupon applies", priority: "MEDIUM", status: "FAILED", environment: { id: r.staging.id, name: "Staging" }, runId: r.runA, since: r.d3.toISOString(),
        defect: { id: expect.any(String), tracker: "JIRA", key: "SHOP-7", url: "https://jira.example.test/browse/SHOP-7", status: null }, comment: null, waiver: null, quarantine: null,
      },
    ]);
    // K5's BLOCKED in Staging (run A) is not open: its waiver accepts it, and the summary says so.
    expect(s.waivedFailures).toEqual([
      {
        caseId: r.k5.id, caseKey: r.k5.key, title: "Wishlist", priority: "MEDIUM", status: "BLOCKED", environment: { id: r.staging.id, name: "Staging" }, runId: r.runA,
        waiverId: r.waiverId, milestoneId: r.ms.id, reason: "Wishlist ships dark", waivedBy: { id: r.owner.user.id, name: expect.any(String) },
        waivedAt: expect.any(String), expiresAt: null,
      },
    ]);
    expect(s.rules).toEqual({ passRateThreshold: 95, blockingPriorities: ["CRITICAL", "HIGH"], warningWindowDays: 3 });
    expect(s.verdict).toBe("NO_GO");
    expect(s.reasons).toEqual([
      { code: "RUNS_INCOMPLETE", message: "1 of 3 runs is not completed." },
      { code: "BLOCKING_FAILURES", message: `2 open failures of priority CRITICAL or HIGH: ${r.k1.key} (Staging), ${r.k2.key} (Production).` },
      { code: "PASS_RATE_BELOW_THRESHOLD", message: "Pass rate 50.0% (5 of 10 executed) is below the 95% threshold." },
      { code: "UNTRACKED_FAILURES", message: `2 open failures have no defect link or waiver: ${r.k1.key} (Staging), ${r.k2.key} (Production).` },
    ]);
    // 10 executed results in the last 7 days → 10/7 per day; 2 open entries → 1.4 days.
    expect(s.risk).toEqual({
      level: "AT_RISK", // due in 3 days, inside the 3-day warning window, with a run incomplete
      daysLeft: 3,
      incompleteRunsPercent: 33, // 1 of 3 non-aborted runs
      forecastFinish: "2030-06-11T21:36:00.000Z",
      message: "Due in 3 days; 1 of 3 runs incomplete (33%); forecast finish 2030-06-11",
    });
    expect(s.environments).toEqual([
      { environment: { id: r.production.id, name: "Production" }, passRate: 66.7, counts: { total: 3, passed: 2, failed: 1, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 }, verdict: "NO_GO" },
      { environment: { id: r.staging.id, name: "Staging" }, passRate: 42.9, counts: { total: 10, passed: 3, failed: 3, blocked: 1, skipped: 1, retest: 1, untested: 1, flaky: 0 }, verdict: "NO_GO" },
    ]);
    expect(s.children).toEqual([]);
    expect(s.generatedAt).toBe(NOW.toISOString());
  });

  it("filters by environment, by name or id, through the API", async () => {
    const r = await release();
    const res = await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/summary?environment=production`);
    expect(res.status).toBe(200);
    expect(res.body.environment).toEqual({ id: r.production.id, name: "Production" });
    expect(res.body.counts).toEqual({ total: 3, passed: 2, failed: 1, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 });
    expect(res.body.passRate).toBe(66.7);
    expect(res.body.runs).toEqual({ total: 2, planned: 0, inProgress: 0, completed: 1, aborted: 1 });
    expect(res.body.openFailures.map((f: { caseKey: string }) => f.caseKey)).toEqual([r.k2.key]);
    expect(res.body.reasons.map((x: { code: string }) => x.code)).toEqual(["BLOCKING_FAILURES", "PASS_RATE_BELOW_THRESHOLD", "UNTRACKED_FAILURES"]);
    expect(res.body.environments.map((e: { environment: { name: string } }) => e.environment.name)).toEqual(["Production"]);
    const byId = await milestoneSummary(r.ctx, r.ms.id, { environmentId: r.staging.id, now: NOW });
    expect(byId.counts.total).toBe(10);
    expect(byId.openFailures.map((f) => f.caseKey)).toEqual([r.k1.key, r.k3.key]);
    expect((await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/summary?environment=Nowhere`)).status).toBe(404);
  });

  it("goes GO when every run is complete, nothing blocking is open and the pass rate meets the threshold", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v3", dueDate: "2030-07-01" });
    const cases = [];
    for (let i = 0; i < 20; i++) cases.push(await w.testCase(`Case ${i}`, i === 0 ? "LOW" : "MEDIUM"));
    // 19 of 20 passed = 95.0%; the one LOW failure has a defect, so it is tracked and not blocking.
    await w.run({
      milestoneId: ms.id, environmentId: env.id, status: "COMPLETED",
      entries: cases.map((c, i) => ({ caseId: c.id, status: i === 0 ? ("FAILED" as const) : ("PASSED" as const), at: days(-1, NOW) })),
    });
    await w.defect(cases[0].id, "BUG-1");
    const go = await milestoneSummary(w.ctx, ms.id, { now: NOW });
    expect(go).toMatchObject({ verdict: "GO", reasons: [], passRate: 95, progress: 100 });
    expect(go.openFailures).toHaveLength(1);
    expect(go.risk).toEqual({ level: "ON_TRACK", daysLeft: 21, incompleteRunsPercent: 0, forecastFinish: null, message: "Every run is complete; due in 21 days" });

    // The threshold and the blocking priorities come from the project's settings.
    const patch = await w.owner.api.patch(w.base, { settings: { passRateThreshold: 96, blockingPriorities: ["LOW"] } });
    expect(patch.status).toBe(200);
    expect(patch.body.settings).toEqual({ passRateThreshold: 96, warningWindowDays: 3, blockingPriorities: ["LOW"], publicBadge: false });
    const strict = await milestoneSummary(w.ctx, ms.id, { now: NOW });
    expect(strict.reasons).toEqual([
      { code: "BLOCKING_FAILURES", message: `1 open failure of priority LOW: ${cases[0].key} (Staging).` },
      { code: "PASS_RATE_BELOW_THRESHOLD", message: "Pass rate 95.0% (19 of 20 executed) is below the 96% threshold." },
    ]);
    const gate = await w.owner.api.get(`${w.base}/milestones/${ms.id}/gate?strict=1`);
    expect(gate.status).toBe(412);
    expect(gate.body).toEqual({ verdict: "NO_GO", reasons: strict.reasons, passRate: 95, milestone: strict.milestone });
    expect((await w.owner.api.get(`${w.base}/milestones/${ms.id}/gate`)).status).toBe(200);
    await w.owner.api.patch(w.base, { settings: { passRateThreshold: 95, blockingPriorities: [] } });
    const gateGo = await w.owner.api.get(`${w.base}/milestones/${ms.id}/gate?strict=1`);
    expect(gateGo.status).toBe(200);
    expect(gateGo.body).toMatchObject({ verdict: "GO", reasons: [], passRate: 95 });
  });

  it("reports nothing executed as NO_GO with a null pass rate", async () => {
    const w = await summaryWorld();
    const env = await w.env("QA");
    const ms = await w.milestone({ name: "empty" });
    const c = await w.testCase("Login");
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "PLANNED", entries: [{ caseId: c.id, status: "UNTESTED" }] });
    const s = await milestoneSummary(w.ctx, ms.id, { now: NOW });
    expect(s.passRate).toBeNull();
    expect(s.progress).toBe(0);
    expect(s.reasons).toEqual([
      { code: "RUNS_INCOMPLETE", message: "1 of 1 run is not completed." },
      { code: "PASS_RATE_BELOW_THRESHOLD", message: "Nothing has been executed yet; the threshold is 95%." },
    ]);
    // Nothing executed is NOT_STARTED, never "on track".
    expect(s.risk).toMatchObject({ level: "NOT_STARTED", daysLeft: null, message: "Nothing executed yet in 1 run; no due date" });
  });

  it("rates due-date risk: forecast after the due date, warning window, overdue", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v5", dueDate: "2030-06-20T12:00:00.000Z" }); // 10 days after NOW
    const cases = [];
    for (let i = 0; i < 37; i++) cases.push(await w.testCase(`Case ${i}`, "LOW"));
    // 7 executed in the last 7 days (1 per day), one more 8 days ago (outside the window); 29 open.
    await w.run({
      milestoneId: ms.id, environmentId: env.id, status: "IN_PROGRESS",
      entries: cases.map((c, i) => ({ caseId: c.id, status: i < 7 ? ("PASSED" as const) : i === 7 ? ("PASSED" as const) : ("UNTESTED" as const), at: i < 7 ? days(-i, NOW) : days(-8, NOW) })),
    });
    const late = await milestoneSummary(w.ctx, ms.id, { now: NOW });
    // 29 open ÷ 1 per day = 29 days → 2030-07-09T12:00Z, after the due date.
    expect(late.risk).toEqual({
      level: "AT_RISK",
      daysLeft: 10,
      incompleteRunsPercent: 100,
      forecastFinish: "2030-07-09T12:00:00.000Z",
      message: "Due in 10 days; 1 of 1 run incomplete (100%); forecast finish 2030-07-09",
    });
    // Nothing executed lately: the forecast is unbounded.
    const quiet = await milestoneSummary(w.ctx, ms.id, { now: days(30, NOW) });
    expect(quiet.risk).toEqual({ level: "OVERDUE", daysLeft: -20, incompleteRunsPercent: 100, forecastFinish: null, message: "Overdue by 20 days; 1 of 1 run incomplete (100%); no forecast: 29 open entries and nothing executed in the last 7 days" });
    const stalled = await milestoneSummary(w.ctx, ms.id, { now: days(9, NOW) });
    expect(stalled.risk).toEqual({
      level: "AT_RISK",
      daysLeft: 1,
      incompleteRunsPercent: 100,
      forecastFinish: null,
      message: "Due in 1 day; 1 of 1 run incomplete (100%); no forecast: 29 open entries and nothing executed in the last 7 days",
    });
    // A wider warning window alone makes it AT_RISK; a narrower one with a good forecast is ON_TRACK.
    const fast = await w.milestone({ name: "v6", dueDate: "2030-06-15T00:00:00.000Z" }); // 5 days after NOW
    await w.run({
      milestoneId: fast.id, environmentId: env.id, status: "IN_PROGRESS",
      entries: cases.slice(0, 15).map((c, i) => ({ caseId: c.id, status: i < 14 ? ("PASSED" as const) : ("UNTESTED" as const), at: days(-1, NOW) })),
    });
    // 14 executed in 7 days = 2 per day; 1 open → half a day.
    expect((await milestoneSummary(w.ctx, fast.id, { now: NOW })).risk).toEqual({
      level: "ON_TRACK", daysLeft: 5, incompleteRunsPercent: 100, forecastFinish: "2030-06-11T00:00:00.000Z", message: "Due in 5 days; 1 of 1 run incomplete (100%); forecast finish 2030-06-11",
    });
    await w.owner.api.patch(w.base, { settings: { warningWindowDays: 5 } });
    expect((await milestoneSummary(w.ctx, fast.id, { now: NOW })).risk.level).toBe("AT_RISK");
  });

  it("never lets the schedule risk contradict the work: NOT_STARTED, complete runs, environments without runs", async () => {
    const w = await summaryWorld();
    const staging = await w.env("Staging");
    const production = await w.env("Production");
    const k1 = await w.testCase("Checkout", "CRITICAL");
    const k2 = await w.testCase("Search", "LOW");

    // A phase with no runs, due in 2 days (inside the 3-day window).
    const empty = await w.milestone({ name: "Phase A", dueDate: "2030-06-12T18:00:00.000Z" });
    expect((await milestoneSummary(w.ctx, empty.id, { now: NOW })).risk).toEqual({
      level: "NOT_STARTED", daysLeft: 2, incompleteRunsPercent: 0, forecastFinish: null, message: "No runs yet; due in 2 days",
    });

    // Runs planned, nothing executed, inside the window: still NOT_STARTED, never ON_TRACK.
    const planned = await w.milestone({ name: "Phase B", dueDate: "2030-06-12T18:00:00.000Z" });
    await w.run({ milestoneId: planned.id, environmentId: staging.id, status: "PLANNED", entries: [{ caseId: k1.id, status: "UNTESTED" }, { caseId: k2.id, status: "UNTESTED" }] });
    expect((await milestoneSummary(w.ctx, planned.id, { now: NOW })).risk).toMatchObject({ level: "NOT_STARTED", message: "Nothing executed yet in 1 run; due in 2 days" });

    // Inside the window with a run incomplete and a good pace: AT_RISK, with the forecast date.
    const busy = await w.milestone({ name: "Phase C", dueDate: "2030-06-12T18:00:00.000Z" });
    await w.run({ milestoneId: busy.id, environmentId: staging.id, status: "IN_PROGRESS", entries: [{ caseId: k1.id, status: "PASSED", at: days(-1, NOW) }, { caseId: k2.id, status: "UNTESTED" }] });
    // 1 executed in 7 days → 1/7 per day; 1 open → 7 days → 2030-06-17T12:00Z.
    expect((await milestoneSummary(w.ctx, busy.id, { now: NOW })).risk).toEqual({
      level: "AT_RISK", daysLeft: 2, incompleteRunsPercent: 100, forecastFinish: "2030-06-17T12:00:00.000Z",
      message: "Due in 2 days; 1 of 1 run incomplete (100%); forecast finish 2030-06-17",
    });

    // Every run complete but NO GO (a CRITICAL failure): the schedule is ON_TRACK, the verdict says NO GO.
    const done = await w.milestone({ name: "Phase D", dueDate: "2030-06-12T18:00:00.000Z" });
    await w.run({ milestoneId: done.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", at: days(-1, NOW) }, { caseId: k2.id, status: "PASSED", at: days(-1, NOW) }] });
    const doneSummary = await milestoneSummary(w.ctx, done.id, { now: NOW });
    expect(doneSummary.verdict).toBe("NO_GO");
    expect(doneSummary.risk).toEqual({ level: "ON_TRACK", daysLeft: 2, incompleteRunsPercent: 0, forecastFinish: null, message: "Every run is complete; due in 2 days" });

    // Filtered to an environment where nothing ran: it says so, and nothing claims "no open failures".
    const prod = await w.owner.api.get(`${w.base}/milestones/${done.id}/summary?environment=Production`);
    expect(prod.body.risk).toMatchObject({ level: "NOT_STARTED", message: expect.stringMatching(/^No runs in Production; due in \d+ days$/) });
    expect((await milestoneSummary(w.ctx, done.id, { now: NOW, environmentId: production.id })).risk.message).toBe("No runs in Production; due in 2 days");
    expect(prod.body).toMatchObject({ passRate: null, openFailures: [], runs: { total: 0 } });
    expect(prod.body.environment).toEqual({ id: production.id, name: "Production" });

    // Past the due date with nothing executed: OVERDUE says both.
    expect((await milestoneSummary(w.ctx, planned.id, { now: days(5, NOW) })).risk).toMatchObject({ level: "OVERDUE", message: "Overdue by 3 days; nothing executed" });
    // A COMPLETED milestone is done, whatever its verdict.
    await w.owner.api.post(`${w.base}/milestones/${done.id}/complete`, { override: { reason: "Shipped with a known issue" } });
    expect((await milestoneSummary(w.ctx, done.id, { now: NOW })).risk).toMatchObject({ level: "ON_TRACK", message: "Milestone completed" });
  });

  it("rolls child milestones up into their parent", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const release = await w.milestone({ name: "v7 release", dueDate: "2030-06-30" });
    const freeze = await w.milestone({ name: "Code freeze", dueDate: "2030-06-20", parentId: release.id });
    const k1 = await w.testCase("Search", "HIGH");
    const k2 = await w.testCase("Filters", "MEDIUM");
    await w.run({ milestoneId: freeze.id, environmentId: env.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", at: days(-2, NOW) }, { caseId: k2.id, status: "PASSED", at: days(-2, NOW) }] });
    await w.run({ milestoneId: release.id, environmentId: env.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "PASSED", at: days(-1, NOW) }] });
    const s = await milestoneSummary(w.ctx, release.id, { now: NOW });
    // The parent counts both runs; K1's later pass in the release run resolves the freeze failure.
    expect(s.counts).toEqual({ total: 3, passed: 2, failed: 1, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 });
    expect(s.passRate).toBe(66.7);
    expect(s.openFailures).toEqual([]);
    expect(s.runs.total).toBe(2);
    expect(s.children).toEqual([
      {
        milestone: { id: freeze.id, name: "Code freeze", dueDate: "2030-06-20T23:59:59.999Z", status: "ACTIVE" },
        verdict: "NO_GO",
        passRate: 50,
        progress: 100,
        counts: { total: 2, passed: 1, failed: 1, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 },
        runs: { total: 1, planned: 0, inProgress: 0, completed: 1, aborted: 0 },
        openFailures: 1,
      },
    ]);
  });

  it("is visible to members only", async () => {
    const r = await release();
    expect((await call("GET", `${r.base}/milestones/${r.ms.id}/summary`)).status).toBe(401);
    expect((await r.owner.api.get(`${r.base}/milestones/not-a-milestone/summary`)).status).toBe(404);
  });
});
