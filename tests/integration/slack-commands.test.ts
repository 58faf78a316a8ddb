import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { NOT_AVAILABLE_HERE, handleSlashCommand, parseSlashCommand } from "@/lib/slack/commands";
import { call } from "../helpers/api";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack";
import { summaryWorld } from "../helpers/milestone-fixtures";

/** The /qa slash command through its route handler, signed the way Slack signs requests. */
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack();
  process.env.SLACK_SIGNING_SECRET = SECRET;
  process.env.SLACK_API_URL = fake.apiUrl;
});
afterAll(async () => {
  delete process.env.SLACK_SIGNING_SECRET;
  delete process.env.SLACK_API_URL;
  await fake.close();
});

function form(text: string, channel = { id: "C0NOTHING", name: "random" }) {
  return new URLSearchParams({
    token: "legacy",
    team_id: "T0001",
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: "U0001",
    command: "/qa",
    text,
    response_url: `${fake.url}/response/T0001/1/abc`,
  }).toString();
}

function signed(body: string, opts: { secret?: string; ageSeconds?: number } = {}) {
  const ts = Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0);
  const sig = `v0=${createHmac("sha256", opts.secret ?? SECRET).update(`v0:${ts}:${body}`).digest("hex")}`;
  return { "x-slack-signature": sig, "x-slack-request-timestamp": String(ts), "content-type": "application/x-www-form-urlencoded" };
}

const command = (body: string, headers: Record<string, string>) => call("POST", "/api/slack/commands", { rawBody: body, headers });

async function world() {
  const w = await summaryWorld();
  const channelName = `rel-${w.project.key.toLowerCase()}`;
  expect((await call("PUT", `${w.base}/slack`, { key: w.owner.key, body: { channel: `#${channelName}` } })).status).toBe(200);
  const env = await w.env("Staging");
  const m = await w.milestone({ name: "v2.4.0", dueDate: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  const c = await w.testCase("Checkout pays", "CRITICAL");
  await w.run({ milestoneId: m.id, environmentId: env.id, status: "IN_PROGRESS", entries: [{ caseId: c.id, status: "FAILED" }] });
  return { ...w, channel: { id: "C0DIFFERENT", name: channelName }, m, c };
}

describe("POST /api/slack/commands", () => {
  it("answers /qa help with a valid signature", async () => {
    const body = form("help");
    const res = await command(body, signed(body));
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe("ephemeral");
    expect(res.body.text).toContain("/qa status [PROJECTKEY] <milestone>");
    expect(res.body.text).toContain("/qa due");
  });

  it("refuses a bad signature with 401", async () => {
    const body = form("help");
    const res = await command(body, signed(body, { secret: "another-secret-of-enough-length" }));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/signature/);
    const tampered = await command(form("status X y"), signed(body));
    expect(tampered.status).toBe(401);
  });

  it("refuses a timestamp older than five minutes with 401", async () => {
    const body = form("help");
    const res = await command(body, signed(body, { ageSeconds: 6 * 60 }));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/five minutes/);
    expect((await command(body, signed(body, { ageSeconds: 4 * 60 }))).status).toBe(200);
  });

  it("replies with the milestone summary, by project key or from the channel's only project", async () => {
    const w = await world();
    const byKey = form(`status ${w.project.key} v2.4.0`, w.channel);
    const res = await command(byKey, signed(byKey));
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe("in_channel");
    expect(res.body.text).toContain("v2.4.0: due");
    expect(res.body.text).toContain("(2 days)");
    expect(res.body.text).toContain("Verdict NO GO");
    expect(res.body.text).toContain("1 open critical failure");
    expect(JSON.stringify(res.body.blocks)).toContain(`${w.c.key}`);

    const fromChannel = form("status v2.4.0", w.channel);
    const res2 = await command(fromChannel, signed(fromChannel));
    expect(res2.body.text).toContain("v2.4.0: due");
  });

  it("says so when the milestone is unknown, or the channel has no project", async () => {
    const w = await world();
    const body = form(`status ${w.project.key} v9.9.9`, w.channel);
    const res = await command(body, signed(body));
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe("ephemeral");
    expect(res.body.text).toBe(`No milestone named "v9.9.9" in ${w.project.key}. Active milestones: v2.4.0.`);

    const nowhere = form("status v2.4.0");
    expect((await command(nowhere, signed(nowhere))).body).toEqual({ response_type: "ephemeral", text: NOT_AVAILABLE_HERE });
  });

  it("answers for a project only in its own channel: elsewhere an ephemeral refusal that names no milestone", async () => {
    const w = await world();
    const other = await world();
    await w.milestone({ name: "<!here> v3 <http://x|y>" });
    for (const [text, channel] of [
      [`status ${w.project.key} v2.4.0`, { id: "C0RANDOM", name: "random" }],
      [`status ${w.project.key} zzz`, { id: "C0RANDOM", name: "random" }],
      [`status ${w.project.key.toLowerCase()} v2`, { id: "C0RANDOM", name: "random" }],
      [`due ${w.project.key}`, { id: "C0RANDOM", name: "random" }],
      [`status ${w.project.key} v2.4.0`, other.channel],
      [`status ${w.project.key} zzz`, other.channel],
      [`due ${w.project.key}`, other.channel],
    ] as const) {
      const body = form(text, channel);
      const res = await command(body, signed(body));
      expect(res.status).toBe(200);
      expect(res.body, `${text} in #${channel.name}`).toEqual({ response_type: "ephemeral", text: NOT_AVAILABLE_HERE });
    }
    // In the project's channel, with or without the key, it answers as before.
    for (const text of [`status ${w.project.key} v2.4.0`, "status v2.4.0"]) {
      const body = form(text, w.channel);
      const res = await command(body, signed(body));
      expect(res.body.response_type).toBe("in_channel");
      expect(res.body.text).toContain("v2.4.0: due");
    }
    const zzz = form(`status ${w.project.key} zzz`, w.channel);
    expect((await command(zzz, signed(zzz))).body.text).toMatch(/^No milestone named "zzz"/);
    // The in-channel text escapes the milestone name like the blocks do.
    const hostile = form(`status ${w.project.key} v3`, w.channel);
    const res = await command(hostile, signed(hostile));
    expect(res.body.response_type).toBe("in_channel");
    expect(res.body.text).toContain(`${w.project.key} · &lt;!here&gt; v3 &lt;http://x|y&gt;: due`);
  });

  it("lists milestones due within the warning window with /qa due", async () => {
    const w = await world();
    await w.milestone({ name: "Later", dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    const body = form("due", w.channel);
    const res = await command(body, signed(body));
    expect(res.body.text).toContain(`${w.project.key}: milestones due within 3 days`);
    expect(res.body.text).toContain("v2.4.0");
    expect(res.body.text).not.toContain("Later");
  });

  it("acknowledges at once and posts slow answers to response_url", async () => {
    const w = await world();
    const cmd = parseSlashCommand(form(`status ${w.project.key} v2.4.0`, w.channel));
    const reply = await handleSlashCommand(getDb(), cmd, { deadlineMs: 0 });
    expect(reply.text).toMatch(/Working on it/);
    const end = Date.now() + 10_000;
    while (!fake.responses.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(fake.responses).toHaveLength(1);
    expect(JSON.stringify(fake.responses[0].body)).toContain("v2.4.0: due");
  });
});
