import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { scanNotifications } from "@/lib/notify/scan";
import { call, sessionCookie } from "../helpers/api";
import { addMember, createProjectWithOwner, createUser } from "../helpers/factories";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack";

/** Slack settings, the test-message button's endpoint, and the in-app notification centre. */
let fake: FakeSlack;
const put = (key: string, path: string, body: unknown) => call("PUT", path, { key, body });

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ["xoxb-good"] });
});
afterEach(() => {
  delete process.env.SLACK_BOT_TOKEN;
  delete process.env.SLACK_API_URL;
});
afterAll(async () => {
  await fake.close();
});

describe("GET/PUT /api/projects/{projectId}/slack", () => {
  it("starts with every alert on, thresholds 3/1/0 and no channel; an ADMIN changes them, a TESTER may only read", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.key}/slack`;
    const initial = await owner.api.get(base);
    expect(initial.body).toEqual({
      channel: null,
      events: { milestoneDue: true, overdue: true, runFailed: true, runCompleted: true, verdictChanged: true, quarantineExpired: true },
      dueThresholdsDays: [3, 1, 0],
      botTokenConfigured: false,
      updatedAt: null,
    });
    const saved = await put(owner.key, base, { channel: "#release-train", events: { runCompleted: false }, dueThresholdsDays: [0, 7, 2] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      channel: "#release-train",
      events: { milestoneDue: true, overdue: true, runFailed: true, runCompleted: false, verdictChanged: true, quarantineExpired: true },
      dueThresholdsDays: [7, 2, 0],
    });
    expect((await owner.api.get(base)).body.channel).toBe("#release-train");

    const tester = await createUser();
    await addMember(project.id, tester.user.id, "TESTER");
    expect((await tester.api.get(base)).body.channel).toBe("#release-train");
    expect((await put(tester.key, base, { channel: "#x" })).status).toBe(403);
  });

  it("rejects malformed channels, thresholds and unknown fields with 400 naming the field", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/slack`;
    const bad = await put(owner.key, base, { channel: "release train" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("channel");
    expect((await put(owner.key, base, { dueThresholdsDays: [1, 1] })).body.error.details[0].field).toBe("dueThresholdsDays");
    expect((await put(owner.key, base, { events: { sometimes: true } })).body.error.details[0].field).toBe("events.sometimes");
    expect((await put(owner.key, base, { channel: "" })).body.channel).toBeNull();
  });
});

describe("POST /api/projects/{projectId}/slack/test", () => {
  it("says plainly when the channel or the bot token is missing or wrong, and posts when all is well", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/slack`;
    const noChannel = await owner.api.post(`${base}/test`);
    expect(noChannel.status).toBe(412);
    expect(noChannel.body.error.message).toMatch(/Choose a Slack channel/);

    await put(owner.key, base, { channel: "C0TESTCHAN" });
    const noToken = await owner.api.post(`${base}/test`);
    expect(noToken.status).toBe(412);
    expect(noToken.body.error.message).toMatch(/SLACK_BOT_TOKEN is not set/);

    process.env.SLACK_API_URL = fake.apiUrl;
    process.env.SLACK_BOT_TOKEN = "xoxb-wrong";
    const wrong = await owner.api.post(`${base}/test`);
    expect(wrong.status).toBe(412);
    expect(wrong.body.error.message).toMatch(/Slack rejected the bot token \(invalid_auth\)/);

    process.env.SLACK_BOT_TOKEN = "xoxb-good";
    expect((await owner.api.get(base)).body.botTokenConfigured).toBe(true);
    const ok = await owner.api.post(`${base}/test`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, channel: "C0TESTCHAN", team: "Fake Team" });
    const msg = fake.messages.find((m) => m.ts === ok.body.ts)!;
    expect(msg.channel).toBe("C0TESTCHAN");
    expect(msg.text).toContain(`Test message from QA Studio for project Project ${project.key} (${project.key})`);
  });
});

describe("notification centre", () => {
  it("shows members their projects' alerts with a per-user unread count", async () => {
    const { owner, project } = await createProjectWithOwner();
    const other = await createProjectWithOwner();
    const viewer = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    const due = new Date(Date.now() + 86_400_000).toISOString();
    await owner.api.post(`/api/projects/${project.id}/milestones`, { name: "Soon", dueDate: due });
    await other.owner.api.post(`/api/projects/${other.project.id}/milestones`, { name: "Elsewhere", dueDate: due });
    await scanNotifications({ db: getDb() });

    const mine = await viewer.api.get("/api/notifications");
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((n: { title: string }) => n.title)).toEqual(["Soon is due in 1 day"]);
    expect(mine.body.data[0]).toMatchObject({ kind: "MILESTONE_DUE", read: false, slack: "IN_APP", project: { key: project.key } });
    expect(mine.body.data[0].path).toMatch(new RegExp(`^/projects/${project.id}/milestones/`));
    expect(mine.body.unreadCount).toBe(1);

    const cookie = await sessionCookie(viewer.user.id);
    const read = await call("POST", "/api/notifications/read", { cookie, headers: { origin: "http://localhost:3000" }, body: { ids: [mine.body.data[0].id] } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ unreadCount: 0 });
    expect((await viewer.api.get("/api/notifications?unread=1")).body.data).toEqual([]);
    // Read state is per user: the owner still has it unread.
    expect((await owner.api.get("/api/notifications")).body.unreadCount).toBe(1);
    // Someone else's notification id changes nothing.
    const others = (await other.owner.api.get("/api/notifications")).body.data[0].id;
    await call("POST", "/api/notifications/read", { key: owner.key, body: { ids: [others] } });
    expect((await other.owner.api.get("/api/notifications")).body.unreadCount).toBe(1);
    expect((await owner.api.post("/api/notifications/read", { all: true })).body.unreadCount).toBe(0);
  });
});

describe("Slack environment variables", () => {
  it("are validated at start-up with a message for each malformed one", async () => {
    const { loadEnv } = await import("@/lib/env");
    expect(() => loadEnv({ SLACK_BOT_TOKEN: "not-a-token", SLACK_API_URL: "slack", QA_STUDIO_NOTIFY_SCAN_SECONDS: "0" })).toThrow(
      /SLACK_BOT_TOKEN: Must be a Slack bot token[\s\S]*SLACK_API_URL: Must be an absolute http\(s\) URL[\s\S]*QA_STUDIO_NOTIFY_SCAN_SECONDS: Must be at least 1 second/,
    );
    const env = loadEnv({ SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_API_URL: "http://127.0.0.1:9/api/", QA_STUDIO_NOTIFY_SCAN_SECONDS: "5" });
    expect(env.QA_STUDIO_NOTIFY_SCAN_SECONDS).toBe(5);
    expect(loadEnv({}).QA_STUDIO_NOTIFY_SCAN_SECONDS).toBe(60);
  });
});
