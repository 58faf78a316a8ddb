import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { parseCsv } from "@/lib/cases/csv";
import { milestoneActivity } from "@/lib/milestones/activity";
import { milestoneBurnUp } from "@/lib/milestones/burn-up";
import { csvField } from "@/lib/csv/write-csv";
import { ENTRY_CSV_COLUMNS, milestoneEntriesCsv } from "@/lib/milestones/export-entries";
import { milestoneRuns } from "@/lib/milestones/runs";
import { milestoneSummary } from "@/lib/milestones/summary";
import { addMember, createUser } from "../helpers/factories";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

// A fixed clock: every number below is computed by hand from it.
const NOW = new Date("2030-06-10T12:00:00.000Z");
const DUE = "2030-06-13T23:59:59.999Z";

const setCreated = (runId: string, at: Date) => getDb().execute(sql`update run_entries set created_at = ${at.toISOString()}::timestamptz where run_id = ${runId}`);

/**
 * Release R (due 13 June) with phase F below it; K1..K3 cases:
 *   A Staging    COMPLETED   entries created 6 June:  K1 PASSED 7 June, K2 FAILED 7 June, K3 UNTESTED
 *   B Production IN_PROGRESS entries created 8 June:  K1 PASSED 9 June, K2 RETEST 9 June
 *   C Production ABORTED     entries created 8 June:  K1 FAILED 9 June           (never counted)
 *   D Staging (in phase F) PLANNED, created 9 June:   K1 BLOCKED 10 June 09:36
 */
async function burnWorld() {
  const w = await summaryWorld();
  const staging = await w.env("Staging");
  const production = await w.env("Production");
  const release = await w.milestone({ name: "R", dueDate: DUE });
  const phase = await w.milestone({ name: "F", parentId: release.id });
  const k1 = await w.testCase("Pay", "CRITICAL");
  const k2 = await w.testCase("Browse", "LOW");
  const k3 = await w.testCase("Search", "LOW");
  const runA = await w.run({
    milestoneId: release.id, environmentId: staging.id, status: "COMPLETED",
    entries: [{ caseId: k1.id, status: "PASSED", at: days(-3, NOW) }, { caseId: k2.id, status: "FAILED", at: days(-3, NOW) }, { caseId: k3.id, status: "UNTESTED" }],
  });
  const runB = await w.run({
    milestoneId: release.id, environmentId: production.id, status: "IN_PROGRESS",
    entries: [{ caseId: k1.id, status: "PASSED", at: days(-1, NOW) }, { caseId: k2.id, status: "RETEST", at: days(-1, NOW) }],
  });
  const runC = await w.run({ milestoneId: release.id, environmentId: production.id, status: "ABORTED", entries: [{ caseId: k1.id, status: "FAILED", at: days(-1, NOW) }] });
  const runD = await w.run({ milestoneId: phase.id, environmentId: staging.id, status: "PLANNED", entries: [{ caseId: k1.id, status: "BLOCKED", at: days(-0.1, NOW) }] });
  await setCreated(runA, days(-4, NOW));
  await setCreated(runB, days(-2, NOW));
  await setCreated(runC, days(-2, NOW));
  await setCreated(runD, days(-1, NOW));
  return { ...w, staging, production, release, phase, k1, k2, k3, runA, runB, runC, runD };
}

describe("burn-up (executed against planned entries over time)", () => {
  it("counts by UTC day up to today, leaves the days until the due date empty, and ends on the summary's totals", async () => {
    const w = await burnWorld();
    const b = await milestoneBurnUp(w.ctx, w.release.id, { now: NOW });
    expect(b).toEqual({
      dueDate: "2030-06-13",
      today: "2030-06-10",
      stepDays: 1,
      points: [
        { date: "2030-06-06", planned: 3, executed: 0 }, // A planned
        { date: "2030-06-07", planned: 3, executed: 2 }, // A: K1 passed, K2 failed
        { date: "2030-06-08", planned: 5, executed: 2 }, // B planned (C is aborted)
        { date: "2030-06-09", planned: 6, executed: 3 }, // D planned (phase rolls up); B: K1 passed, K2 only re-test
        { date: "2030-06-10", planned: 6, executed: 4 }, // D: K1 blocked
        { date: "2030-06-11", planned: null, executed: null },
        { date: "2030-06-12", planned: null, executed: null },
        { date: "2030-06-13", planned: null, executed: null },
      ],
    });
    const s = await milestoneSummary(w.ctx, w.release.id, { now: NOW });
    expect(s.counts.total).toBe(6);
    expect(s.counts.passed + s.counts.failed + s.counts.blocked).toBe(4);

    const staging = await milestoneBurnUp(w.ctx, w.release.id, { now: NOW, environmentId: w.staging.id });
    expect(staging.points.filter((p) => p.planned !== null)).toEqual([
      { date: "2030-06-06", planned: 3, executed: 0 },
      { date: "2030-06-07", planned: 3, executed: 2 },
      { date: "2030-06-08", planned: 3, executed: 2 },
      { date: "2030-06-09", planned: 4, executed: 2 },
      { date: "2030-06-10", planned: 4, executed: 3 },
    ]);
    // The phase alone: only D.
    const phase = await milestoneBurnUp(w.ctx, w.phase.id, { now: NOW });
    expect(phase).toEqual({
      dueDate: null,
      today: "2030-06-10",
      stepDays: 1,
      points: [
        { date: "2030-06-09", planned: 1, executed: 0 },
        { date: "2030-06-10", planned: 1, executed: 1 },
      ],
    });
  });

  it("follows a result written after it was drawn", async () => {
    const w = await burnWorld();
    const before = (await milestoneBurnUp(w.ctx, w.release.id, { now: NOW })).points.find((p) => p.date === "2030-06-10");
    // K3 (UNTESTED in A) passes today, stamped on its run as every result write is.
    await getDb().execute(sql`
      with changed as (
        update run_entries set status = 'PASSED', last_result_at = ${days(-0.2, NOW).toISOString()}::timestamptz
        where case_id = ${w.k3.id} and run_id = ${w.runA} returning run_id
      )
      update test_runs set passed = passed + 1, untested = untested - 1, updated_at = now() where id in (select run_id from changed)`);
    const after = (await milestoneBurnUp(w.ctx, w.release.id, { now: NOW })).points.find((p) => p.date === "2030-06-10");
    expect(after).toEqual({ ...before, executed: before!.executed! + 1 });
  });

  it("buckets long histories, is empty without entries, and hides other projects' milestones", async () => {
    const w = await burnWorld();
    // Seen from 200 days later with no due date in the way: 205 days → 3 days per point.
    const later = await milestoneBurnUp(w.ctx, w.release.id, { now: days(200, NOW) });
    expect(later.stepDays).toBe(3);
    expect(later.points.length).toBe(Math.ceil(205 / 3));
    expect(later.points[0]).toEqual({ date: "2030-06-08", planned: 5, executed: 2 });
    expect(later.points.at(-1)).toEqual({ date: "2030-12-27", planned: 6, executed: 4 });

    const empty = await w.milestone({ name: "Empty", dueDate: "2030-07-01" });
    expect(await milestoneBurnUp(w.ctx, empty.id, { now: NOW })).toEqual({ points: [], dueDate: "2030-07-01", today: "2030-06-10", stepDays: 1 });

    const other = await summaryWorld();
    await expect(milestoneBurnUp(other.ctx, w.release.id, { now: NOW })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("entries CSV", () => {
  it("exports the entries the summary counts, escaped per RFC 4180 and safe from formula injection", async () => {
    const w = await summaryWorld();
    const staging = await w.env("Staging");
    const production = await w.env("Production");
    const ms = await w.milestone({ name: "v3, \"final\"" });
    const formula = await w.testCase('=HYPERLINK("http://evil.test","click")', "HIGH");
    const quoted = await w.testCase('Comma, "quoted" title', "LOW");
    const multi = await w.testCase("Two\nlines", "MEDIUM");
    const minus = await w.testCase("-5 items in cart", "LOW");
    const at = await w.testCase("@admin sees it", "LOW");
    const runA = await w.run({
      milestoneId: ms.id, environmentId: staging.id, status: "COMPLETED",
      entries: [
        { caseId: formula.id, status: "FAILED", at: days(-1, NOW) }, { caseId: quoted.id, status: "PASSED", at: days(-1, NOW), flaky: true },
        { caseId: multi.id, status: "UNTESTED" }, { caseId: minus.id, status: "BLOCKED", at: days(-1, NOW) }, { caseId: at.id, status: "SKIPPED", at: days(-1, NOW) },
      ],
    });
    const runB = await w.run({ milestoneId: ms.id, environmentId: production.id, status: "IN_PROGRESS", entries: [{ caseId: formula.id, status: "PASSED", at: NOW }] });
    await w.run({ milestoneId: ms.id, environmentId: production.id, status: "ABORTED", entries: [{ caseId: quoted.id, status: "FAILED", at: NOW }] });
    await w.defect(formula.id, "SHOP-1");
    const tester = await createUser({ name: "Tess" });
    await addMember(w.project.id, tester.user.id, "TESTER");
    await getDb().execute(sql`update run_entries set assignee_id = ${tester.user.id} where run_id = ${runA} and case_id = ${minus.id}`);

    const res = await w.owner.api.get(`${w.base}/milestones/${ms.id}/entries.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+-entries\.csv"$/);
    const text = res.body as string;
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(ENTRY_CSV_COLUMNS.join(","));
    const day = days(-1, NOW).toISOString();
    // Production sorts before Staging; the aborted run is left out, as the summary leaves it out.
    const P = `"v3, ""final""",Run,`;
    expect(lines[1]).toBe(`${P}${runB},IN_PROGRESS,MANUAL,Production,${formula.key},"'=HYPERLINK(""http://evil.test"",""click"")",HIGH,PASSED,false,${NOW.toISOString()},,SHOP-1`);
    expect(lines[2]).toBe(`${P}${runA},COMPLETED,MANUAL,Staging,${formula.key},"'=HYPERLINK(""http://evil.test"",""click"")",HIGH,FAILED,false,${day},,SHOP-1`);
    expect(lines[3]).toBe(`${P}${runA},COMPLETED,MANUAL,Staging,${quoted.key},"Comma, ""quoted"" title",LOW,PASSED,true,${day},,`);
    // The newline inside a quoted field stays a bare LF; records end with CRLF.
    expect(lines[4]).toBe(`${P}${runA},COMPLETED,MANUAL,Staging,${multi.key},"Two\nlines",MEDIUM,UNTESTED,false,,,`);
    expect(lines[5]).toBe(`${P}${runA},COMPLETED,MANUAL,Staging,${minus.key},'-5 items in cart,LOW,BLOCKED,false,${day},${tester.user.email},`);
    expect(lines[6]).toBe(`${P}${runA},COMPLETED,MANUAL,Staging,${at.key},'@admin sees it,LOW,SKIPPED,false,${day},,`);
    expect(lines[7]).toBe("");
    expect(lines).toHaveLength(8);
    // A CSV reader gets the fields back (with the apostrophe guard), one record per entry.
    const records = parseCsv(text);
    expect(records).toHaveLength(7);
    expect(records[4].fields[7]).toBe("Two\nlines");
    const s = await milestoneSummary(w.ctx, ms.id, { now: NOW });
    expect(records.length - 1).toBe(s.counts.total);

    // ?environment= by name; unknown environment and other projects' milestones are 404.
    const prod = await w.owner.api.get(`${w.base}/milestones/${ms.id}/entries.csv?environment=production`);
    expect(parseCsv(prod.body as string).map((r) => r.fields[5])).toEqual(["environment", "Production"]);
    expect((await w.owner.api.get(`${w.base}/milestones/${ms.id}/entries.csv?environment=Nowhere`)).status).toBe(404);
    const other = await summaryWorld();
    expect((await other.owner.api.get(`${other.base}/milestones/${ms.id}/entries.csv`)).status).toBe(404);
  });

  it("streams a run's entries in keyset pages without repeating or losing any", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "Paged" });
    const cases = [];
    for (let i = 0; i < 7; i++) cases.push(await w.testCase(`Case ${i}`));
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "COMPLETED", entries: cases.map((c) => ({ caseId: c.id, status: "PASSED" as const, at: NOW })) });
    // Two entries share a position: the entry id breaks the tie.
    await getDb().execute(sql`update run_entries set position = 3 where case_id = ${cases[4].id}`);
    const chunks: string[] = [];
    for await (const chunk of milestoneEntriesCsv(w.ctx, ms.id, { pageSize: 2 })) chunks.push(chunk);
    expect(chunks).toHaveLength(1 + 4); // header, then pages of 2, 2, 2, 1
    const keys = parseCsv(chunks.join("")).slice(1).map((r) => r.fields[6]);
    expect([...keys].sort()).toEqual(cases.map((c) => c.key).sort());
    expect(new Set(keys).size).toBe(7);
  });

  it("guards every formula trigger and quotes only when needed", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "a,b", 'say "hi"', "", "x=1"].map(csvField)).toEqual([
      "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "\"'\rx\"", "plain", '"a,b"', '"say ""hi"""', "", "x=1",
    ]);
  });
});

describe("PATCH status COMPLETED goes through the completion checklist", () => {
  it("is refused with the unmet items and a pointer to POST .../complete, then succeeds once the checklist is met", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v5" });
    const k1 = await w.testCase("Pay", "HIGH");
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", at: days(-1, new Date()) }] });
    const path = `${w.base}/milestones/${ms.id}`;

    const refused = await w.owner.api.patch(path, { status: "COMPLETED", description: "ship" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`POST /api/projects/${w.project.key}/milestones/${ms.id}/complete`);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "BLOCKING_FAILURES", "PASS_RATE_BELOW_THRESHOLD", "UNTRACKED_FAILURES", "NOT_SIGNED_OFF",
    ]);
    // Nothing changed, not even the other fields of the refused request.
    expect((await w.owner.api.get(path)).body).toMatchObject({ status: "ACTIVE", description: "", completion: null });

    // Fix it: the case passes in a later run, and a stakeholder signs off.
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "PASSED", at: new Date() }] });
    const stillUnsigned = await w.owner.api.patch(path, { status: "COMPLETED" });
    expect(stillUnsigned.body.error.details.map((d: { field: string }) => d.field)).toEqual(["PASS_RATE_BELOW_THRESHOLD", "NOT_SIGNED_OFF"]);
    await w.owner.api.patch(`/api/projects/${w.project.id}`, { settings: { passRateThreshold: 50 } });
    expect((await w.owner.api.post(`${path}/signoffs`, {})).status).toBe(201);
    const done = await w.owner.api.patch(path, { status: "COMPLETED" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "COMPLETED", completion: { completedBy: { id: w.owner.user.id }, overrides: [] } });
  });

  it("keeps an override made through POST .../complete when the milestone is archived and restored", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v6" });
    const k1 = await w.testCase("Pay", "CRITICAL");
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "IN_PROGRESS", entries: [{ caseId: k1.id, status: "FAILED", at: new Date() }] });
    const path = `${w.base}/milestones/${ms.id}`;
    expect((await w.owner.api.patch(path, { status: "COMPLETED" })).status).toBe(409);
    const done = await w.owner.api.post(`${path}/complete`, { override: { reason: "Security hotfix" } });
    expect(done.status).toBe(200);
    const completion = done.body.completion;
    expect(completion.overrides.map((o: { code: string }) => o.code)).toEqual(["RUNS_INCOMPLETE", "BLOCKING_FAILURES", "PASS_RATE_BELOW_THRESHOLD", "UNTRACKED_FAILURES", "NOT_SIGNED_OFF"]);

    const archived = await w.owner.api.patch(path, { status: "ARCHIVED" });
    expect(archived.body).toMatchObject({ status: "ARCHIVED", completion });
    expect((await w.owner.api.get(`${w.base}/milestones?status=ACTIVE,COMPLETED`)).body.data.map((m: { id: string }) => m.id)).not.toContain(ms.id);
    // Restoring to COMPLETED needs no new checklist: it was completed (with its override) before.
    const restored = await w.owner.api.patch(path, { status: "COMPLETED" });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: "COMPLETED", completion });
  });

  it("archives and restores an active milestone; a TESTER cannot PATCH", async () => {
    const w = await summaryWorld();
    const ms = await w.milestone({ name: "v7" });
    const path = `${w.base}/milestones/${ms.id}`;
    expect((await w.owner.api.patch(path, { status: "ARCHIVED" })).body.status).toBe("ARCHIVED");
    expect((await w.owner.api.get(`${w.base}/milestones`)).body.data.find((m: { id: string }) => m.id === ms.id).status).toBe("ARCHIVED");
    expect((await w.owner.api.patch(path, { status: "ACTIVE" })).body).toMatchObject({ status: "ACTIVE", completion: null });
    const tester = await createUser();
    await addMember(w.project.id, tester.user.id, "TESTER");
    expect((await tester.api.patch(path, { status: "COMPLETED" })).status).toBe(403);
  });
});

describe("waiver and sign-off lists are paginated", () => {
  it("pages newest first with limit and cursor, and refuses a forged cursor", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v8" });
    const cases = [await w.testCase("A"), await w.testCase("B"), await w.testCase("C")];
    const path = `${w.base}/milestones/${ms.id}`;
    const waiverIds: string[] = [];
    for (const c of cases) waiverIds.push((await w.owner.api.post(`${path}/waivers`, { caseId: c.id, environmentId: env.id, reason: `ok ${c.title}` })).body.id);
    const first = await w.owner.api.get(`${path}/waivers?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((x: { id: string }) => x.id)).toEqual([waiverIds[2], waiverIds[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await w.owner.api.get(`${path}/waivers?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ data: [expect.objectContaining({ id: waiverIds[0], reason: "ok A", active: true })], nextCursor: null });
    expect((await w.owner.api.get(`${path}/waivers?cursor=bm9wZQ`)).status).toBe(400);
    expect((await w.owner.api.get(`${path}/waivers?limit=500`)).status).toBe(400);
    expect((await w.owner.api.get(`${path}/waivers`)).body.data).toHaveLength(3);

    const viewer = await createUser();
    await addMember(w.project.id, viewer.user.id, "VIEWER");
    const signers = [w.owner, viewer, w.owner];
    const signoffIds: string[] = [];
    for (const [i, s] of signers.entries()) signoffIds.push((await s.api.post(`${path}/signoffs`, { comment: `seen ${i}` })).body.id);
    const p1 = await viewer.api.get(`${path}/signoffs?limit=2`);
    expect(p1.body.data.map((x: { id: string; comment: string }) => [x.id, x.comment])).toEqual([[signoffIds[2], "seen 2"], [signoffIds[1], "seen 1"]]);
    const p2 = await viewer.api.get(`${path}/signoffs?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body).toEqual({ data: [expect.objectContaining({ id: signoffIds[0], comment: "seen 0", stale: false })], nextCursor: null });
    const other = await summaryWorld();
    expect((await other.owner.api.get(`${other.base}/milestones/${ms.id}/signoffs`)).status).toBe(404);
    expect((await other.owner.api.get(`${other.base}/milestones/${ms.id}/waivers`)).status).toBe(404);
  });
});

describe("roll-up of child milestones' runs and the activity stamp", () => {
  it("lists the runs of the milestone and its phases, newest first, filtered by environment", async () => {
    const w = await burnWorld();
    const all = await milestoneRuns(w.ctx, w.release.id);
    expect(all.total).toBe(4);
    expect(new Set(all.runs.map((r) => r.id))).toEqual(new Set([w.runA, w.runB, w.runC, w.runD]));
    expect(all.runs.find((r) => r.id === w.runD)!.milestone).toEqual({ id: w.phase.id, name: "F" });
    const staging = await milestoneRuns(w.ctx, w.release.id, { environmentId: w.staging.id, limit: 1 });
    expect(staging.total).toBe(2);
    expect(staging.runs).toHaveLength(1);
    expect((await milestoneRuns(w.ctx, w.phase.id)).runs.map((r) => r.id)).toEqual([w.runD]);
    const other = await summaryWorld();
    await expect(milestoneRuns(other.ctx, w.release.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("changes its version when a result lands in a phase's run, a sign-off or a waiver is recorded, and not otherwise", async () => {
    const w = await burnWorld();
    const path = `${w.base}/milestones/${w.release.id}`;
    const v1 = (await w.owner.api.get(`${path}/activity`)).body;
    expect(v1).toEqual({ version: expect.any(String), changedAt: expect.any(String) });
    expect((await milestoneActivity(w.ctx, w.release.id)).version).toBe(v1.version);

    const res = await w.owner.api.post(`${w.base}/test-runs/${w.runD}/results`, {
      results: [{ testKey: "t/pay", title: "pay", status: "passed", caseKey: w.k2.key }],
    });
    expect(res.status).toBeLessThan(300);
    const v2 = (await w.owner.api.get(`${path}/activity`)).body;
    expect(v2.version).not.toBe(v1.version);
    await w.owner.api.post(`${path}/signoffs`, {});
    const v3 = (await w.owner.api.get(`${path}/activity`)).body;
    expect(v3.version).not.toBe(v2.version);
    await w.owner.api.post(`${path}/waivers`, { caseId: w.k2.id, environmentId: w.staging.id, reason: "known" });
    const v4 = (await w.owner.api.get(`${path}/activity`)).body;
    expect(v4.version).not.toBe(v3.version);
    expect((await w.owner.api.get(`${path}/activity`)).body.version).toBe(v4.version);
    const other = await summaryWorld();
    expect((await other.owner.api.get(`${other.base}/milestones/${w.release.id}/activity`)).status).toBe(404);
  });
});
