import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliverDue } from "@/lib/notify/deliver";
import { scanNotifications } from "@/lib/notify/scan";
import { SlackClient } from "@/lib/slack/client";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack";
import { summaryWorld } from "../helpers/milestone-fixtures";

/**
 * The scan and the outbox with a controllable clock: every scan gets `now`, so days pass in
 * milliseconds. Slack is a fake Web API on 127.0.0.1 reached by the real @slack/web-api client.
 */
let fake: FakeSlack;
let slack: SlackClient;
const TOKEN = "xoxb-test-token";
const policy = { baseDelayMs: 1000, maxAttempts: 10 };

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [TOKEN] });
  slack = new SlackClient({ token: TOKEN, apiUrl: fake.apiUrl });
});
afterAll(async () => {
  await fake.close();
});

const at = (iso: string) => new Date(iso);
const put = (key: string, path: string, body: unknown) => call("PUT", path, { key, body });
const scan = (now: Date) => scanNotifications({ db: getDb(), now, publicUrl: "https://qa.example.test" });
/** Each test delivers its own project's alerts (the scan covers every project in this file's database). */
let current: string | undefined;
const deliver = (now: Date) => deliverDue({ db: getDb(), slack, now, policy, projectId: current });

type Row = { dedupe_key: string; kind: string; status: string; attempts: number; slack_ts: string | null; title: string };
async function rows(projectId: string): Promise<Row[]> {
  return rowsOf<Row>(
    await getDb().execute(sql`
      select dedupe_key, kind, status, attempts, slack_ts, title from notifications where project_id = ${projectId} order by created_at, dedupe_key`),
  );
}

/** A project with Slack configured to its own channel, and one milestone due on `due` (a date). */
async function world(due: string, settings: Record<string, unknown> = {}) {
  const w = await summaryWorld();
  current = w.project.id;
  const channel = `#qa-${w.project.key.toLowerCase()}`;
  const saved = await put(w.owner.key, `${w.base}/slack`, { channel, ...settings });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const m = await w.milestone({ name: `Release ${w.project.key}`, dueDate: due });
  const sent = () => fake.messages.filter((x) => x.channel === channel);
  return { ...w, channel, m, sent };
}

describe("milestone due reminders", () => {
  it("fires each threshold exactly once, then overdue once, with Block Kit and a text fallback", async () => {
    const w = await world("2030-06-10");
    await scan(at("2030-06-01T09:00:00Z"));
    expect(await rows(w.project.id)).toEqual([]);

    // Two days left: the 3-day threshold fires, once however often the scan runs.
    for (const t of ["2030-06-08T09:00:00Z", "2030-06-08T09:01:00Z", "2030-06-08T18:00:00Z"]) {
      await scan(at(t));
      await deliver(at(t));
    }
    expect(w.sent()).toHaveLength(1);
    const first = w.sent()[0];
    expect(first.text).toContain(`Release ${w.project.key}`);
    expect(first.text).toContain("2030-06-10");
    expect(first.text).toMatch(/Verdict (GO|NO GO), pass rate/);
    const blocks = JSON.stringify(first.blocks);
    expect(blocks).toContain("Open milestone");
    expect(blocks).toContain(`https://qa.example.test/projects/${w.project.id}/milestones/${w.m.id}`);
    expect(blocks).toContain("*Schedule: Not started*. No runs yet; due in 2 days");

    for (const t of ["2030-06-09T08:00:00Z", "2030-06-09T20:00:00Z", "2030-06-10T07:00:00Z", "2030-06-10T23:00:00Z", "2030-06-11T01:00:00Z", "2030-06-12T01:00:00Z"]) {
      await scan(at(t));
      await deliver(at(t));
    }
    const r = await rows(w.project.id);
    const due = "2030-06-10T23:59:59.999Z";
    expect(r.map((x) => [x.dedupe_key, x.status])).toEqual([
      [`milestone:${w.m.id}:due:3:${due}`, "SENT"],
      [`milestone:${w.m.id}:due:1:${due}`, "SENT"],
      [`milestone:${w.m.id}:due:0:${due}`, "SENT"],
      [`milestone:${w.m.id}:overdue:${due}`, "SENT"],
    ]);
    expect(w.sent().map((x) => x.text.split(" — ")[0])).toEqual([
      `:alarm_clock: Release ${w.project.key} is due in 2 days`,
      `:alarm_clock: Release ${w.project.key} is due in 1 day`,
      `:alarm_clock: Release ${w.project.key} is due today`,
      `:rotating_light: Release ${w.project.key} is overdue`,
    ]);
    expect(r.every((x) => x.slack_ts)).toBe(true);
  });

  it("catches up after downtime with one message for the tightest missed threshold", async () => {
    const w = await world("2030-07-10");
    await scan(at("2030-07-01T09:00:00Z"));
    // No instance ran from July 1 until the due day.
    await scan(at("2030-07-10T09:00:00Z"));
    await deliver(at("2030-07-10T09:00:00Z"));
    await scan(at("2030-07-10T10:00:00Z"));
    await deliver(at("2030-07-10T10:00:00Z"));
    expect(w.sent()).toHaveLength(1);
    expect(w.sent()[0].text).toContain("is due today");
    const r = await rows(w.project.id);
    expect(r.map((x) => `${x.dedupe_key.split(":").slice(2, 4).join(":")}=${x.status}`).sort()).toEqual(["due:0=SENT", "due:1=SUPERSEDED", "due:3=SUPERSEDED"]);
  });

  it("re-arms the thresholds when the due date moves", async () => {
    const w = await world("2030-08-10");
    await scan(at("2030-08-09T09:00:00Z"));
    await deliver(at("2030-08-09T09:00:00Z"));
    expect(w.sent().map((x) => x.text.split(" — ")[0])).toEqual([`:alarm_clock: Release ${w.project.key} is due in 1 day`]);

    const moved = await w.owner.api.patch(`${w.base}/milestones/${w.m.id}`, { dueDate: "2030-08-20" });
    expect(moved.status).toBe(200);
    for (const t of ["2030-08-09T10:00:00Z", "2030-08-16T09:00:00Z", "2030-08-17T09:00:00Z", "2030-08-17T10:00:00Z", "2030-08-19T09:00:00Z"]) {
      await scan(at(t));
      await deliver(at(t));
    }
    expect(w.sent().map((x) => x.text.split(" — ")[0])).toEqual([
      `:alarm_clock: Release ${w.project.key} is due in 1 day`,
      `:alarm_clock: Release ${w.project.key} is due in 4 days`.replace("4 days", "3 days"),
      `:alarm_clock: Release ${w.project.key} is due in 1 day`,
    ]);
    const keys = (await rows(w.project.id)).filter((x) => x.status === "SENT").map((x) => x.dedupe_key);
    expect(keys).toEqual([
      `milestone:${w.m.id}:due:1:2030-08-10T23:59:59.999Z`,
      `milestone:${w.m.id}:due:3:2030-08-20T23:59:59.999Z`,
      `milestone:${w.m.id}:due:1:2030-08-20T23:59:59.999Z`,
    ]);
  });

  it("escapes &, < and > of user text in the plain-text fallback as in the blocks, so a name cannot ping or disguise a link", async () => {
    const w = await world("2030-10-10");
    const name = "<!here> v2 <http://x|y> & co";
    const hostile = await w.milestone({ name, dueDate: "2030-10-10" });
    await scan(at("2030-10-09T09:00:00Z"));
    await deliver(at("2030-10-09T09:00:00Z"));
    const sent = w.sent().filter((x) => JSON.stringify(x.blocks).includes(hostile.id));
    expect(sent).toHaveLength(1);
    const [msg] = sent;
    const escaped = "&lt;!here&gt; v2 &lt;http://x|y&gt; &amp; co";
    expect(msg.text).toContain(`:alarm_clock: ${escaped} is due in 1 day — ${escaped}: due 2030-10-10`);
    expect(msg.text).not.toMatch(/<!here>|<http/);
    expect(JSON.stringify(msg.blocks)).toContain(`*Milestone*\\n${escaped}`);
    // The notification centre shows people the plain name again.
    const list = await w.owner.api.get(`/api/notifications?limit=50`);
    const item = list.body.data.find((n: { path: string }) => n.path.includes(hostile.id));
    expect(item.text).toContain(`${name}: due 2030-10-10`);
  });

  it("sends no reminders for completed or archived milestones", async () => {
    const w = await world("2030-09-10");
    const archived = await w.milestone({ name: "Archived one", dueDate: "2030-09-10" });
    expect((await w.owner.api.patch(`${w.base}/milestones/${archived.id}`, { status: "ARCHIVED" })).status).toBe(200);
    await getDb().execute(sql`update milestones set status = 'COMPLETED', completed_at = now() where id = ${w.m.id}`);
    for (const t of ["2030-09-08T09:00:00Z", "2030-09-10T09:00:00Z", "2030-09-12T09:00:00Z"]) {
      await scan(at(t));
      await deliver(at(t));
    }
    expect(await rows(w.project.id)).toEqual([]);
    expect(w.sent()).toEqual([]);
  });

  it("honours the per-project switches and thresholds", async () => {
    const w = await world("2030-10-10", { events: { milestoneDue: false }, dueThresholdsDays: [5] });
    await scan(at("2030-10-06T09:00:00Z"));
    await scan(at("2030-10-11T09:00:00Z"));
    await deliver(at("2030-10-11T09:00:00Z"));
    expect((await rows(w.project.id)).map((x) => x.kind)).toEqual(["MILESTONE_OVERDUE"]);

    const v = await world("2030-10-10", { events: { overdue: false }, dueThresholdsDays: [5] });
    await scan(at("2030-10-05T09:00:00Z"));
    await scan(at("2030-10-06T09:00:00Z"));
    await scan(at("2030-10-11T09:00:00Z"));
    expect((await rows(v.project.id)).map((x) => x.dedupe_key.split(":")[2] + ":" + x.dedupe_key.split(":")[3])).toEqual(["due:5"]);
  });

  it("keeps alerts in the app only when the project has no Slack channel", async () => {
    const w = await summaryWorld();
    current = w.project.id;
    await w.milestone({ name: "No channel", dueDate: "2030-11-10" });
    await scan(at("2030-11-09T09:00:00Z"));
    await deliver(at("2030-11-09T09:00:00Z"));
    expect((await rows(w.project.id)).map((x) => x.status).sort()).toEqual(["IN_APP", "SUPERSEDED"]);
  });
});

describe("delivery through a Slack outage", () => {
  it("retries with backoff until Slack is back: nothing lost, nothing doubled", async () => {
    const w = await world("2030-12-10");
    const t0 = at("2030-12-09T09:00:00Z");
    await scan(t0);
    fake.failNext(3);
    const before = fake.attempts;
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const t = new Date(t0.getTime() + i * 1000);
      outcomes.push(...(await deliver(t)).map((o) => o.status));
      // A scan during the outage writes nothing new.
      await scan(t);
    }
    // Backoff 1 s, 2 s, 4 s: attempts at t0, t0+1, t0+3, t0+7.
    expect(outcomes).toEqual(["RETRY", "RETRY", "RETRY", "SENT"]);
    expect(fake.attempts - before).toBe(4);
    expect(w.sent()).toHaveLength(1);
    const [row] = await rows(w.project.id);
    expect(row).toMatchObject({ status: "SENT", attempts: 4 });
    expect(row.slack_ts).toBe(w.sent()[0].ts);
  });

  it("waits as long as Slack's Retry-After says on 429", async () => {
    const w = await world("2031-01-10");
    const t0 = at("2031-01-09T09:00:00Z");
    await scan(t0);
    fake.rateLimitNext(1, 30);
    expect((await deliver(t0)).map((o) => o.status)).toEqual(["RETRY"]);
    expect(await deliver(new Date(t0.getTime() + 29_000))).toEqual([]);
    expect((await deliver(new Date(t0.getTime() + 30_500))).map((o) => o.status)).toEqual(["SENT"]);
    expect(w.sent()).toHaveLength(1);
  });

  it("marks an alert FAILED when the token is wrong instead of retrying for ever", async () => {
    const w = await world("2031-02-10");
    const t0 = at("2031-02-09T09:00:00Z");
    await scan(t0);
    const wrong = new SlackClient({ token: "xoxb-wrong", apiUrl: fake.apiUrl });
    const out = await deliverDue({ db: getDb(), slack: wrong, now: t0, policy, projectId: w.project.id });
    expect(out.map((o) => o.status)).toEqual(["FAILED"]);
    const [row] = await rows(w.project.id);
    expect(row.status).toBe("FAILED");
    expect(w.sent()).toEqual([]);
  });
});

describe("run and verdict alerts", () => {
  it("alerts once when a run completes, as RUN_FAILED when it has failures", async () => {
    const w = await summaryWorld();
    current = w.project.id;
    const channel = `#qa-${w.project.key.toLowerCase()}`;
    await put(w.owner.key, `${w.base}/slack`, { channel });
    const env = await w.env("Staging");
    const m = await w.milestone({ name: "v9" });
    const a = await w.testCase("Login");
    const b = await w.testCase("Checkout");
    const good = await w.run({ milestoneId: m.id, environmentId: env.id, status: "IN_PROGRESS", entries: [{ caseId: a.id, status: "PASSED" }] });
    const bad = await w.run({
      milestoneId: m.id,
      environmentId: env.id,
      status: "IN_PROGRESS",
      entries: [
        { caseId: a.id, status: "PASSED" },
        { caseId: b.id, status: "FAILED" },
      ],
    });
    await scan(new Date());
    expect((await rows(w.project.id)).filter((r) => r.kind.startsWith("RUN"))).toEqual([]);
    for (const id of [good, bad]) expect((await w.owner.api.post(`${w.base}/test-runs/${id}/complete`)).status).toBe(200);
    await scan(new Date());
    await scan(new Date());
    await deliver(new Date());
    const r = (await rows(w.project.id)).filter((x) => x.kind.startsWith("RUN"));
    expect(r.map((x) => [x.dedupe_key, x.kind, x.status]).sort()).toEqual(
      [
        [`run:${bad}:completed`, "RUN_FAILED", "SENT"],
        [`run:${good}:completed`, "RUN_COMPLETED", "SENT"],
      ].sort(),
    );
    const texts = fake.messages.filter((x) => x.channel === channel).map((x) => x.text);
    expect(texts.some((t) => t.startsWith(":x: Run failed: Run (Staging)"))).toBe(true);
    expect(JSON.stringify(fake.messages.filter((x) => x.channel === channel))).toContain("1 passed, 1 failed, 0 blocked, 0 skipped of 2");
  });

  it("alerts when a CRITICAL case fails in a run still in progress", async () => {
    const w = await summaryWorld();
    await put(w.owner.key, `${w.base}/slack`, { channel: `#qa-${w.project.key.toLowerCase()}` });
    const env = await w.env("QA");
    const m = await w.milestone({ name: "v10" });
    const crit = await w.testCase("Payment captured", "CRITICAL");
    const low = await w.testCase("Footer link", "LOW");
    const run = await w.run({
      milestoneId: m.id,
      environmentId: env.id,
      status: "IN_PROGRESS",
      entries: [
        { caseId: crit.id, status: "FAILED" },
        { caseId: low.id, status: "FAILED" },
      ],
    });
    await scan(new Date());
    await scan(new Date());
    const r = (await rows(w.project.id)).filter((x) => x.kind === "RUN_FAILED");
    expect(r).toHaveLength(1);
    expect(r[0].dedupe_key).toMatch(new RegExp(`^run:${run}:critical:`));
    expect(r[0].title).toBe(`Critical case ${crit.key} failed in Run (QA)`);
  });

  it("alerts when the verdict flips NO_GO -> GO and back, keeping the last notified verdict", async () => {
    const w = await summaryWorld();
    await put(w.owner.key, `${w.base}/slack`, { channel: `#qa-${w.project.key.toLowerCase()}` });
    const env = await w.env("Prod");
    const m = await w.milestone({ name: "v11" });
    const c = await w.testCase("Smoke");
    const run = await w.run({ milestoneId: m.id, environmentId: env.id, status: "IN_PROGRESS", entries: [{ caseId: c.id, status: "PASSED" }] });
    await scan(new Date()); // first sighting: NO_GO (run in progress), recorded without an alert
    await scan(new Date());
    expect((await rows(w.project.id)).filter((x) => x.kind === "VERDICT_CHANGED")).toEqual([]);

    await w.owner.api.post(`${w.base}/test-runs/${run}/complete`);
    await scan(new Date());
    await scan(new Date());
    const second = await w.run({ milestoneId: m.id, environmentId: env.id, status: "IN_PROGRESS", entries: [{ caseId: c.id, status: "UNTESTED" }] });
    await scan(new Date());
    await scan(new Date());
    const r = (await rows(w.project.id)).filter((x) => x.kind === "VERDICT_CHANGED");
    expect(r.map((x) => [x.dedupe_key, x.title])).toEqual([
      [`milestone:${m.id}:verdict:1`, "v11 is now GO (was NO GO)"],
      [`milestone:${m.id}:verdict:2`, "v11 is now NO GO (was GO)"],
    ]);
    const [state] = rowsOf<{ verdict: string }>(await getDb().execute(sql`select verdict from milestone_verdict_state where milestone_id = ${m.id}`));
    expect(state.verdict).toBe("NO_GO");
    expect(second).toBeTruthy();
  });
});
