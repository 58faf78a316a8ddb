import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { signedBadgePath } from "@/lib/milestones/badge";
import { milestoneSummary } from "@/lib/milestones/summary";
import { call } from "../helpers/api";
import { addMember, createUser } from "../helpers/factories";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

const NOW = new Date("2030-06-10T12:00:00.000Z");

/** One CRITICAL case failing in Staging and passing in QA, in a completed run each. */
async function failing() {
  const w = await summaryWorld();
  const staging = await w.env("Staging");
  const qa = await w.env("QA");
  const ms = await w.milestone({ name: "v9", dueDate: "2030-07-01" });
  const k1 = await w.testCase("Pay", "CRITICAL");
  const k2 = await w.testCase("Browse", "LOW");
  await w.run({ milestoneId: ms.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "FAILED", at: days(-1, NOW) }, ...Array.from({ length: 1 }, () => ({ caseId: k2.id, status: "PASSED" as const, at: days(-1, NOW) }))] });
  await w.run({ milestoneId: ms.id, environmentId: qa.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "PASSED", at: days(-1, NOW) }] });
  const path = `${w.base}/milestones/${ms.id}`;
  return { ...w, staging, qa, ms, k1, k2, path };
}

describe("waivers", () => {
  it("a waiver in one environment closes that open failure only, is listed, revocable and audited", async () => {
    const w = await failing();
    await w.owner.api.patch(w.base, { settings: { passRateThreshold: 50 } });
    const before = await milestoneSummary(w.ctx, w.ms.id, { now: NOW });
    expect(before.openFailures.map((f) => [f.caseKey, f.environment.name])).toEqual([[w.k1.key, "Staging"]]);
    expect(before.reasons.map((r) => r.code)).toEqual(["BLOCKING_FAILURES", "UNTRACKED_FAILURES"]);

    // A waiver for QA does not cover Staging.
    const tester = await createUser();
    await addMember(w.project.id, tester.user.id, "TESTER");
    const qaWaiver = await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.key, environmentId: w.qa.id, reason: "Not relevant in QA" });
    expect(qaWaiver.status).toBe(201);
    expect((await milestoneSummary(w.ctx, w.ms.id, { now: NOW })).openFailures).toHaveLength(1);

    const waiver = await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.id, environmentId: w.staging.id, reason: "Gateway sandbox down; verified by hand" });
    expect(waiver.status).toBe(201);
    expect(waiver.body).toMatchObject({
      milestoneId: w.ms.id, caseId: w.k1.id, caseKey: w.k1.key, environment: { id: w.staging.id, name: "Staging" },
      reason: "Gateway sandbox down; verified by hand", createdBy: { id: tester.user.id }, revokedAt: null, active: true,
    });
    const after = await milestoneSummary(w.ctx, w.ms.id, { now: NOW });
    expect(after.openFailures).toEqual([]);
    expect(after).toMatchObject({ verdict: "GO", reasons: [] });
    expect((await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.id, environmentId: w.staging.id, reason: "again" })).status).toBe(409);

    const viewer = await createUser();
    await addMember(w.project.id, viewer.user.id, "VIEWER");
    expect((await viewer.api.post(`${w.path}/waivers`, { caseId: w.k1.id, environmentId: null, reason: "x" })).status).toBe(403);
    expect((await tester.api.post(`${w.path}/waivers`, { caseId: "NOPE-1", reason: "x" })).body.error.details).toEqual([
      { field: "caseId", message: "No test case with this id or key in this project" },
    ]);

    expect((await tester.api.delete(`${w.path}/waivers/${waiver.body.id}`)).status).toBe(204);
    const list = await viewer.api.get(`${w.path}/waivers`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string; active: boolean }) => [x.id, x.active])).toEqual([
      [waiver.body.id, false],
      [qaWaiver.body.id, true],
    ]);
    expect(list.body.data[0].revokedAt).not.toBeNull();
    expect((await milestoneSummary(w.ctx, w.ms.id, { now: NOW })).openFailures).toHaveLength(1);
    const audit = await w.owner.api.get(`${w.base}/audit-log?limit=200`);
    const actions = audit.body.data.map((a: { action: string }) => a.action);
    expect(actions.filter((a: string) => a.startsWith("waiver."))).toEqual(["waiver.revoke", "waiver.create", "waiver.create"]);
  });
});

describe("waiver expiry", () => {
  it("an expired waiver reopens the failure everywhere at once: verdict, open failures, waived failures, checklist, list", async () => {
    const w = await failing();
    await w.owner.api.patch(w.base, { settings: { passRateThreshold: 50 } });
    const tester = await createUser({ name: "Tess Tester" });
    await addMember(w.project.id, tester.user.id, "TESTER");
    // Bad input names the field and writes nothing.
    const past = await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.key, environmentId: w.staging.id, reason: "x", expiresAt: "2001-01-01T00:00:00Z" });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([{ field: "expiresAt", message: "The expiry must be in the future" }]);
    expect((await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.key, reason: "x", expiresAt: "tomorrow" })).body.error.details[0].field).toBe("expiresAt");
    expect((await w.owner.api.get(`${w.path}/waivers`)).body.data).toEqual([]);

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const waiver = await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.key, environmentId: w.staging.id, reason: "Sandbox down until Friday", expiresAt });
    expect(waiver.status).toBe(201);
    expect(waiver.body).toMatchObject({ expiresAt, active: true });
    const waived = (await w.owner.api.get(`${w.path}/summary`)).body;
    expect(waived).toMatchObject({ verdict: "GO", openFailures: [] });
    expect(waived.waivedFailures).toEqual([
      {
        caseId: w.k1.id, caseKey: w.k1.key, title: "Pay", priority: "CRITICAL", status: "FAILED", environment: { id: w.staging.id, name: "Staging" }, runId: expect.any(String),
        waiverId: waiver.body.id, milestoneId: w.ms.id, reason: "Sandbox down until Friday", waivedBy: { id: tester.user.id, name: "Tess Tester" },
        waivedAt: waiver.body.createdAt, expiresAt,
      },
    ]);
    const signoff = await w.owner.api.post(`${w.path}/signoffs`, { comment: "OK with the waiver" });
    expect(signoff.body.stale).toBe(false);
    expect((await w.owner.api.get(`${w.path}/summary`)).body.waivedFailures).toHaveLength(1);

    // Time passes: the expiry, after the sign-off, is now behind us.
    await getDb().execute(sql`update waivers set expires_at = now() where id = ${waiver.body.id}`);
    await new Promise((r) => setTimeout(r, 5));
    const reopened = (await w.owner.api.get(`${w.path}/summary`)).body;
    expect(reopened.verdict).toBe("NO_GO");
    expect(reopened.reasons.map((r: { code: string }) => r.code)).toEqual(["BLOCKING_FAILURES", "UNTRACKED_FAILURES"]);
    expect(reopened.waivedFailures).toEqual([]);
    expect(reopened.openFailures).toHaveLength(1);
    expect(reopened.openFailures[0]).toMatchObject({
      caseKey: w.k1.key,
      waiver: { id: waiver.body.id, reason: "Sandbox down until Friday", createdAt: waiver.body.createdAt, expiresAt: expect.any(String) },
    });
    // The sign-off saw the waiver in force: the lapse makes it stale, like a revocation would.
    expect(reopened.signoffs[0]).toMatchObject({ id: signoff.body.id, stale: true });
    const complete = await w.owner.api.post(`${w.path}/complete`);
    expect(complete.status).toBe(409);
    expect(complete.body.error.details.map((d: { field: string }) => d.field)).toEqual(["BLOCKING_FAILURES", "UNTRACKED_FAILURES", "NOT_SIGNED_OFF"]);
    expect((await w.owner.api.get(`${w.path}/waivers`)).body.data[0]).toMatchObject({ id: waiver.body.id, active: false, revokedAt: null });
    // A new waiver may be granted once the old one has lapsed.
    expect((await tester.api.post(`${w.path}/waivers`, { caseId: w.k1.key, environmentId: w.staging.id, reason: "Extended to Monday" })).status).toBe(201);
    expect((await w.owner.api.get(`${w.path}/summary`)).body.waivedFailures.map((f: { reason: string }) => f.reason)).toEqual(["Extended to Monday"]);
  });
});

describe("sign-offs", () => {
  it("any member signs off, VIEWER included; a later change marks the sign-off stale", async () => {
    const w = await failing();
    const viewer = await createUser({ name: "Vera Viewer" });
    await addMember(w.project.id, viewer.user.id, "VIEWER");
    const res = await viewer.api.post(`${w.path}/signoffs`, { comment: "Read it, fine by me" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { id: viewer.user.id, name: "Vera Viewer" }, decision: "APPROVED", comment: "Read it, fine by me", verdictAtSignoff: "NO_GO", stale: false,
    });
    expect((await call("POST", `${w.path}/signoffs`, { key: undefined, body: {} })).status).toBe(401);
    let list = await viewer.api.get(`${w.path}/signoffs`);
    expect(list.body.data.map((s: { stale: boolean }) => s.stale)).toEqual([false]);
    // A run changing after the sign-off (a result, a status change) makes it stale.
    await getDb().execute(sql`update test_runs set updated_at = now() + interval '1 second' where milestone_id = ${w.ms.id}`);
    list = await viewer.api.get(`${w.path}/signoffs`);
    expect(list.body.data.map((s: { stale: boolean }) => s.stale)).toEqual([true]);
    expect((await w.owner.api.get(`${w.path}/summary`)).body.signoffs[0]).toMatchObject({ id: res.body.id, stale: true });
  });
});

describe("badge", () => {
  it("needs a key or a signed link, unless the project makes badges public", async () => {
    const w = await failing();
    const badge = `${w.path}/badge.svg`;
    const anonymous = await call("GET", badge);
    expect(anonymous.status).toBe(401);
    expect((await call("GET", `${badge}?sig=forged`)).status).toBe(401);
    const keyed = await w.owner.api.get(badge);
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(keyed.body).toContain("NO GO · 66.7%");
    const signed = await call("GET", signedBadgePath(w.project.key, w.ms.id));
    expect(signed.status).toBe(200);
    expect(signed.body).toMatch(/^<svg[^>]*aria-label="v9: NO GO · 66.7%"/);
    // A signature is for one milestone only.
    const other = await w.milestone({ name: "other" });
    expect((await call("GET", `${w.base}/milestones/${other.id}/badge.svg?sig=${signedBadgePath(w.project.key, w.ms.id).split("sig=")[1]}`)).status).toBe(401);
    const pub = await w.owner.api.patch(w.base, { settings: { publicBadge: true } });
    expect(pub.body.settings.publicBadge).toBe(true);
    expect((await call("GET", badge)).status).toBe(200);
    // A bad key is still refused: credentials, when sent, are checked.
    expect((await call("GET", badge, { key: "qas_bogus" })).status).toBe(401);
  });
});
