import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ApiError, QaStudioClient } from "@/lib/reporter/client.mjs";
import { Delivery } from "@/lib/reporter/delivery.mjs";
import QaStudioReporter from "@/lib/reporter/index.mjs";
import { readSpool } from "@/lib/reporter/spool.mjs";
import { expandGlob, main as upload } from "@/lib/reporter/upload.mjs";

type Req = { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: Buffer; json?: any; at: number };
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A small stand-in for QA Studio's CI endpoints on 127.0.0.1: runs upserted by ciBuildId, results
 * deduplicated by idempotency key, shard completion, attachments and JUnit. `script` forces
 * answers (e.g. 503 twice) for requests whose path matches.
 */
class FakeQaStudio {
  requests: Req[] = [];
  runs = new Map<string, { id: string; ciBuildId: string; status: string; shards: number[]; keys: Map<string, string> }>();
  attachments: { resultId: string; name: string; contentType: string; body: string }[] = [];
  script: { match: RegExp; reply: Reply }[] = [];
  delayMs = 0;
  server = http.createServer((req, res) => void this.handle(req, res));
  url = "";

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  posts(re: RegExp) {
    return this.requests.filter((r) => r.method === "POST" && re.test(r.path));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, "http://x");
    const body = Buffer.concat(chunks);
    const r: Req = { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now() };
    if (String(req.headers["content-type"]).startsWith("application/json") && body.length) r.json = JSON.parse(body.toString());
    this.requests.push(r);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const scripted = this.script.findIndex((s) => s.match.test(r.path));
    const reply = scripted >= 0 ? this.script.splice(scripted, 1)[0].reply : this.answer(r);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  }

  private runView(run: { id: string; status: string; keys: Map<string, string> }) {
    return { id: run.id, status: run.status, counts: { total: run.keys.size, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 } };
  }

  private answer(r: Req): Reply {
    if (r.headers.authorization !== "Bearer qas_test") return { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "Bad key", details: [] } } };
    let m = /^\/api\/projects\/([^/]+)\/test-runs$/.exec(r.path);
    if (m && r.method === "POST") {
      const known = [...this.runs.values()].find((x) => x.ciBuildId === r.json.ciBuildId);
      if (known) return { status: 200, body: this.runView(known) };
      const run = { id: `run${this.runs.size + 1}`, ciBuildId: r.json.ciBuildId, status: "IN_PROGRESS", shards: [], keys: new Map() };
      this.runs.set(run.id, run);
      return { status: 201, body: this.runView(run) };
    }
    m = /^\/api\/projects\/[^/]+\/test-runs\/([^/]+)(\/results|\/complete|\/junit)?$/.exec(r.path);
    const run = m && this.runs.get(m[1]);
    if (m && !run) return { status: 404, body: { error: { code: "NOT_FOUND", message: "Test run not found", details: [] } } };
    if (run && !m![2]) return { status: 200, body: this.runView(run) };
    if (run && m![2] === "/results") {
      const errors: object[] = [];
      const results: object[] = [];
      let created = 0;
      r.json.results.forEach((item: any, index: number) => {
        if (item.status === "bogus") return void errors.push({ index, field: "status", message: "Use PASSED, ..." });
        const key = item.idempotencyKey ?? `auto:${item.attempt}:${item.testKey}`;
        const duplicate = run.keys.has(key);
        if (!duplicate) {
          run.keys.set(key, `res-${run.id}-${run.keys.size + 1}`);
          created++;
        }
        results.push({ index, resultId: run.keys.get(key), duplicate });
      });
      return { status: 200, body: { received: r.json.results.length, created, duplicates: results.length - created, errors, casesCreated: 0, results, run: { id: run.id, status: run.status } } };
    }
    if (run && m![2] === "/complete") {
      if (r.json?.shard) run.shards = [...new Set([...run.shards, r.json.shard.current])];
      if (!r.json?.shard || run.shards.length === r.json.shard.total) run.status = "COMPLETED";
      return { status: 200, body: this.runView(run) };
    }
    if (run && m![2] === "/junit") {
      if (r.headers["content-type"] !== "application/xml") return { status: 415, body: { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "XML", details: [] } } };
      const cases = (r.body.toString().match(/<testcase /g) ?? []).length;
      for (let i = 0; i < cases; i++) run.keys.set(`junit:${r.body.length}:${i}`, "x");
      return { status: 200, body: { received: cases, created: cases, duplicates: 0, errors: [], casesCreated: cases, results: [], run: { id: run.id, status: run.status } } };
    }
    m = /^\/api\/projects\/[^/]+\/results\/([^/]+)\/attachments$/.exec(r.path);
    if (m) {
      if (r.headers["content-type"] === "application/x-msdownload") {
        return { status: 415, body: { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Type not allowed", details: [] } } };
      }
      this.attachments.push({ resultId: m[1], name: r.query.get("name")!, contentType: String(r.headers["content-type"]), body: r.body.toString() });
      return { status: 201, body: { id: `att${this.attachments.length}` } };
    }
    return { status: 404, body: { error: { code: "NOT_FOUND", message: "No route", details: [] } } };
  }
}

const servers: FakeQaStudio[] = [];
async function fakeServer() {
  const s = await new FakeQaStudio().start();
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A port nobody listens on. */
async function deadUrl() {
  const s = await fakeServer();
  await s.stop();
  servers.splice(servers.indexOf(s), 1);
  return s.url;
}

const noSleep = { sleep: async () => {}, random: () => 0.5 };
const client = (url: string, extra: Record<string, unknown> = {}) => new QaStudioClient({ url, apiKey: "qas_test", ...noSleep, ...extra });
const runInput = (ciBuildId = "build-1", shard?: { current: number; total: number }) => ({
  name: "CI",
  milestone: "v1",
  environment: "Staging",
  kind: "AUTOMATED",
  status: "IN_PROGRESS",
  ciBuildId,
  ...(shard ? { shard } : {}),
});
const result = (n: number, extra: Record<string, unknown> = {}) => ({ testKey: `a.spec.ts › test ${n}`, status: "passed", attempt: 0, idempotencyKey: `k${n}`, ...extra });
const tmpDirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "qa-reporter-"));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe("HTTP client retries", () => {
  it("retries 5xx with growing backoff, and honours Retry-After on 429", async () => {
    const s = await fakeServer();
    const busy = { status: 503, body: { error: { code: "INTERNAL", message: "busy", details: [] } } };
    s.script.push({ match: /test-runs$/, reply: busy }, { match: /test-runs$/, reply: busy });
    s.script.push({ match: /test-runs$/, reply: { status: 429, headers: { "retry-after": "3" }, body: { error: { code: "RATE_LIMITED", message: "slow down", details: [] } } } });
    const delays: number[] = [];
    const c = client(s.url, { sleep: async (ms: number) => void delays.push(ms), baseDelayMs: 400 });
    const run = await c.createRun("DEMO", runInput());
    expect(run.id).toBe("run1");
    expect(s.posts(/test-runs$/)).toHaveLength(4);
    // Equal jitter at random()=0.5: 3/4 of 400·2^n; then the server's 3 s plus up to 250 ms of jitter.
    expect(delays).toEqual([300, 600, 3125]);
  });

  it("does not retry other 4xx, and names the fields the server rejected", async () => {
    const s = await fakeServer();
    s.script.push({ match: /test-runs$/, reply: { status: 400, body: { error: { code: "VALIDATION_FAILED", message: "Invalid input: milestone", details: [{ field: "milestone", message: "No milestone v9" }] } } } });
    const err = await client(s.url).createRun("DEMO", runInput()).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "VALIDATION_FAILED", transient: false });
    expect(err.message).toContain("milestone: No milestone v9");
    expect(s.posts(/test-runs$/)).toHaveLength(1);
    const unauthorized = await new QaStudioClient({ url: s.url, apiKey: "qas_wrong", ...noSleep }).createRun("DEMO", runInput()).catch((e) => e);
    expect(unauthorized.status).toBe(401);
    expect(s.posts(/test-runs$/)).toHaveLength(2);
  });

  it("gives up on an unreachable server after its retries, as a transient error", async () => {
    const delays: number[] = [];
    const err = await client(await deadUrl(), { retries: 2, sleep: async (ms: number) => void delays.push(ms) }).createRun("DEMO", runInput()).catch((e) => e);
    expect(err).toMatchObject({ status: 0, unreachable: true, transient: true });
    expect(err.message).toMatch(/no answer .*ECONNREFUSED/);
    expect(delays).toHaveLength(2);
  });

  it("splits a batch the server finds too large and keeps every item's index", async () => {
    const s = await fakeServer();
    s.script.push({ match: /results$/, reply: { status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE", message: "too large", details: [] } } } });
    const c = client(s.url);
    const run = await c.createRun("DEMO", runInput());
    const out = await c.postResults("DEMO", run.id, [result(1), result(2), result(3, { status: "bogus" }), result(4), result(5)]);
    expect(s.posts(/results$/).map((r) => r.json.results.length)).toEqual([5, 3, 2]);
    expect(out).toMatchObject({ received: 5, created: 4, duplicates: 0, errors: [{ index: 2, field: "status" }] });
    expect(out.results.map((r) => r.index)).toEqual([0, 1, 3, 4]);
  });
});

describe("batching", () => {
  it("sends full batches at once and the rest after the interval, without blocking the caller", async () => {
    const s = await fakeServer();
    s.delayMs = 150;
    const d = new Delivery({ client: client(s.url), project: "DEMO", run: runInput(), batchSize: 200, intervalMs: 100 });
    d.start();
    const t0 = performance.now();
    for (let i = 0; i < 450; i++) d.add(result(i));
    expect(performance.now() - t0).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(s.posts(/results$/).map((r) => r.json.results.length)).toEqual([200, 200, 50]);
    expect(d.queue).toHaveLength(0);
    const summary = await d.finish({ complete: { shard: { current: 1, total: 2 } } });
    expect(summary).toMatchObject({ stats: { sent: 450, created: 450, duplicates: 0, rejected: 0 }, completed: true, needsSpool: false });
    expect(s.posts(/complete$/).map((r) => r.json)).toEqual([{ shard: { current: 1, total: 2 } }]);
    expect(summary.run.status).toBe("IN_PROGRESS");
  });

  it("sends a partial batch only after the interval, and completes the whole run with no body", async () => {
    const s = await fakeServer();
    const d = new Delivery({ client: client(s.url), project: "DEMO", run: runInput(), intervalMs: 300 });
    d.start();
    d.add(result(1));
    d.add(result(2));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(s.posts(/results$/)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(s.posts(/results$/).map((r) => r.json.results.length)).toEqual([2]);
    const summary = await d.finish({ complete: {} });
    expect(s.posts(/complete$/)[0].body.length).toBe(0);
    expect(summary.run.status).toBe("COMPLETED");
  });

  it("uploads attachments once their result is stored, to that result; a refused one is only a warning", async () => {
    const s = await fakeServer();
    const dir = tmp();
    writeFileSync(path.join(dir, "shot.png"), "PNGDATA");
    const warnings: string[] = [];
    const d = new Delivery({ client: client(s.url), project: "DEMO", run: runInput(), intervalMs: null, warn: (m) => warnings.push(m) });
    d.start();
    d.add(result(1));
    d.add(result(2, { status: "failed" }), [
      { name: "shot.png", contentType: "image/png", path: path.join(dir, "shot.png") },
      { name: "log.txt", contentType: "text/plain", body: Buffer.from("console output") },
      { name: "evil.exe", contentType: "application/x-msdownload", body: Buffer.from("MZ") },
    ]);
    const summary = await d.finish({ complete: {} });
    const firstAttachment = s.requests.findIndex((r) => r.path.endsWith("/attachments"));
    expect(firstAttachment).toBeGreaterThan(s.requests.findIndex((r) => r.path.endsWith("/results")));
    expect(s.attachments.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { resultId: "res-run1-2", name: "log.txt", contentType: "text/plain", body: "console output" },
      { resultId: "res-run1-2", name: "shot.png", contentType: "image/png", body: "PNGDATA" },
    ]);
    expect(summary).toMatchObject({ stats: { attachments: 2, attachmentsFailed: 1 }, completed: true, needsSpool: false });
    expect(warnings.join("\n")).toMatch(/evil\.exe.*415.*Type not allowed/);
  });

  it("keeps results while the server is down and delivers them when it is back", async () => {
    const s = await fakeServer();
    const down = { status: 503, body: { error: { code: "INTERNAL", message: "down", details: [] } } };
    for (let i = 0; i < 3; i++) s.script.push({ match: /results$/, reply: down });
    const d = new Delivery({ client: client(s.url, { retries: 2 }), project: "DEMO", run: runInput(), batchSize: 2, intervalMs: null });
    d.start();
    d.add(result(1));
    d.add(result(2));
    d.add(result(3));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(d.queue).toHaveLength(3);
    const summary = await d.finish({ complete: {} });
    expect(summary).toMatchObject({ stats: { sent: 3, created: 3 }, completed: true, needsSpool: false });
  });
});

describe("the end of the run", () => {
  it("stops waiting for a server that hangs, and leaves everything unconfirmed for the spool", async () => {
    const s = await fakeServer();
    const d = new Delivery({ client: client(s.url), project: "DEMO", run: runInput(), intervalMs: null });
    d.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    s.delayMs = 5000;
    d.add(result(1));
    d.add(result(2));
    const t0 = performance.now();
    const summary = await d.finish({ complete: {}, timeoutMs: 300 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(summary).toMatchObject({ completed: false, needsSpool: true });
    expect(summary.error?.message).toMatch(/did not take everything within 0 s/);
    expect(d.leftovers()).toMatchObject({ runId: "run1", complete: {}, items: [{ result: { idempotencyKey: "k1" } }, { result: { idempotencyKey: "k2" } }] });
  });
});

/** Playwright-shaped objects for driving the reporter directly. */
function pw(rootDir: string) {
  const file = { type: "file", title: "cart.spec.ts", parent: { type: "project", title: "", parent: { type: "root", title: "" } } };
  const describe = { type: "describe", title: "Cart", parent: file };
  const test = (title: string, outcome: string, extra: Record<string, unknown> = {}) => ({
    title,
    parent: describe,
    location: { file: path.join(rootDir, "cart.spec.ts"), line: 1, column: 1 },
    tags: [],
    annotations: [],
    expectedStatus: "passed",
    repeatEachIndex: 0,
    outcome: () => outcome,
    ...extra,
  });
  const attempt = (status: string, retry: number, attachments: object[] = []) => ({ status, retry, duration: 5, startTime: new Date(), errors: [], steps: [], attachments });
  return { test, attempt, config: (shard: { current: number; total: number } | null) => ({ rootDir, shard, projects: [{ name: "" }] }) };
}

describe("spool and upload", () => {
  it("spools everything when QA Studio is unreachable, and the upload CLI replays it exactly once", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "trace-1a2b.zip"), "ZIP");
    const spoolDir = path.join(dir, "spool");
    const options = { url: await deadUrl(), apiKey: "qas_test", project: "DEMO", milestone: "v1", environment: "Staging", ciBuildId: "gh-77-1", spoolDir, retries: 0 };
    const reporter = new QaStudioReporter(options);
    const { test, attempt, config } = pw(dir);
    reporter.onBegin(config({ current: 2, total: 2 }) as any);
    const flaky = test("adds an item", "flaky");
    reporter.onTestEnd(flaky as any, attempt("failed", 0, [{ name: "trace", contentType: "application/zip", path: path.join(dir, "trace-1a2b.zip") }]) as any);
    reporter.onTestEnd(flaky as any, attempt("passed", 1) as any);
    reporter.onTestEnd(test("removes an item", "expected") as any, attempt("passed", 0) as any);
    expect(await reporter.onEnd()).toBeUndefined();

    expect(readdirSync(spoolDir)).toEqual([path.basename(reporter.spoolFile!)]);
    expect(reporter.spoolFile).toMatch(/qa-studio-gh-77-1-shard-2-of-2-\d+T\d+Z\.json$/);
    const doc = await readSpool(reporter.spoolFile!);
    expect(doc).toMatchObject({ url: options.url, project: "DEMO", run: { ciBuildId: "gh-77-1", shard: { current: 2, total: 2 }, milestone: "v1" }, complete: { shard: { current: 2, total: 2 } } });
    expect(doc.items.map((i) => [i.result.testKey, i.result.attempt, i.result.status])).toEqual([
      ["cart.spec.ts › Cart › adds an item", 0, "failed"],
      ["cart.spec.ts › Cart › adds an item", 1, "passed"],
      ["cart.spec.ts › Cart › removes an item", 0, "passed"],
    ]);
    expect(doc.items[0].attachments).toEqual([{ name: "trace.zip", contentType: "application/zip", path: path.join(dir, "trace-1a2b.zip") }]);
    expect(readFileSync(reporter.spoolFile!, "utf8")).not.toContain("qas_test");

    const s = await fakeServer();
    const out: string[] = [];
    const io = { env: { QA_STUDIO_URL: s.url, QA_STUDIO_API_KEY: "qas_test" }, out: (m: string) => out.push(m), err: (m: string) => out.push(m), cwd: dir };
    expect(await upload([reporter.spoolFile!], io)).toBe(0);
    const run = s.runs.get("run1")!;
    expect(run.keys.size).toBe(3);
    expect(s.posts(/complete$/).map((r) => r.json)).toEqual([{ shard: { current: 2, total: 2 } }]);
    expect(s.attachments).toEqual([{ resultId: "res-run1-1", name: "trace.zip", contentType: "application/zip", body: "ZIP" }]);
    expect(out.join("\n")).toMatch(/3 results sent \(3 new, 0 already stored, 0 rejected\), 1 attachments, shard 2\/2 completed/);

    // Replaying a delivered file does nothing; forced, it stores nothing twice.
    expect((await readSpool(reporter.spoolFile!)).uploaded).toMatchObject({ runId: "run1", url: `${s.url}/projects/DEMO/runs/run1` });
    out.length = 0;
    expect(await upload([reporter.spoolFile!], io)).toBe(0);
    expect(out.join("\n")).toMatch(/already delivered .* \(run run1\); nothing to do/);
    expect(s.posts(/results$/)).toHaveLength(1);
    out.length = 0;
    expect(await upload([reporter.spoolFile!, "--force"], io)).toBe(0);
    expect(run.keys.size).toBe(3);
    expect(out.join("\n")).toMatch(/3 results sent \(0 new, 3 already stored/);
  });

  it("fails the Playwright run on delivery problems only with failOnError", async () => {
    const dir = tmp();
    const { test, attempt, config } = pw(dir);
    const base = { url: await deadUrl(), apiKey: "qas_test", project: "DEMO", milestone: "v1", environment: "Staging", spoolDir: dir, retries: 0 };
    const strict = new QaStudioReporter({ ...base, failOnError: true });
    strict.onBegin(config(null) as any);
    strict.onTestEnd(test("x", "expected") as any, attempt("passed", 0) as any);
    expect(await strict.onEnd()).toEqual({ status: "failed" });
    const missing = new QaStudioReporter({ failOnError: true, url: "http://127.0.0.1:1", apiKey: "qas_test" });
    missing.onBegin(config(null) as any);
    expect(missing.problems.join()).toMatch(/project \(or QA_STUDIO_PROJECT\), milestone .*environment/);
    expect(await missing.onEnd()).toEqual({ status: "failed" });
    // Not configured at all (a local run, a fork without secrets) is not a delivery problem.
    const unconfigured = new QaStudioReporter({ failOnError: true, url: "", apiKey: "" });
    unconfigured.onBegin(config(null) as any);
    expect(await unconfigured.onEnd()).toBeUndefined();
  });

  it("uploads JUnit files matched by a glob into one run, then completes it", async () => {
    const s = await fakeServer();
    const dir = tmp();
    mkdirSync(path.join(dir, "reports/nested"), { recursive: true });
    writeFileSync(path.join(dir, "reports/a.xml"), `<testsuite><testcase name="a"/><testcase name="b"/></testsuite>`);
    writeFileSync(path.join(dir, "reports/nested/b.xml"), `<testsuite><testcase name="c"/></testsuite>`);
    writeFileSync(path.join(dir, "reports/notes.txt"), "not xml");
    expect((await expandGlob("reports/*.xml", dir)).map((f) => path.relative(dir, f))).toEqual(["reports/a.xml"]);
    expect((await expandGlob("reports/**/*.xml", dir)).map((f) => path.relative(dir, f))).toEqual(["reports/a.xml", "reports/nested/b.xml"]);
    const out: string[] = [];
    const io = { env: { QA_STUDIO_URL: s.url, QA_STUDIO_API_KEY: "qas_test", GIT_COMMIT: "9f8e7d6" }, out: (m: string) => out.push(m), err: (m: string) => out.push(m), cwd: dir };
    const args = ["--junit", "reports/**/*.xml", "--project", "DEMO", "--milestone", "v2.4.0", "--environment", "Staging", "--ci-build-id", "jenkins-9"];
    expect(await upload(args, io)).toBe(0);
    // The build under test comes from Jenkins' GIT_COMMIT; --build would take precedence.
    expect(s.posts(/test-runs$/)[0].json).toMatchObject({ milestone: "v2.4.0", environment: "Staging", ciBuildId: "jenkins-9", kind: "AUTOMATED", build: "9f8e7d6" });
    expect(s.posts(/junit$/).map((r) => [r.headers["content-type"], r.body.toString().length > 0])).toEqual([
      ["application/xml", true],
      ["application/xml", true],
    ]);
    expect(s.runs.get("run1")!.status).toBe("COMPLETED");
    expect(out.join("\n")).toMatch(/reports\/a\.xml: 2 results \(2 new/);

    // A file the server refuses leaves the run open for a corrected upload.
    s.script.push({ match: /junit$/, reply: { status: 400, body: { error: { code: "VALIDATION_FAILED", message: "Malformed XML at line 1, column 9", details: [] } } } });
    expect(await upload([...args.slice(0, -1), "jenkins-10"], io)).toBe(1);
    expect(s.runs.get("run2")!.status).toBe("IN_PROGRESS");
    expect(out.join("\n")).toMatch(/Malformed XML at line 1, column 9/);
    expect(await upload(["--junit", "reports/*.xml"], io)).toBe(2);
  });
});
