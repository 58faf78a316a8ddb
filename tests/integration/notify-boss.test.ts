import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection, getDb, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { deliverDue } from "@/lib/notify/deliver";
import { startNotifier, type Notifier, type NotifierOptions } from "@/lib/notify/notifier";
import { scanNotifications } from "@/lib/notify/scan";
import { SlackClient } from "@/lib/slack/client";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack";
import { summaryWorld } from "../helpers/milestone-fixtures";

/**
 * The notifier end to end: pg-boss (on PostgreSQL, or in-process on PGlite through its `db`
 * option) runs the scan and the delivery jobs against a fake Slack, through an outage and a
 * restart; on PostgreSQL two instances on separate connections share the work.
 */
let fake: FakeSlack;
const TOKEN = "xoxb-test-token";
const onPostgres = Boolean(process.env.DATABASE_URL);
const policy = { baseDelayMs: 500 };

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [TOKEN] });
});
afterAll(async () => {
  await fake.close();
});

const slack = () => new SlackClient({ token: TOKEN, apiUrl: fake.apiUrl });

function options(db: Db): NotifierOptions {
  const conn = getConnection();
  return {
    db,
    connection: conn.kind === "pglite" ? { pglite: conn.client } : { connectionString: process.env.DATABASE_URL! },
    scanSeconds: 1,
    pollingSeconds: 0.5,
    slack: slack(),
    policy,
    publicUrl: "https://qa.example.test",
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Projects with Slack on their own channel, each with a milestone due in two days and one due today. */
async function projects(n: number) {
  const out: { channel: string; projectId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const w = await summaryWorld();
    const channel = `#boss-${w.project.key.toLowerCase()}`;
    expect((await call("PUT", `${w.base}/slack`, { key: w.owner.key, body: { channel } })).status).toBe(200);
    await w.milestone({ name: `Two days ${i}`, dueDate: isoIn(2) });
    await w.milestone({ name: `Today ${i}`, dueDate: new Date().toISOString().slice(0, 10) });
    out.push({ channel, projectId: w.project.id });
  }
  return out;
}

async function sentRows(projectIds: string[]) {
  return rowsOf<{ dedupe_key: string; status: string; slack_ts: string | null; attempts: number }>(
    await getDb().execute(sql`
      select dedupe_key, status, slack_ts, attempts from notifications
      where project_id = any(array(select jsonb_array_elements_text(${JSON.stringify(projectIds)}::jsonb))) and status <> 'SUPERSEDED'`),
  );
}

describe("pg-boss notifier", () => {
  it("delivers through a Slack outage and a restart, exactly once per alert", { timeout: 120_000 }, async () => {
    const ps = await projects(1);
    const channels = new Set(ps.map((p) => p.channel));
    const mine = () => fake.messages.filter((m) => channels.has(m.channel));
    fake.failNext(2);
    let notifier: Notifier | null = await startNotifier({ ...options(getDb()), schema: "boss_single" });
    try {
      await until(() => mine().length === 2);
      // Restart: the new instance scans at start-up and finds nothing new to send.
      await notifier.stop();
      notifier = await startNotifier({ ...options(getDb()), schema: "boss_single" });
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      await notifier?.stop();
      notifier = null;
    }
    const texts = mine().map((m) => m.text.split(" — ")[0]);
    expect(texts.sort()).toEqual([":alarm_clock: Today 0 is due today", ":alarm_clock: Two days 0 is due in 2 days"]);
    const rows = await sentRows(ps.map((p) => p.projectId));
    expect(rows.map((r) => r.status)).toEqual(["SENT", "SENT"]);
    expect(rows.map((r) => r.slack_ts).sort()).toEqual(mine().map((m) => m.ts).sort());
  });

  it.skipIf(!onPostgres)("two instances on one PostgreSQL deliver each alert exactly once", async () => {
    const ps = await projects(4);
    const channels = new Set(ps.map((p) => p.channel));
    const mine = () => fake.messages.filter((m) => channels.has(m.channel));
    // A second instance: its own postgres.js pool for the app, its own pg-boss pool.
    const second = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
    const db2 = drizzle(second, { schema }) as unknown as Db;
    fake.failNext(3);
    fake.rateLimitNext(0, 1);
    const a = await startNotifier({ ...options(getDb()), schema: "boss_shared" });
    const b = await startNotifier({ ...options(db2), schema: "boss_shared" });
    try {
      // Both instances also scan and deliver directly at the same moments, racing for every row.
      for (let i = 0; i < 5; i++) {
        await Promise.all([
          scanNotifications({ db: getDb() }),
          scanNotifications({ db: db2 }),
          deliverDue({ db: getDb(), slack: slack(), policy }),
          deliverDue({ db: db2, slack: slack(), policy }),
        ]);
      }
      await until(() => mine().length >= 8);
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await second.end();
    }
    const rows = await sentRows(ps.map((p) => p.projectId));
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === "SENT")).toBe(true);
    expect(mine()).toHaveLength(8);
    const perChannelText = new Set(mine().map((m) => `${m.channel}|${m.text.split(" — ")[0]}`));
    expect(perChannelText.size).toBe(8);
    expect(new Set(rows.map((r) => r.slack_ts)).size).toBe(8);
    // Generous: alone it takes a few seconds, but the full suite shares two cores with it.
  }, 120_000);

  it.skipIf(!onPostgres)(
    "a milestone due in two days: one message per threshold on two instances, across a restart, downtime and a Slack outage",
    async () => {
      const w = await summaryWorld();
      const channel = `#done-${w.project.key.toLowerCase()}`;
      expect((await call("PUT", `${w.base}/slack`, { key: w.owner.key, body: { channel } })).status).toBe(200);
      const day = 86_400_000;
      const start = new Date(Date.UTC(2032, 2, 8, 9, 0, 0));
      await w.milestone({ name: "v2.4.0", dueDate: "2032-03-10" });
      let now = start;
      const clock = () => now;
      const mine = () => fake.messages.filter((m) => m.channel === channel).map((m) => m.text.split(" — ")[0]);

      const second = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
      const db2 = drizzle(second, { schema }) as unknown as Db;
      const instance = (db: Db) => startNotifier({ ...options(db), schema: "boss_done", clock });
      let a: Notifier | null = null;
      let b: Notifier | null = null;
      const attemptsBefore = fake.attempts;
      try {
        // Two days left, while Slack is down for the next three attempts.
        fake.failNext(3);
        [a, b] = await Promise.all([instance(getDb()), instance(db2)]);
        await until(() => mine().length === 1);
        // Instance A restarts; one day left.
        await a.stop();
        a = await instance(getDb());
        now = new Date(start.getTime() + day);
        await until(() => mine().length === 2);
        // Both instances are down over the due day's morning, then come back.
        await Promise.all([a.stop(), b.stop()]);
        [a, b] = [null, null];
        now = new Date(start.getTime() + 2 * day);
        [a, b] = await Promise.all([instance(getDb()), instance(db2)]);
        await until(() => mine().length === 3);
        // Several more scans on both instances change nothing.
        await new Promise((r) => setTimeout(r, 3000));
      } finally {
        await Promise.all([a?.stop(), b?.stop()]);
        await second.end();
      }
      expect(mine()).toEqual([":alarm_clock: v2.4.0 is due in 2 days", ":alarm_clock: v2.4.0 is due in 1 day", ":alarm_clock: v2.4.0 is due today"]);
      const rows = await sentRows([w.project.id]);
      expect(rows.map((r) => [r.dedupe_key.split(":")[3], r.status]).sort()).toEqual([
        ["0", "SENT"],
        ["1", "SENT"],
        ["3", "SENT"],
      ]);
      // The outage was real: Slack refused three attempts (this database's other projects share the fake).
      expect(fake.attempts - attemptsBefore).toBeGreaterThanOrEqual(3 + 3);
    },
    150_000,
  );
});
