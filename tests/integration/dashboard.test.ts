import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { nestMilestones } from "@/lib/milestones/overview";
import { milestoneSummary } from "@/lib/milestones/summary";
import { activeMilestoneCards, failuresNeedingAttention, passRateTrend } from "@/lib/projects/dashboard";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

const NOW = new Date();
const ago = (n: number) => days(-n, NOW);

/**
 * Active: R1 (due in 3 days) with phase P (due in 2 days), and R2 (due in 10 days); R0 has no
 * due date (sorts last). Completed: C1 then C2 (by completion time), and an archived A.
 *   R1 own run, Staging:    K1 PASSED, K3 FAILED (LOW)
 *   P run, Production:      K1 FAILED (CRITICAL), K2 PASSED
 *   R2 run, Staging:        K2 FAILED (HIGH), K3 PASSED
 *   C1 run, Staging:        K1 PASSED, K2 FAILED, K3 FAILED, K4 PASSED   → 50.0%
 *   C2 run, Staging:        K1 PASSED, K2 PASSED, K3 PASSED; Production K4 FAILED → 75.0% (100% on Staging)
 */
async function world() {
  const w = await summaryWorld();
  const staging = await w.env("Staging");
  const production = await w.env("Production");
  const k1 = await w.testCase("Pay", "CRITICAL");
  const k2 = await w.testCase("Browse", "HIGH");
  const k3 = await w.testCase("Search", "LOW");
  const k4 = await w.testCase("Wishlist", "MEDIUM");
  const r1 = await w.milestone({ name: "R1", dueDate: days(3, NOW).toISOString() });
  const p = await w.milestone({ name: "P", dueDate: days(2, NOW).toISOString(), parentId: r1.id });
  const r2 = await w.milestone({ name: "R2", dueDate: days(10, NOW).toISOString() });
  const r0 = await w.milestone({ name: "R0" });
  const c1 = await w.milestone({ name: "C1", dueDate: ago(30).toISOString() });
  const c2 = await w.milestone({ name: "C2", dueDate: ago(15).toISOString() });
  const a = await w.milestone({ name: "A" });
  await w.run({ milestoneId: r1.id, environmentId: staging.id, status: "IN_PROGRESS", entries: [{ caseId: k1.id, status: "PASSED", at: ago(1) }, { caseId: k3.id, status: "FAILED", at: ago(1) }] });
  await w.run({ milestoneId: p.id, environmentId: production.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", at: ago(2) }, { caseId: k2.id, status: "PASSED", at: ago(2) }] });
  await w.run({ milestoneId: r2.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k2.id, status: "FAILED", at: ago(1) }, { caseId: k3.id, status: "PASSED", at: ago(1) }] });
  await w.run({
    milestoneId: c1.id, environmentId: staging.id, status: "COMPLETED",
    entries: [{ caseId: k1.id, status: "PASSED", at: ago(31) }, { caseId: k2.id, status: "FAILED", at: ago(31) }, { caseId: k3.id, status: "FAILED", at: ago(31) }, { caseId: k4.id, status: "PASSED", at: ago(31) }],
  });
  await w.run({ milestoneId: c2.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "PASSED", at: ago(16) }, { caseId: k2.id, status: "PASSED", at: ago(16) }, { caseId: k3.id, status: "PASSED", at: ago(16) }] });
  await w.run({ milestoneId: c2.id, environmentId: production.id, status: "COMPLETED", entries: [{ caseId: k4.id, status: "FAILED", at: ago(16) }] });
  // Completed in the order C2 then C1 is wrong on purpose: the trend follows completion time, not creation.
  for (const [m, when] of [[c1, ago(29)], [c2, ago(14)]] as const) {
    expect((await w.owner.api.post(`${w.base}/milestones/${m.id}/complete`, { override: { reason: "history" } })).status).toBe(200);
    await getDb().execute(sql`update milestones set completed_at = ${when.toISOString()}::timestamptz where id = ${m.id}`);
  }
  await w.owner.api.patch(`${w.base}/milestones/${a.id}`, { status: "ARCHIVED" });
  return { ...w, staging, production, k1, k2, k3, k4, r0, r1, r2, p, c1, c2 };
}

describe("project dashboard", () => {
  it("shows the active top-level milestones soonest due first, each with its phases, numbers from the summary", async () => {
    const w = await world();
    const { cards, totalActive } = await activeMilestoneCards(w.ctx, undefined, undefined);
    expect(totalActive).toBe(4);
    expect(cards.map((c) => [c.milestone.name, c.phases.map((p) => p.milestone.name)])).toEqual([["R1", ["P"]], ["R2", []], ["R0", []]]);
    // R1 rolls its phase up: K1 passed on Staging and failed on Production, K3 failed, K2 passed → 2 of 4.
    const r1 = cards[0].summary;
    expect(r1.counts).toMatchObject({ total: 4, passed: 2, failed: 2 });
    expect(r1.passRate).toBe(50);
    expect(r1.runs).toMatchObject({ total: 2, inProgress: 1, completed: 1 });
    expect(r1.risk.level).toBe("AT_RISK"); // due in 3 days (the warning window) with a run incomplete
    expect(r1).toEqual(await milestoneSummary(w.ctx, w.r1.id, { includeChildren: false, now: new Date(r1.generatedAt) }));
    expect(cards[0].phases[0].summary.passRate).toBe(50);
    expect(cards[1].summary.verdict).toBe("NO_GO");

    // Failures across them, critical first, each under the narrowest milestone holding it.
    const { failures, total } = failuresNeedingAttention(cards);
    expect(total).toBe(3);
    expect(failures.map((f) => [f.caseKey, f.priority, f.milestone.name, f.environment.name])).toEqual([
      [w.k1.key, "CRITICAL", "P", "Production"],
      [w.k2.key, "HIGH", "R2", "Staging"],
      [w.k3.key, "LOW", "R1", "Staging"],
    ]);
    expect(failuresNeedingAttention(cards, 2)).toMatchObject({ total: 3, failures: [{ caseKey: w.k1.key }, { caseKey: w.k2.key }] });
  });

  it("filters by environment and by milestone", async () => {
    const w = await world();
    const staging = await activeMilestoneCards(w.ctx, undefined, w.staging.id);
    expect(staging.cards[0].summary.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(failuresNeedingAttention(staging.cards).failures.map((f) => f.caseKey)).toEqual([w.k2.key, w.k3.key]);
    const phase = await activeMilestoneCards(w.ctx, w.p.id, undefined);
    expect(phase.cards.map((c) => c.milestone.name)).toEqual(["P"]);
    expect(failuresNeedingAttention(phase.cards).failures.map((f) => f.caseKey)).toEqual([w.k1.key]);
    expect((await activeMilestoneCards(w.ctx, w.c1.id, undefined)).cards).toEqual([]);
  });

  it("trends the pass rate of the last completed milestones, oldest completion first", async () => {
    const w = await world();
    expect((await passRateTrend(w.ctx)).map((t) => [t.milestone.name, t.passRate, t.executed])).toEqual([["C1", 50, 4], ["C2", 75, 4]]);
    expect((await passRateTrend(w.ctx, w.staging.id)).map((t) => [t.milestone.name, t.passRate])).toEqual([["C1", 50], ["C2", 100]]);
    expect((await passRateTrend(w.ctx, undefined, 1)).map((t) => t.milestone.name)).toEqual(["C2"]);
    const other = await summaryWorld();
    expect(await passRateTrend(other.ctx)).toEqual([]);
  });

  it("nests phases under their release on a page, and keeps orphans at the top level", () => {
    const m = (id: string, parentId: string | null = null) => ({ id, parentId });
    expect(nestMilestones([m("c", "a"), m("a"), m("b"), m("d", "c"), m("e", "zz")]).map((r) => [r.item.id, r.depth])).toEqual([
      ["a", 0], ["c", 1], ["d", 2], ["b", 0], ["e", 0],
    ]);
  });
});
