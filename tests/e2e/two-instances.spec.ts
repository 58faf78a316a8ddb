import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import postgres from "postgres";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack";
import { startTestS3, type TestS3 } from "../helpers/s3-server";

/**
 * Two instances of this build's standalone server behind no balancer, on one fresh PostgreSQL database
 * and one S3 endpoint (s3rver), sharing AUTH_SECRET and QA_STUDIO_ENCRYPTION_KEY: what one
 * instance writes, the other serves; shards of one CI build meet in one run; the alert scan
 * runs on both every second and Slack hears a due reminder once.
 *
 * Needs PostgreSQL (PGlite is one process only): DATABASE_URL, else the local server at
 * postgres://postgres@127.0.0.1:5432/postgres. Ports: E2E_PORT + 2 and + 3.
 */
test.describe.configure({ mode: "serial" });

const basePort = Number(process.env.E2E_PORT || 3100);
const ADMIN = { email: "admin@two.test", password: "two-instances-password" };
const API_KEY = `qas_${randomBytes(33).toString("base64url")}`;
const TOKEN = "xoxb-two-instances";
const pgBase = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `qa_two_${process.pid}_${Date.now()}`;

type Instance = { name: "A" | "B"; url: string; proc: ChildProcess; log: string };
let a: Instance;
let b: Instance;
let s3: TestS3;
let slack: FakeSlack;
let unavailable = "";
const summary: string[] = [];
const auth = { authorization: `Bearer ${API_KEY}` };
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);

function startInstance(name: "A" | "B", port: number, env: Record<string, string>): Instance {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `qa-two-${name}-`));
  const log = path.join("test-results", `two-instances-${name}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, "w");
  // The production artefact, started as the Docker image starts it.
  const proc = spawn(process.execPath, [path.join(process.cwd(), "scripts", "serve.mjs")], {
    env: { ...process.env, ...env, PORT: String(port), QA_STUDIO_DATA_DIR: dataDir, QA_STUDIO_PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", out, out],
  });
  proc.on("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { name, url: `http://127.0.0.1:${port}`, proc, log };
}

async function ready(request: APIRequestContext, instance: Instance): Promise<void> {
  const end = Date.now() + 150_000;
  for (;;) {
    if (instance.proc.exitCode !== null) throw new Error(`instance ${instance.name} exited; see ${instance.log}:\n${fs.readFileSync(instance.log, "utf8").slice(-2000)}`);
    const res = await request.get(`${instance.url}/api/ready`).catch(() => null);
    if (res?.status() === 200) return;
    if (Date.now() > end) throw new Error(`instance ${instance.name} not ready; see ${instance.log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function stop(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.proc.exitCode !== null) return;
  const exited = new Promise((r) => instance.proc.once("exit", r));
  instance.proc.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (instance.proc.exitCode === null) instance.proc.kill("SIGKILL");
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(240_000);
  const admin = postgres(pgBase, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database ${dbName}`);
  } catch (err) {
    // Several instances need PostgreSQL; CI always has one, so its absence is a failure, not a skip.
    unavailable = `no PostgreSQL server at ${new URL(pgBase).host} (${(err as Error).message}); several instances need one`;
    throw new Error(`two instances: ${unavailable}`);
  } finally {
    await admin.end();
  }
  const url = new URL(pgBase);
  url.pathname = `/${dbName}`;
  s3 = await startTestS3("qa-two-instances");
  slack = await startFakeSlack({ tokens: [TOKEN] });
  // What every instance must share: the database, the object store, the session and encryption secrets.
  const shared = {
    DATABASE_URL: url.toString(),
    ...s3.env,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    QA_STUDIO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    QA_STUDIO_ADMIN_EMAIL: ADMIN.email,
    QA_STUDIO_ADMIN_PASSWORD: ADMIN.password,
    QA_STUDIO_BOOTSTRAP_API_KEY: API_KEY,
    QA_STUDIO_DEMO: "0",
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    QA_STUDIO_NOTIFY_SCAN_SECONDS: "1",
    LOG_LEVEL: "warn",
  };
  // Both start at once on the empty database: migrations and the job queue's install race.
  a = startInstance("A", basePort + 2, shared);
  b = startInstance("B", basePort + 3, shared);
  const request = await playwright.request.newContext();
  try {
    await Promise.all([ready(request, a), ready(request, b)]);
  } finally {
    await request.dispose();
  }
  summary.push(`two instances: A ${a.url}, B ${b.url}; PostgreSQL database ${dbName}; S3 ${s3.endpoint} bucket ${s3.bucket}`);
});

test.afterAll(async () => {
  await Promise.all([stop(a), stop(b)]);
  await slack?.close();
  await s3?.stop();
  if (!unavailable) {
    const admin = postgres(pgBase, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
  const lines = unavailable ? [`two instances: not run, ${unavailable}`] : summary;
  console.log(`\n${lines.map((l, i) => (i ? `  ${l}` : l)).join("\n")}\n`);
});

const projectKey = `TW${Date.now().toString(36).slice(-6).toUpperCase()}`;

test("a project made on A, and an attachment uploaded through A, download through B", async ({ request }) => {
  const created = await request.post(`${a.url}/api/projects`, { headers: auth, data: { name: "Two Instances", key: projectKey } });
  expect(created.status()).toBe(201);
  const base = `/api/projects/${projectKey}`;
  expect((await request.post(`${a.url}${base}/environments`, { headers: auth, data: { name: "Staging" } })).status()).toBe(201);
  expect((await request.post(`${b.url}${base}/milestones`, { headers: auth, data: { name: "v1.0", dueDate: "2030-01-01T00:00:00.000Z" } })).status()).toBe(201);
  const run = await (await request.post(`${a.url}${base}/test-runs`, { headers: auth, data: { name: "Upload", milestone: "v1.0", environment: "Staging", kind: "AUTOMATED" } })).json();
  const batch = await (
    await request.post(`${a.url}${base}/test-runs/${run.id}/results`, { headers: auth, data: { results: [{ testKey: "shop.spec.ts › pays", status: "failed" }] } })
  ).json();
  const bytes = png(6 * 1024 * 1024 + 123);
  const upload = await request.post(`${a.url}${base}/results/${batch.results[0].resultId}/attachments?name=failure.png`, {
    headers: { ...auth, "content-type": "image/png" },
    data: bytes,
  });
  expect(upload.status()).toBe(201);
  const attachment = await upload.json();
  expect(await s3.keys()).toHaveLength(1);

  const download = await request.get(`${b.url}${attachment.url}`, { headers: auth });
  expect(download.status()).toBe(200);
  const got = await download.body();
  expect(sha256(got)).toBe(sha256(bytes));
  expect(download.headers()["content-disposition"]).toMatch(/^inline; filename="failure.png"/);
  const range = await request.get(`${b.url}${attachment.url}`, { headers: { ...auth, range: "bytes=5242870-5242889" } });
  expect(range.status()).toBe(206);
  expect((await range.body()).equals(bytes.subarray(5242870, 5242890))).toBe(true);
  // Deleted through B: the object leaves the bucket.
  expect((await request.delete(`${b.url}${attachment.url}`, { headers: auth })).status()).toBe(204);
  await expect.poll(() => s3.keys(), { timeout: 10_000 }).toEqual([]);
  expect((await request.get(`${a.url}${attachment.url}`, { headers: auth })).status()).toBe(404);
  summary.push(`attachment: ${bytes.length} bytes uploaded through A (multipart to S3), downloaded through B with the same sha256 ${attachment.sha256.slice(0, 12)}…, a range 206 through B; deleted through B, the bucket is empty`);
});

test("a session made on A works on B", async ({ page }) => {
  await page.goto(`${a.url}/login`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${a.url}/projects`);
  // The browser sends the same cookie to B (cookies are per host, not per port).
  await page.goto(`${b.url}/projects`);
  await expect(page).toHaveURL(`${b.url}/projects`);
  await expect(page.getByRole("link", { name: /Two Instances/ }).first()).toBeVisible();
  const api = await page.request.get(`${b.url}/api/notifications`);
  expect(api.status()).toBe(200);
  const cookies = await page.context().cookies(b.url);
  expect(cookies.some((c) => /authjs\.session-token/.test(c.name))).toBe(true);
  summary.push("session: signed in on A; B renders /projects and answers /api/notifications (200) with the same cookie");
});

test("two shards of one CI build, sent to different instances, land in one run that completes", async ({ request }) => {
  const base = `/api/projects/${projectKey}`;
  const ciBuildId = `build-${Date.now()}`;
  const open = (instance: Instance, current: number) =>
    request.post(`${instance.url}${base}/test-runs`, {
      headers: auth,
      data: { name: "CI", milestone: "v1.0", environment: "Staging", ciBuildId, shard: { current, total: 2 } },
    });
  // Both shards open the run at the same moment, each on its own instance.
  const [one, two] = await Promise.all([open(a, 1), open(b, 2)]);
  expect([one.status(), two.status()].sort()).toEqual([200, 201]);
  const runId = (await one.json()).id;
  expect((await two.json()).id).toBe(runId);
  const results = (shard: number) => Array.from({ length: 3 }, (_, i) => ({ testKey: `shard${shard}.spec.ts › test ${i}`, status: i === 0 && shard === 2 ? "failed" : "passed" }));
  const [r1, r2] = await Promise.all([
    request.post(`${a.url}${base}/test-runs/${runId}/results`, { headers: auth, data: { results: results(1) } }),
    request.post(`${b.url}${base}/test-runs/${runId}/results`, { headers: auth, data: { results: results(2) } }),
  ]);
  expect([r1.status(), r2.status()]).toEqual([200, 200]);
  const first = await (await request.post(`${a.url}${base}/test-runs/${runId}/complete`, { headers: auth, data: { shard: { current: 1, total: 2 } } })).json();
  expect(first).toMatchObject({ shards: { total: 2, completed: [1] } });
  expect(first.status).not.toBe("COMPLETED");
  const last = await (await request.post(`${b.url}${base}/test-runs/${runId}/complete`, { headers: auth, data: { shard: { current: 2, total: 2 } } })).json();
  expect(last).toMatchObject({ status: "COMPLETED", completionReason: "SHARDS", shards: { total: 2, completed: [1, 2] } });
  const seen = await (await request.get(`${a.url}${base}/test-runs/${runId}`, { headers: auth })).json();
  expect(seen.counts).toMatchObject({ total: 6, passed: 5, failed: 1 });
  const runs = await (await request.get(`${b.url}${base}/test-runs?ciBuildId=${ciBuildId}`, { headers: auth })).json();
  expect(runs.data).toHaveLength(1);
  summary.push(`CI build ${ciBuildId}: shard 1/2 → A, shard 2/2 → B, opened at once → one run, COMPLETED (SHARDS) with 6 entries (5 passed, 1 failed)`);
});

test("a milestone-due alert is sent exactly once while both instances scan every second", async ({ request }) => {
  const base = `/api/projects/${projectKey}`;
  const settings = await request.put(`${a.url}${base}/slack`, { headers: auth, data: { channel: "#two-instances", dueThresholdsDays: [1] } });
  expect(settings.status()).toBe(200);
  const due = new Date(Date.now() + 86_400_000).toISOString();
  expect((await request.post(`${b.url}${base}/milestones`, { headers: auth, data: { name: "v2.0 Launch", dueDate: due } })).status()).toBe(201);
  const reminders = () => slack.messages.filter((m) => m.channel === "#two-instances" && m.text.includes("v2.0 Launch is due in 1 day"));
  const since = Date.now();
  await expect.poll(() => reminders().length, { timeout: 30_000 }).toBe(1);
  const after = Date.now() - since;
  // Ten more seconds: about twenty more scans across the two instances.
  await new Promise((r) => setTimeout(r, 10_000));
  expect(reminders()).toHaveLength(1);
  summary.push(`milestone-due alert: 1 Slack message after ${(after / 1000).toFixed(1)} s; still 1 after 10 s more of scans every second on both instances`);
});
