import { and, asc, count, eq, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  appState,
  defectLinks,
  environments,
  milestones,
  projectMembers,
  projects,
  results,
  runEntries,
  testCases,
  testCaseVersions,
  testRuns,
} from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { rowsOf } from "@/lib/sql";
import { createUser } from "../helpers/factories";

type Owner = Awaited<ReturnType<typeof createUser>>;

/** Row counts of everything the seed writes, to prove a refused seed writes nothing. */
async function tableCounts() {
  const db = getDb();
  const n = async (table: Parameters<ReturnType<typeof db.select>["from"]>[0]) => (await db.select({ n: count() }).from(table))[0].n;
  return {
    projects: await n(projects),
    cases: await n(testCases),
    runs: await n(testRuns),
    entries: await n(runEntries),
    results: await n(results),
    appState: await n(appState),
  };
}

/**
 * Runs and phase milestones go first: their RESTRICT foreign keys (run_entries -> test_cases,
 * test_runs -> milestones/environments, milestones -> parent) refuse a plain cascading delete.
 */
async function deleteProject(projectId: string) {
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx.delete(testRuns).where(eq(testRuns.projectId, projectId));
    await tx.delete(milestones).where(and(eq(milestones.projectId, projectId), isNotNull(milestones.parentId)));
    await tx.delete(projects).where(eq(projects.id, projectId));
  });
}

describe("seedDemo", () => {
  const now = new Date("2026-03-10T09:00:00.000Z");
  let owner: Owner;
  let projectId: string;

  beforeAll(async () => {
    owner = await createUser({ name: "Demo Owner" });
    const seeded = await seedDemo(getDb(), { ownerId: owner.user.id, now });
    expect(seeded).not.toBeNull();
    projectId = seeded!.projectId;
  });

  it("creates Demo Shop with its owner as ADMIN, three environments and the release milestones", async () => {
    const db = getDb();
    const [project] = await db.select().from(projects).where(eq(projects.key, "DEMO"));
    expect(project).toMatchObject({ id: projectId, name: "Demo Shop" });
    const members = await db.select().from(projectMembers).where(eq(projectMembers.projectId, projectId));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[owner.user.id, "ADMIN"]]);

    const envs = await db.select().from(environments).where(eq(environments.projectId, projectId));
    expect(envs.map((e) => e.name).sort()).toEqual(["Production", "QA", "Staging"]);

    const ms = await db.select().from(milestones).where(eq(milestones.projectId, projectId));
    const byName = Object.fromEntries(ms.map((m) => [m.name, m]));
    expect(byName["v2.4.0 Release"].status).toBe("ACTIVE");
    expect(byName["v2.4.0 Release"].dueDate!.getTime() - now.getTime()).toBe(5 * 86_400_000);
    expect(byName["v2.3.0 Release"]).toMatchObject({ status: "COMPLETED", completedById: owner.user.id });
    expect(byName["v2.3.0 Release"].completedAt).not.toBeNull();
    expect(byName["v2.3.0 Release"].dueDate!.getTime()).toBeLessThan(now.getTime());
    expect(byName["Sprint 41"].status).toBe("ARCHIVED");
    const phases = ms.filter((m) => m.parentId);
    expect(phases.every((m) => m.parentId === byName["v2.4.0 Release"].id)).toBe(true);
  });

  it("numbers about forty cases 1..N, sets case_seq to N and stores version 1 of each", async () => {
    const db = getDb();
    const cases = await db.select().from(testCases).where(eq(testCases.projectId, projectId)).orderBy(asc(testCases.seq));
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(cases.length).toBeLessThanOrEqual(45);
    expect(cases.map((c) => c.seq)).toEqual(cases.map((_, i) => i + 1));
    const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
    expect(project.caseSeq).toBe(cases.length);
    for (const c of cases) {
      expect(c.suiteId).not.toBeNull();
      expect(c.steps.length).toBeGreaterThanOrEqual(2);
      expect(c.steps.length).toBeLessThanOrEqual(5);
    }
    expect(new Set(cases.map((c) => c.priority))).toEqual(new Set(["CRITICAL", "HIGH", "MEDIUM", "LOW"]));
    expect(cases.filter((c) => c.automationStatus === "AUTOMATED" && c.automationKey).length).toBeGreaterThanOrEqual(3);
    const versions = await db
      .select({ caseId: testCaseVersions.caseId, version: testCaseVersions.version, title: testCaseVersions.title })
      .from(testCaseVersions)
      .innerJoin(testCases, eq(testCases.id, testCaseVersions.caseId))
      .where(eq(testCases.projectId, projectId));
    expect(versions).toHaveLength(cases.length);
    expect(versions.every((v) => v.version === 1)).toBe(true);
  });

  it("keeps every run's counters equal to a fresh count of its entries", async () => {
    const db = getDb();
    const fresh = rowsOf<Record<string, number | string>>(
      await db.execute(sql`
        SELECT r.id, r.name, r.kind,
               r.total, r.passed, r.failed, r.blocked, r.skipped, r.retest, r.untested, r.flaky,
               count(e.id)::int AS c_total,
               count(e.id) FILTER (WHERE e.status = 'PASSED')::int AS c_passed,
               count(e.id) FILTER (WHERE e.status = 'FAILED')::int AS c_failed,
               count(e.id) FILTER (WHERE e.status = 'BLOCKED')::int AS c_blocked,
               count(e.id) FILTER (WHERE e.status = 'SKIPPED')::int AS c_skipped,
               count(e.id) FILTER (WHERE e.status = 'RETEST')::int AS c_retest,
               count(e.id) FILTER (WHERE e.status = 'UNTESTED')::int AS c_untested,
               count(e.id) FILTER (WHERE e.flaky)::int AS c_flaky
        FROM test_runs r LEFT JOIN run_entries e ON e.run_id = r.id
        WHERE r.project_id = ${projectId}
        GROUP BY r.id`),
    );
    expect(fresh.length).toBeGreaterThanOrEqual(6);
    for (const row of fresh) {
      // Exploratory sessions hold notes, not planned cases.
      if (row.kind !== "EXPLORATORY") expect(Number(row.total), `${row.name}`).toBeGreaterThan(0);
      for (const k of ["total", "passed", "failed", "blocked", "skipped", "retest", "untested", "flaky"]) {
        expect(Number(row[k]), `${row.name} ${k}`).toBe(Number(row[`c_${k}`]));
      }
    }
    const flaky = await db.select().from(runEntries).where(eq(runEntries.projectId, projectId));
    expect(flaky.filter((e) => e.flaky).length).toBeGreaterThanOrEqual(1);
  });

  it("gives each executed entry its attempts, with the entry status equal to the latest attempt", async () => {
    const db = getDb();
    const entries = await db.select().from(runEntries).where(eq(runEntries.projectId, projectId));
    const attempts = await db.select().from(results).where(eq(results.projectId, projectId)).orderBy(asc(results.attempt));
    const byEntry = new Map<string, typeof attempts>();
    for (const r of attempts) byEntry.set(r.entryId, [...(byEntry.get(r.entryId) ?? []), r]);
    for (const e of entries) {
      const mine = byEntry.get(e.id) ?? [];
      if (!mine.length) {
        expect(e.status).toBe("UNTESTED");
        continue;
      }
      expect(mine.map((r) => r.attempt)).toEqual(mine.map((_, i) => i));
      expect(e.status).toBe(mine.at(-1)!.status);
      expect(e.flaky).toBe(e.status === "PASSED" && mine.some((r) => r.status === "FAILED"));
      for (const r of mine) {
        expect(r.executedAt.getTime()).toBeLessThanOrEqual(now.getTime());
        if (r.status === "FAILED") expect(r.error?.message).toBeTruthy();
      }
    }
    const flakyEntry = entries.find((e) => e.flaky)!;
    expect(byEntry.get(flakyEntry.id)!.map((r) => r.status)).toEqual(["FAILED", "PASSED"]);

    const [link] = await db.select().from(defectLinks).where(eq(defectLinks.projectId, projectId));
    expect(link).toMatchObject({ tracker: "JIRA", key: "SHOP-482", url: "https://jira.example.com/browse/SHOP-482" });
    const [linked] = await db.select().from(testCases).where(eq(testCases.id, link.caseId));
    expect(linked.priority).toBe("CRITICAL");
    expect(entries.find((e) => e.id === link.entryId)?.status).toBe("FAILED");
  });

  it("lists the runs through the API with milestone and environment names and counts", async () => {
    const res = await owner.api.get("/api/projects/DEMO/test-runs");
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.data.map((r: { name: string }) => [r.name, r]));
    expect(byName["Smoke – Staging"]).toMatchObject({
      kind: "MANUAL",
      status: "COMPLETED",
      milestone: { name: "v2.4.0 Release" },
      environment: { name: "Staging" },
    });
    expect(byName["Smoke – Staging"].counts.passed).toBe(byName["Smoke – Staging"].counts.total);
    const regression = byName["Regression – Staging"];
    expect(regression).toMatchObject({ status: "IN_PROGRESS", milestone: { name: "v2.4.0 Release" }, environment: { name: "Staging" } });
    expect(regression.counts.failed).toBeGreaterThanOrEqual(2);
    expect(regression.counts.blocked).toBeGreaterThanOrEqual(1);
    expect(regression.counts.untested).toBeGreaterThanOrEqual(1);
    expect(regression.startedAt).not.toBeNull();
    expect(regression.completedAt).toBeNull();
    expect(byName["Playwright – Staging"]).toMatchObject({
      kind: "AUTOMATED",
      status: "COMPLETED",
      ciBuildId: "github-actions-1234",
      counts: { flaky: 1, failed: 0 },
    });
    expect(byName["Exploratory – Staging"]).toMatchObject({ kind: "EXPLORATORY", status: "PLANNED", startedAt: null });
    const older = res.body.data.filter((r: { milestone: { name: string } }) => r.milestone.name === "v2.3.0 Release");
    expect(older.length).toBeGreaterThanOrEqual(2);
    expect(older.map((r: { environment: { name: string } }) => r.environment.name).sort()).toEqual(["Production", "Staging"]);
    for (const r of older) expect(r.status).toBe("COMPLETED");
  });

  it("shows the demo's accepted risk: DEMO-17 is a waived failure of v2.4.0 with its reason, not an open one", async () => {
    const list = await owner.api.get("/api/projects/DEMO/milestones?q=v2.4.0%20Release");
    const release = list.body.data.find((m: { name: string }) => m.name === "v2.4.0 Release");
    const summary = (await owner.api.get(`/api/projects/DEMO/milestones/${release.id}/summary`)).body;
    expect(summary.waivedFailures).toEqual([
      {
        caseId: expect.any(String), caseKey: "DEMO-17", title: "VAT is shown per line for EU addresses", priority: "MEDIUM", status: "FAILED",
        environment: { id: expect.any(String), name: "Staging" }, runId: expect.any(String), waiverId: expect.any(String), milestoneId: release.id,
        reason: "One-cent VAT rounding difference accepted for 2.4.0 by finance; fix planned for 2.4.1.",
        waivedBy: { id: owner.user.id, name: "Demo Owner" }, waivedAt: expect.any(String), expiresAt: null,
      },
    ]);
    expect(summary.openFailures.map((f: { caseKey: string }) => f.caseKey)).not.toContain("DEMO-17");
    // The tester's words come with the open failures.
    expect(summary.openFailures.map((f: { comment: string | null }) => f.comment)).toContain("Reproducible with every saved card. Logged as SHOP-482.");
  });

  it("runs once: a second call returns null and writes nothing", async () => {
    const before = await tableCounts();
    expect(await seedDemo(getDb(), { ownerId: owner.user.id })).toBeNull();
    expect(await tableCounts()).toEqual(before);
    const [state] = await getDb().select().from(appState).where(eq(appState.key, "demo_seeded"));
    expect(state.value).toEqual({ at: now.toISOString(), projectId });
  });

  it("does not come back after the demo project is deleted", async () => {
    const db = getDb();
    await deleteProject(projectId);
    expect(await db.select().from(projects).where(eq(projects.key, "DEMO"))).toHaveLength(0);
    const other = await createUser();
    expect(await seedDemo(db, { ownerId: other.user.id })).toBeNull();
    expect(await db.select().from(projects).where(eq(projects.key, "DEMO"))).toHaveLength(0);
  });

  it("leaves an existing DEMO project alone and records nothing when the key is taken", async () => {
    const db = getDb();
    await db.delete(appState).where(eq(appState.key, "demo_seeded"));
    const [mine] = await db.insert(projects).values({ key: "DEMO", name: "Someone's demo" }).returning();
    const before = await tableCounts();
    expect(await seedDemo(db, { ownerId: owner.user.id })).toBeNull();
    expect(await tableCounts()).toEqual(before);
    const [still] = await db.select().from(projects).where(eq(projects.key, "DEMO"));
    expect(still).toMatchObject({ id: mine.id, name: "Someone's demo" });
  });
});
