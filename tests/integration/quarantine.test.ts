import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { milestoneActivity } from "@/lib/milestones/activity";
import { milestoneSummary } from "@/lib/milestones/summary";
import { scanNotifications } from "@/lib/notify/scan";
import { liftQuarantine } from "@/lib/quarantine/lift-quarantine";
import { listActiveQuarantines } from "@/lib/quarantine/queries";
import { quarantineCase } from "@/lib/quarantine/quarantine-case";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { addMember, createUser } from "../helpers/factories";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

/**
 * Quarantine with an injected clock: every verb, summary and scan gets `now`, so a quarantine's
 * 3 days pass in milliseconds. Hand-computed fixture (one completed run in Staging):
 *   K-1 CRITICAL FAILED (quarantined for 3 days), K-2 LOW PASSED, K-3 HIGH FAILED with a defect.
 * Executed 3, passed 1: pass rate 33.3%.
 */
const NOW = new Date("2030-06-10T12:00:00.000Z");
const HOUR = 3_600_000;

async function world() {
  const w = await summaryWorld();
  const staging = await w.env("Staging");
  const ms = await w.milestone({ name: "v9", dueDate: "2030-07-01" });
  const k1 = await w.testCase("Pay with card", "CRITICAL");
  const k2 = await w.testCase("Browse", "LOW");
  const k3 = await w.testCase("Refund", "HIGH");
  await w.run({
    milestoneId: ms.id,
    environmentId: staging.id,
    status: "COMPLETED",
    entries: [
      { caseId: k1.id, status: "FAILED", at: days(-1, NOW) },
      { caseId: k2.id, status: "PASSED", at: days(-1, NOW) },
      { caseId: k3.id, status: "FAILED", at: days(-1, NOW) },
    ],
  });
  await w.defect(k3.id, "PAY-3");
  const tester = await createUser({ name: "Tess Tester" });
  await addMember(w.project.id, tester.user.id, "TESTER");
  return { ...w, staging, ms, k1, k2, k3, tester };
}

const alerts = async (projectId: string) =>
  rowsOf<{ kind: string; dedupe_key: string; title: string; status: string; path: string }>(
    await getDb().execute(sql`
      select kind, dedupe_key, title, status, path from notifications
      where project_id = ${projectId} and kind = 'QUARANTINE_EXPIRED' order by created_at, dedupe_key`),
  );

describe("quarantine", () => {
  it("moves a failure to quarantinedFailures until the expiry instant, then blocks again and alerts once", async () => {
    const w = await world();
    const q = await quarantineCase({
      ctx: w.ctx,
      caseRef: w.k1.key,
      input: { reason: "Flaky card sandbox", ownerId: w.tester.user.email, expiresAt: "2030-06-13T12:00:00.000Z" },
      now: NOW,
    });
    expect(q).toMatchObject({
      caseId: w.k1.id,
      caseKey: w.k1.key,
      reason: "Flaky card sandbox",
      owner: { id: w.tester.user.id, name: "Tess Tester" },
      createdAt: NOW.toISOString(),
      expiresAt: "2030-06-13T12:00:00.000Z",
      liftedAt: null,
      active: true,
      daysLeft: 3,
    });

    // One day in: K-1 is quarantined (listed, not blocking); K-3 blocks; K-1 is not untracked.
    const during = await milestoneSummary(w.ctx, w.ms.id, { now: days(1, NOW) });
    expect(during.openFailures.map((f) => f.caseKey)).toEqual([w.k3.key]);
    expect(during.quarantinedFailures).toEqual([
      expect.objectContaining({
        caseKey: w.k1.key,
        priority: "CRITICAL",
        status: "FAILED",
        environment: { id: w.staging.id, name: "Staging" },
        since: days(-1, NOW).toISOString(),
        defect: null,
        quarantine: { id: q.id, reason: "Flaky card sandbox", owner: { id: w.tester.user.id, name: "Tess Tester" }, createdAt: NOW.toISOString(), expiresAt: "2030-06-13T12:00:00.000Z" },
      }),
    ]);
    expect(during.reasons).toEqual([
      { code: "BLOCKING_FAILURES", message: `1 open failure of priority CRITICAL or HIGH: ${w.k3.key} (Staging).` },
      { code: "PASS_RATE_BELOW_THRESHOLD", message: "Pass rate 33.3% (1 of 3 executed) is below the 95% threshold." },
    ]);
    expect(during.passRate).toBe(33.3);
    // One millisecond before the expiry it still holds.
    const last = await milestoneSummary(w.ctx, w.ms.id, { now: new Date(Date.parse("2030-06-13T12:00:00.000Z") - 1) });
    expect(last.quarantinedFailures.map((f) => f.caseKey)).toEqual([w.k1.key]);

    // At the expiry instant: K-1 is open again, blocks and is untracked, and says which quarantine lapsed.
    const after = await milestoneSummary(w.ctx, w.ms.id, { now: new Date("2030-06-13T12:00:00.000Z") });
    expect(after.quarantinedFailures).toEqual([]);
    expect(after.openFailures.map((f) => [f.caseKey, f.quarantine?.id ?? null])).toEqual([
      [w.k1.key, q.id],
      [w.k3.key, null],
    ]);
    expect(after.reasons.map((r) => r.message)).toEqual([
      `2 open failures of priority CRITICAL or HIGH: ${w.k1.key} (Staging), ${w.k3.key} (Staging).`,
      "Pass rate 33.3% (1 of 3 executed) is below the 95% threshold.",
      `1 open failure has no defect link or waiver: ${w.k1.key} (Staging).`,
    ]);
    expect((await listActiveQuarantines(w.ctx, { now: new Date("2030-06-13T12:00:00.000Z") })).data).toEqual([]);

    // The alert: nothing before the expiry, one after it, however many scans follow.
    await scanNotifications({ db: getDb(), now: days(2, NOW) });
    expect(await alerts(w.project.id)).toEqual([]);
    await scanNotifications({ db: getDb(), now: new Date(Date.parse("2030-06-13T12:00:00.000Z") + 60_000) });
    await scanNotifications({ db: getDb(), now: new Date(Date.parse("2030-06-13T12:00:00.000Z") + 2 * HOUR) });
    await scanNotifications({ db: getDb(), now: days(5, NOW) });
    expect(await alerts(w.project.id)).toEqual([
      {
        kind: "QUARANTINE_EXPIRED",
        dedupe_key: `quarantine:${q.id}:expired`,
        title: `Quarantine of ${w.k1.key} expired: its failures block again (Pay with card; owner Tess Tester)`,
        status: "IN_APP",
        path: `/projects/${w.project.id}/cases/${w.k1.id}`,
      },
    ]);
    // The notification centre shows it to members.
    const centre = await w.tester.api.get("/api/notifications");
    expect(centre.body.data.map((n: { kind: string; title: string }) => n.kind)).toContain("QUARANTINE_EXPIRED");
  });

  it("a lifted quarantine blocks at once and never alerts; the switch silences the alert", async () => {
    const w = await world();
    await quarantineCase({ ctx: w.ctx, caseRef: w.k1.id, input: { reason: "Flaky" }, now: NOW });
    expect((await milestoneSummary(w.ctx, w.ms.id, { now: days(1, NOW) })).quarantinedFailures).toHaveLength(1);
    await liftQuarantine({ ctx: w.ctx, caseRef: w.k1.key, now: days(1, NOW) });
    const lifted = await milestoneSummary(w.ctx, w.ms.id, { now: days(1, NOW) });
    expect(lifted.quarantinedFailures).toEqual([]);
    expect(lifted.openFailures.map((f) => [f.caseKey, f.quarantine])).toEqual([
      [w.k1.key, null],
      [w.k3.key, null],
    ]);
    await scanNotifications({ db: getDb(), now: days(20, NOW) });
    expect(await alerts(w.project.id)).toEqual([]);

    // Switched off: an expiry writes nothing, also not later.
    expect((await call("PUT", `${w.base}/slack`, { key: w.owner.key, body: { events: { quarantineExpired: false } } })).status).toBe(200);
    const q2 = await quarantineCase({ ctx: w.ctx, caseRef: w.k3.key, input: { reason: "Known", expiresAt: days(21, NOW).toISOString() }, now: days(20, NOW) });
    expect(q2.daysLeft).toBe(1);
    await scanNotifications({ db: getDb(), now: days(22, NOW) });
    expect(await alerts(w.project.id)).toEqual([]);
  });

  it("validates, defaults to 14 days, refuses a second active quarantine, needs TESTER and is audited", async () => {
    const w = await world();
    const url = `${w.base}/test-cases/${w.k1.key}/quarantine`;
    const before = Date.now();
    const created = await w.tester.api.post(url, { reason: "Flaky in CI" });
    expect(created.status).toBe(201);
    const expires = Date.parse(created.body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 14 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 14 * 86_400_000);
    expect(created.body).toMatchObject({ owner: { id: w.tester.user.id }, daysLeft: 14, active: true });
    expect((await w.tester.api.post(url, { reason: "again" })).status).toBe(409);

    const k2 = `${w.base}/test-cases/${w.k2.key}/quarantine`;
    const field = async (body: unknown) => (await w.tester.api.post(k2, body)).body.error?.details?.[0]?.field;
    expect(await field({ reason: "x", expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString() })).toBe("expiresAt");
    expect(await field({ reason: "x", expiresAt: "2020-01-01T00:00:00Z" })).toBe("expiresAt");
    expect(await field({ reason: "x", expiresAt: "99999-01-01T00:00:00Z" })).toBe("expiresAt");
    expect(await field({ reason: "  " })).toBe("reason");
    expect(await field({ reason: "x", ownerId: "nobody@example.test" })).toBe("ownerId");
    const outsider = await createUser();
    expect(await field({ reason: "x", ownerId: outsider.user.id })).toBe("ownerId");
    expect(await field({ reason: "x\u0000" })).toBe("reason");
    expect((await w.tester.api.post(`${w.base}/test-cases/${w.project.key}-999/quarantine`, { reason: "x" })).status).toBe(404);
    const viewer = await createUser();
    await addMember(w.project.id, viewer.user.id, "VIEWER");
    expect((await viewer.api.post(k2, { reason: "x" })).status).toBe(403);
    expect((await viewer.api.delete(url)).status).toBe(403);

    // The list, for people and CI; the activity stamp moves with every change.
    const stamp = await milestoneActivity(w.ctx, w.ms.id);
    const list = await viewer.api.get(`${w.base}/quarantine`);
    expect(list.body.data.map((x: { caseKey: string; reason: string }) => [x.caseKey, x.reason])).toEqual([[w.k1.key, "Flaky in CI"]]);
    expect((await w.tester.api.delete(url)).status).toBe(204);
    expect((await w.tester.api.delete(url)).status).toBe(404);
    expect((await viewer.api.get(`${w.base}/quarantine`)).body.data).toEqual([]);
    expect((await milestoneActivity(w.ctx, w.ms.id)).version).not.toBe(stamp.version);

    const audit = rowsOf<{ action: string; entity_id: string }>(
      await getDb().execute(sql`select action, entity_id from audit_log where project_id = ${w.project.id} and entity_type = 'quarantine' order by created_at`),
    );
    expect(audit).toEqual([
      { action: "quarantine.create", entity_id: created.body.id },
      { action: "quarantine.lift", entity_id: created.body.id },
    ]);
  });

  it("a sign-off made before a quarantine is stale after it", async () => {
    const w = await world();
    const signed = await w.owner.api.post(`${w.base}/milestones/${w.ms.id}/signoffs`, { comment: "Seen" });
    expect(signed.status).toBe(201);
    await new Promise((r) => setTimeout(r, 5));
    await w.tester.api.post(`${w.base}/test-cases/${w.k1.key}/quarantine`, { reason: "Flaky" });
    const s = await milestoneSummary(w.ctx, w.ms.id);
    expect(s.signoffs.map((x) => x.stale)).toEqual([true]);
  });
});
