import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { compareMilestone } from "@/lib/milestones/compare";
import { milestoneSummary } from "@/lib/milestones/summary";
import { milestoneBlocks, milestoneText } from "@/lib/slack/blocks";
import { days, summaryWorld } from "../helpers/milestone-fixtures";
import { createProjectWithOwner } from "../helpers/factories";

// A fixed clock: every list and number below is worked out by hand from the table.
const NOW = new Date("2030-06-10T12:00:00.000Z");

/**
 * Cases K1 CRITICAL, K2 HIGH, K3 MEDIUM, K4 LOW, K5 HIGH, K6 MEDIUM, K7 CRITICAL, K8 MEDIUM, K9 HIGH.
 *
 * v2.2.0 (COMPLETED, due -60d)           S0 Staging  -65d: K1 FAILED
 * v2.2.1 (COMPLETED, no due, done -40d)  (no runs)
 * v2.3.0 (COMPLETED, due -30d)           B1 Staging  -35d: K1 P, K2 F, K3 F, K4 P, K5 P, K6 B
 *                                        B3 Prod     -33d: K1 F, K2 P
 *                                        BX Staging  -31d ABORTED: K1 F (ignored)
 *   phase "v2.3.0 staging" (COMPLETED)   B2 Staging  -32d: K4 F, K7 P
 * v2.5.0 (COMPLETED, due +30d)           (after this one: never the automatic baseline)
 * v2.4.0 (ACTIVE, due +3d), the one judged:
 *                                        N1 Staging  -2d build a1b2c3d: K1 F, K2 F, K3 P, K4 P, K6 B, K8 F, K9 P
 *                                        N3 Prod     -1d build e4f5a6b: K1 P, K2 B
 *                                        N4 Prod     -12h no build:     K3 P
 *   phase "v2.4.0 RC"                    N2 Staging  -1d build e4f5a6b: K7 P, K1 UNTESTED, K4 P
 */
async function releases() {
  const w = await summaryWorld();
  const staging = await w.env("Staging");
  const production = await w.env("Production");
  const k1 = await w.testCase("Checkout with card", "CRITICAL");
  const k2 = await w.testCase("Checkout with PayPal", "HIGH");
  const k3 = await w.testCase("Coupon applies", "MEDIUM");
  const k4 = await w.testCase("Footer links", "LOW");
  const k5 = await w.testCase("Wishlist", "HIGH");
  const k6 = await w.testCase("Search filters", "MEDIUM");
  const k7 = await w.testCase("Login", "CRITICAL");
  const k8 = await w.testCase("Gift cards", "MEDIUM");
  const k9 = await w.testCase("Refunds", "HIGH");
  const at = (d: number) => days(d, NOW);

  const v220 = await w.milestone({ name: "v2.2.0", dueDate: at(-60).toISOString() });
  await w.run({ milestoneId: v220.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", at: at(-65) }] });
  await w.complete(v220.id, at(-59));
  const v221 = await w.milestone({ name: "v2.2.1" });
  await w.complete(v221.id, at(-40));

  const v230 = await w.milestone({ name: "v2.3.0", dueDate: at(-30).toISOString() });
  const v230phase = await w.milestone({ name: "v2.3.0 staging", dueDate: at(-29).toISOString(), parentId: v230.id });
  const b = (d: number) => ({ at: at(d) });
  await w.run({
    milestoneId: v230.id, environmentId: staging.id, status: "COMPLETED",
    entries: [
      { caseId: k1.id, status: "PASSED", ...b(-35) }, { caseId: k2.id, status: "FAILED", ...b(-35) }, { caseId: k3.id, status: "FAILED", ...b(-35) },
      { caseId: k4.id, status: "PASSED", ...b(-35) }, { caseId: k5.id, status: "PASSED", ...b(-35) }, { caseId: k6.id, status: "BLOCKED", ...b(-35) },
    ],
  });
  await w.run({ milestoneId: v230.id, environmentId: production.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", ...b(-33) }, { caseId: k2.id, status: "PASSED", ...b(-33) }] });
  await w.run({ milestoneId: v230.id, environmentId: staging.id, status: "ABORTED", entries: [{ caseId: k1.id, status: "FAILED", ...b(-31) }] });
  await w.run({ milestoneId: v230phase.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k4.id, status: "FAILED", ...b(-32) }, { caseId: k7.id, status: "PASSED", ...b(-32) }] });
  await w.complete(v230phase.id, at(-29));
  await w.complete(v230.id, at(-28));

  const v250 = await w.milestone({ name: "v2.5.0", dueDate: at(30).toISOString() });
  await w.complete(v250.id, at(-1));

  const ms = await w.milestone({ name: "v2.4.0", dueDate: at(3).toISOString() });
  const rc = await w.milestone({ name: "v2.4.0 RC", dueDate: at(1).toISOString(), parentId: ms.id });
  const n = (d: number) => ({ at: at(d) });
  const n1 = await w.run({
    milestoneId: ms.id, environmentId: staging.id, status: "COMPLETED", build: "a1b2c3d", startedAt: at(-2),
    entries: [
      { caseId: k1.id, status: "FAILED", ...n(-2) }, { caseId: k2.id, status: "FAILED", ...n(-2) }, { caseId: k3.id, status: "PASSED", ...n(-2) },
      { caseId: k4.id, status: "PASSED", ...n(-2) }, { caseId: k6.id, status: "BLOCKED", ...n(-2) }, { caseId: k8.id, status: "FAILED", ...n(-2) },
      { caseId: k9.id, status: "PASSED", ...n(-2) },
    ],
  });
  const n3 = await w.run({
    milestoneId: ms.id, environmentId: production.id, status: "COMPLETED", build: "e4f5a6b", startedAt: at(-1),
    entries: [{ caseId: k1.id, status: "PASSED", ...n(-1) }, { caseId: k2.id, status: "BLOCKED", ...n(-1) }],
  });
  const n4 = await w.run({ milestoneId: ms.id, environmentId: production.id, status: "COMPLETED", startedAt: at(-0.5), entries: [{ caseId: k3.id, status: "PASSED", ...n(-0.5) }] });
  await w.run({
    milestoneId: rc.id, environmentId: staging.id, status: "COMPLETED", build: "e4f5a6b", startedAt: at(-1),
    entries: [{ caseId: k7.id, status: "PASSED", ...n(-1) }, { caseId: k1.id, status: "UNTESTED" }, { caseId: k4.id, status: "PASSED", ...n(-1) }],
  });
  // As ingestion keeps it: a result write stamps its run in the same transaction, so no entry's
  // result time is later than its run's last activity (the fixture writes times in 2030).
  await getDb().execute(sql`
    update test_runs r set last_activity_at = x.at
    from (select run_id, max(last_result_at) as at from run_entries group by run_id) x
    where x.run_id = r.id and r.project_id = ${w.project.id}`);
  return { ...w, staging, production, k1, k2, k3, k4, k5, k6, k7, k8, k9, v220, v221, v230, v230phase, v250, ms, rc, n1, n3, n4 };
}

type World = Awaited<ReturnType<typeof releases>>;
type Case = World["k1"];
const item = (k: Case, env: { id: string; name: string }, now: string | null, before: string | null) => ({
  caseId: k.id, caseKey: k.key, title: k.title, priority: k.priority, environment: { id: env.id, name: env.name }, now, before,
});

describe("baseline", () => {
  it("defaults to the latest completed top-level milestone due (else completed) before this one", async () => {
    const r = await releases();
    const c = await compareMilestone(r.ctx, r.ms.id, { now: NOW });
    expect(c.baseline).toEqual({ id: r.v230.id, name: "v2.3.0" });
    // The phase of v2.4.0 (due +1d) gets the same rule; v2.3.0 (due -30d) has v2.2.1 (completed -40d) before it.
    expect((await compareMilestone(r.ctx, r.rc.id, { now: NOW })).baseline).toEqual({ id: r.v230.id, name: "v2.3.0" });
    expect((await compareMilestone(r.ctx, r.v230.id, { now: NOW })).baseline).toEqual({ id: r.v221.id, name: "v2.2.1" });
    expect((await compareMilestone(r.ctx, r.v220.id, { now: NOW })).baseline).toBeNull();
  });

  it("is set with PATCH, null means none, and bad choices are refused", async () => {
    const r = await releases();
    const url = `${r.base}/milestones/${r.ms.id}`;
    const before = await r.owner.api.get(url);
    expect(before.body).toMatchObject({ baselineMilestoneId: null, baselineAutomatic: true });

    const set = await r.owner.api.patch(url, { baselineMilestoneId: r.v220.id });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ baselineMilestoneId: r.v220.id, baselineAutomatic: false });
    const s = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    // Against v2.2.0 only K1 in Staging was executed (FAILED): still failing; the rest is new to it.
    expect(s.regressions).toEqual({ baseline: { id: r.v220.id, name: "v2.2.0" }, new: 0, stillFailing: 1, fixed: 0 });
    expect(s.openFailures.map((f) => [f.caseKey, f.environment.name, f.regression])).toEqual([
      [r.k1.key, "Staging", "KNOWN"], [r.k2.key, "Production", "UNKNOWN"], [r.k2.key, "Staging", "UNKNOWN"], [r.k6.key, "Staging", "UNKNOWN"], [r.k8.key, "Staging", "UNKNOWN"],
    ]);

    const none = await r.owner.api.patch(url, { baselineMilestoneId: null });
    expect(none.body).toMatchObject({ baselineMilestoneId: null, baselineAutomatic: false });
    const s2 = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(s2.regressions).toEqual({ baseline: null, new: 0, stillFailing: 0, fixed: 0 });
    expect(new Set(s2.openFailures.map((f) => f.regression))).toEqual(new Set(["UNKNOWN"]));
    const c = await r.owner.api.get(`${url}/compare`);
    expect(c.body.baseline).toBeNull();
    expect(c.body.newFailures).toEqual([]);

    const audit = await r.owner.api.get(`${r.base}/audit-log?entityType=milestone`);
    expect(JSON.stringify(audit.body)).toContain("baselineMilestoneId");

    for (const [id, message] of [
      [r.ms.id, "its own baseline"],
      [r.rc.id, "phase of this milestone"],
      ["no-such-milestone", "No milestone"],
    ] as const) {
      const bad = await r.owner.api.patch(url, { baselineMilestoneId: id });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0]).toMatchObject({ field: "baselineMilestoneId" });
      expect(bad.body.error.details[0].message).toContain(message);
    }
    const up = await r.owner.api.patch(`${r.base}/milestones/${r.rc.id}`, { baselineMilestoneId: r.ms.id });
    expect(up.status).toBe(400);
    // Another project's milestone is unknown here.
    const other = await createProjectWithOwner();
    const foreign = (await other.owner.api.post(`/api/projects/${other.project.id}/milestones`, { name: "Elsewhere" })).body;
    expect((await r.owner.api.patch(url, { baselineMilestoneId: foreign.id })).status).toBe(400);
    expect((await r.owner.api.get(`${url}/compare?baseline=${foreign.id}`)).status).toBe(404);
  });
});

describe("the activity stamp", () => {
  it("changes when the baseline is chosen and when the baseline's results change", async () => {
    const r = await releases();
    const url = `${r.base}/milestones/${r.ms.id}/activity`;
    const v0 = (await r.owner.api.get(url)).body.version;
    expect((await r.owner.api.get(url)).body.version).toBe(v0);
    await r.owner.api.patch(`${r.base}/milestones/${r.ms.id}`, { baselineMilestoneId: r.v220.id });
    const v1 = (await r.owner.api.get(url)).body.version;
    expect(v1).not.toBe(v0);
    // A late result in v2.2.0 (the chosen baseline) changes what the summary compares with.
    await r.run({ milestoneId: r.v220.id, environmentId: r.staging.id, status: "COMPLETED", entries: [{ caseId: r.k2.id, status: "PASSED", at: days(-64, NOW) }] });
    expect((await r.owner.api.get(url)).body.version).not.toBe(v1);
  });
});

describe("compare", () => {
  it("lists each kind by hand, across phases on both sides", async () => {
    const r = await releases();
    const { staging: S, production: P } = r;
    const c = await compareMilestone(r.ctx, r.ms.id, { now: NOW });
    expect(c.milestone).toEqual({ id: r.ms.id, name: "v2.4.0" });
    expect(c.environment).toBeNull();
    expect(c.newFailures).toEqual([item(r.k1, S, "FAILED", "PASSED"), item(r.k2, P, "BLOCKED", "PASSED")]);
    expect(c.stillFailing).toEqual([item(r.k2, S, "FAILED", "FAILED"), item(r.k6, S, "BLOCKED", "BLOCKED")]);
    // K4 passed in v2.3.0's own run but failed later in its phase: failed in the baseline.
    expect(c.fixed).toEqual([item(r.k1, P, "PASSED", "FAILED"), item(r.k3, S, "PASSED", "FAILED"), item(r.k4, S, "PASSED", "FAILED")]);
    expect(c.notRunNow).toEqual([item(r.k5, S, null, "PASSED")]);
    // K7 passed on both sides (in phases): not listed. K1 UNTESTED in the RC phase does not hide its failure.
    expect(c.newlyRun).toEqual([item(r.k9, S, "PASSED", null), item(r.k3, P, "PASSED", null), item(r.k8, S, "FAILED", null)]);
  });

  it("filters one environment (id or name) on both sides and takes another baseline", async () => {
    const r = await releases();
    const res = await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/compare?environment=production`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      milestone: { id: r.ms.id, name: "v2.4.0" },
      baseline: { id: r.v230.id, name: "v2.3.0" },
      environment: { id: r.production.id, name: "Production" },
      newFailures: [item(r.k2, r.production, "BLOCKED", "PASSED")],
      stillFailing: [],
      fixed: [item(r.k1, r.production, "PASSED", "FAILED")],
      notRunNow: [],
      newlyRun: [item(r.k3, r.production, "PASSED", null)],
    });
    const other = await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/compare?baseline=${r.v220.id}&environment=${r.staging.id}`);
    expect(other.body.baseline).toEqual({ id: r.v220.id, name: "v2.2.0" });
    expect(other.body.stillFailing).toEqual([item(r.k1, r.staging, "FAILED", "FAILED")]);
    expect(other.body.newlyRun.map((i: { caseKey: string }) => i.caseKey)).toEqual([r.k7.key, r.k2.key, r.k9.key, r.k3.key, r.k6.key, r.k8.key, r.k4.key]);
    expect((await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/compare?environment=Nowhere`)).status).toBe(404);
    expect((await r.owner.api.get(`${r.base}/milestones/no-such/compare`)).status).toBe(404);
  });
});

describe("summary regressions and the blockOn rule", () => {
  it("counts new, still failing and fixed like compare, and marks each open failure", async () => {
    const r = await releases();
    const s = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(s.regressions).toEqual({ baseline: { id: r.v230.id, name: "v2.3.0" }, new: 2, stillFailing: 2, fixed: 3 });
    expect(s.openFailures.map((f) => [f.caseKey, f.environment.name, f.status, f.regression])).toEqual([
      [r.k1.key, "Staging", "FAILED", "NEW"],
      [r.k2.key, "Production", "BLOCKED", "NEW"],
      [r.k2.key, "Staging", "FAILED", "KNOWN"],
      [r.k6.key, "Staging", "BLOCKED", "KNOWN"],
      [r.k8.key, "Staging", "FAILED", "UNKNOWN"],
    ]);
    const prod = await milestoneSummary(r.ctx, r.ms.id, { now: NOW, environmentId: "Production" });
    expect(prod.regressions).toEqual({ baseline: { id: r.v230.id, name: "v2.3.0" }, new: 1, stillFailing: 0, fixed: 1 });
    expect(s.reasons.find((x) => x.code === "BLOCKING_FAILURES")?.message).toBe(
      `3 open failures of priority CRITICAL or HIGH: ${r.k1.key} (Staging), ${r.k2.key} (Production), ${r.k2.key} (Staging).`,
    );
    expect(s.rules).toMatchObject({ blockOn: "ALL_FAILURES", requireLatestBuild: false });
    // Slack says it where the verdict is reported.
    expect(milestoneText(s)).toContain("2 new failures since v2.3.0.");
    const links = { publicUrl: "https://qa.example.test", projectId: r.project.id, projectKey: r.project.key };
    expect(JSON.stringify(milestoneBlocks(s, links))).toContain(":new: 2 new failures since v2.3.0");
    await r.owner.api.patch(`${r.base}/milestones/${r.ms.id}`, { baselineMilestoneId: null });
    expect(milestoneText(await milestoneSummary(r.ctx, r.ms.id, { now: NOW }))).not.toContain("since");
  });

  it("sees a later write to the baseline's runs, although the baseline's failures are kept between summaries", async () => {
    const r = await releases();
    expect((await milestoneSummary(r.ctx, r.ms.id, { now: NOW })).regressions.fixed).toBe(3);
    // K3 failed in v2.3.0 on Staging (-35d); a pass recorded there at -34d, stamped on its run as
    // every result write is, means it no longer failed in the baseline: two fixed, not three.
    await getDb().execute(sql`
      with changed as (
        update run_entries set status = 'PASSED', last_result_at = ${days(-34, NOW).toISOString()}::timestamptz
        where case_id = ${r.k3.id} and run_id in (
          select id from test_runs where milestone_id = ${r.v230.id} and environment_id = ${r.staging.id} and status <> 'ABORTED')
        returning run_id
      )
      update test_runs set passed = passed + 1, failed = failed - 1, last_activity_at = ${days(-34, NOW).toISOString()}::timestamptz, updated_at = now()
      where id in (select run_id from changed)`);
    const after = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(after.regressions).toEqual({ baseline: { id: r.v230.id, name: "v2.3.0" }, new: 2, stillFailing: 2, fixed: 2 });
    expect((await compareMilestone(r.ctx, r.ms.id, { now: NOW })).fixed.map((f) => [f.caseKey, f.environment.name])).toEqual([
      [r.k1.key, "Production"],
      [r.k4.key, "Staging"],
    ]);
  });

  it("follows a defect linked, a priority changed and a result written after the last summary", async () => {
    const r = await releases();
    const k8 = (s: Awaited<ReturnType<typeof milestoneSummary>>) => s.openFailures.find((f) => f.caseId === r.k8.id);
    expect(k8(await milestoneSummary(r.ctx, r.ms.id, { now: NOW }))).toMatchObject({ defect: null, priority: "MEDIUM" });
    // Outside the runs: read afresh on every summary.
    await r.defect(r.k8.id, "SHOP-8");
    await getDb().execute(sql`update test_cases set priority = 'HIGH' where id = ${r.k8.id}`);
    expect(k8(await milestoneSummary(r.ctx, r.ms.id, { now: NOW }))).toMatchObject({ defect: { key: "SHOP-8" }, priority: "HIGH" });
    // Inside the runs: K8 passes on Staging at -1d, stamped on its run as every result write is.
    await getDb().execute(sql`
      with changed as (
        update run_entries set status = 'PASSED', last_result_at = ${days(-1, NOW).toISOString()}::timestamptz
        where case_id = ${r.k8.id} and run_id = ${r.n1} returning run_id
      )
      update test_runs set passed = passed + 1, failed = failed - 1, last_activity_at = ${days(-1, NOW).toISOString()}::timestamptz, updated_at = now()
      where id in (select run_id from changed)`);
    expect(k8(await milestoneSummary(r.ctx, r.ms.id, { now: NOW }))).toBeUndefined();
  });

  it("NEW_FAILURES blocks on new failures of blocking priority only, and on every one without a baseline", async () => {
    const r = await releases();
    const patch = await r.owner.api.patch(r.base, { settings: { blockOn: "NEW_FAILURES" } });
    expect(patch.status).toBe(200);
    expect(patch.body.settings.blockOn).toBe("NEW_FAILURES");
    const s = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(s.reasons.map((x) => x.code)).toEqual(["NEW_REGRESSIONS", "PASS_RATE_BELOW_THRESHOLD", "UNTRACKED_FAILURES"]);
    expect(s.reasons[0].message).toBe(`2 new failures of priority CRITICAL or HIGH (passed in the baseline): ${r.k1.key} (Staging), ${r.k2.key} (Production).`);
    // Per environment: Staging has K1 new; Production K2 new.
    await r.owner.api.patch(`${r.base}/milestones/${r.ms.id}`, { baselineMilestoneId: null });
    const none = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(none.reasons[0].code).toBe("BLOCKING_FAILURES");
    expect((await r.owner.api.patch(r.base, { settings: { blockOn: "SOME" } })).status).toBe(400);
  });
});

describe("builds", () => {
  it("finds the latest build, the stale entries, and blocks on stale CRITICAL and HIGH cases when required", async () => {
    const r = await releases();
    const s = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(s.latestBuild).toBe("e4f5a6b");
    expect(s.build).toBeNull();
    // Staging: N1 (a1b2c3d) holds the latest result of K1, K2, K3, K6, K8, K9 (K4 and K7 ran on e4f5a6b);
    // Production: K3's latest result came from a run without a build.
    expect(s.counts.stale).toBe(7);
    const run1 = { runId: r.n1, build: "a1b2c3d", executedAt: days(-2, NOW).toISOString(), environment: { id: r.staging.id, name: "Staging" } };
    expect(s.staleCases).toEqual([
      { caseId: r.k1.id, caseKey: r.k1.key, title: r.k1.title, priority: "CRITICAL", status: "FAILED", ...run1 },
      { caseId: r.k2.id, caseKey: r.k2.key, title: r.k2.title, priority: "HIGH", status: "FAILED", ...run1 },
      { caseId: r.k9.id, caseKey: r.k9.key, title: r.k9.title, priority: "HIGH", status: "PASSED", ...run1 },
    ]);
    expect(s.reasons.map((x) => x.code)).not.toContain("STALE_RESULTS");

    await r.owner.api.patch(r.base, { settings: { requireLatestBuild: true } });
    const strict = await milestoneSummary(r.ctx, r.ms.id, { now: NOW });
    expect(strict.reasons.find((x) => x.code === "STALE_RESULTS")?.message).toBe(
      `3 CRITICAL or HIGH cases have no result on the latest build: ${r.k1.key} (Staging) last failed on a1b2c3d, ${r.k2.key} (Staging) last failed on a1b2c3d, ` +
        `${r.k9.key} (Staging) last passed on a1b2c3d; the candidate is e4f5a6b.`,
    );
    // Production alone has no stale CRITICAL or HIGH case (K3 is MEDIUM).
    const prod = await milestoneSummary(r.ctx, r.ms.id, { now: NOW, environmentId: r.production.id });
    expect(prod.counts.stale).toBe(1);
    expect(prod.staleCases).toEqual([]);
    expect(strict.environments.find((e) => e.environment.name === "Production")?.verdict).toBe("NO_GO"); // K2 blocks there anyway
  });

  it("?build= computes the summary over that build's runs only", async () => {
    const r = await releases();
    const a = await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/summary?build=a1b2c3d`);
    expect(a.status).toBe(200);
    expect(a.body.build).toBe("a1b2c3d");
    expect(a.body.latestBuild).toBe("a1b2c3d");
    expect(a.body.counts).toEqual({ total: 7, passed: 3, failed: 3, blocked: 1, skipped: 0, retest: 0, untested: 0, flaky: 0, stale: 0 });
    expect(a.body.runs).toEqual({ total: 1, planned: 0, inProgress: 0, completed: 1, aborted: 0 });
    expect(a.body.openFailures.map((f: { caseKey: string; regression: string }) => [f.caseKey, f.regression])).toEqual([
      [r.k1.key, "NEW"], [r.k2.key, "KNOWN"], [r.k6.key, "KNOWN"], [r.k8.key, "UNKNOWN"],
    ]);
    expect(a.body.regressions).toMatchObject({ new: 1, stillFailing: 2, fixed: 2 });

    const e = await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/summary?build=e4f5a6b`);
    // N3 (K1 P, K2 B) and the RC phase's N2 (K7 P, K1 UNTESTED, K4 P).
    expect(e.body.counts).toEqual({ total: 5, passed: 3, failed: 0, blocked: 1, skipped: 0, retest: 0, untested: 1, flaky: 0, stale: 0 });
    expect(e.body.openFailures.map((f: { caseKey: string; environment: { name: string } }) => [f.caseKey, f.environment.name])).toEqual([[r.k2.key, "Production"]]);
    expect(e.body.regressions).toMatchObject({ new: 1, stillFailing: 0, fixed: 2 });

    const none = await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/summary?build=nope`);
    expect(none.body.counts.total).toBe(0);
    expect((await r.owner.api.get(`${r.base}/milestones/${r.ms.id}/summary?build=${"x".repeat(201)}`)).status).toBe(400);
  });

  it("runs carry a build through the API", async () => {
    const r = await summaryWorld();
    const staging = await r.env("Staging");
    const ms = await r.milestone({ name: "v3" });
    const k1 = await r.testCase("One", "HIGH");
    const created = await r.owner.api.post(`${r.base}/test-runs`, { name: "RC3", milestoneId: ms.id, environmentId: staging.id, build: "  9f8e7d6  ", caseIds: [k1.id] });
    expect(created.status).toBe(201);
    expect(created.body.build).toBe("9f8e7d6");
    const listed = await r.owner.api.get(`${r.base}/test-runs?build=9f8e7d6`);
    expect(listed.body.data.map((x: { id: string }) => x.id)).toEqual([created.body.id]);
    expect((await r.owner.api.post(`${r.base}/test-runs`, { name: "X", milestoneId: ms.id, environmentId: staging.id, build: "y".repeat(201) })).status).toBe(400);
    // A planned run counts from its creation.
    expect((await milestoneSummary(r.ctx, ms.id)).latestBuild).toBe("9f8e7d6");
    const patched = await r.owner.api.patch(`${r.base}/test-runs/${created.body.id}`, { build: "1a2b3c4" });
    expect(patched.body.build).toBe("1a2b3c4");
    const later = await r.owner.api.post(`${r.base}/test-runs`, { name: "Manual", milestoneId: ms.id, environmentId: staging.id, caseIds: [k1.id] });
    expect(later.body.build).toBeNull();
    // The most recent run has no build: the latest build is still the one before it.
    expect((await milestoneSummary(r.ctx, ms.id)).latestBuild).toBe("1a2b3c4");
  });
});
