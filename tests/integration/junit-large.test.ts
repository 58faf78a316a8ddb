import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createRunSetup } from "../helpers/factories";
import { recount } from "../helpers/recount";

/*
 * A JUnit file of about 50 MB, written to disk as a stream and uploaded as a stream, must be
 * imported in bounded memory. JUNIT_LARGE_TESTS and JUNIT_LARGE_PAD (bytes of system-out per
 * testcase) change its shape for measurements, e.g. JUNIT_LARGE_TESTS=100000 JUNIT_LARGE_PAD=300.
 */
const TESTS = Number(process.env.JUNIT_LARGE_TESTS || 20_000);
const PAD = Number(process.env.JUNIT_LARGE_PAD || 1800);
/** One testcase's system-out alone; sax hands it over in pieces, so it never sits in memory whole. */
const HUGE_OUTPUT = 8 * 1024 * 1024;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

let dir: string | undefined;
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type Expected = { total: number; passed: number; failed: number; skipped: number; flaky: number; attempts: number };

/** Writes the report with backpressure, never holding more than one testcase's text. */
async function writeReport(file: string): Promise<Expected> {
  const out = fs.createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  const expected: Expected = { total: 0, passed: 0, failed: 0, skipped: 0, flaky: 0, attempts: 0 };
  const line = "INFO  request handled in 12 ms; cache=warm; user=&lt;anonymous&gt; &amp; retries=0\n";
  const log = line.repeat(Math.max(1, Math.round(PAD / line.length)));
  const stack = Array.from({ length: 40 }, (_, i) => `\tat com.example.shop.Service${i}.call(Service${i}.java:${100 + i})`).join("\n");
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="large">\n');
  const perSuite = 500;
  for (let s = 0; s * perSuite < TESTS; s++) {
    await write(`  <testsuite name="com.example.shop.Suite${s}" tests="${perSuite}">\n    <properties><property name="java.version" value="21"/></properties>\n`);
    for (let i = s * perSuite; i < Math.min(TESTS, (s + 1) * perSuite); i++) {
      expected.total++;
      let body: string;
      if (i % 10 === 3) {
        expected.failed++;
        expected.attempts++;
        body = `<failure message="expected &lt;${i}&gt; but was &lt;0&gt;" type="java.lang.AssertionError">java.lang.AssertionError: expected ${i}\n${stack}</failure>`;
      } else if (i % 25 === 7) {
        expected.skipped++;
        expected.attempts++;
        body = `<skipped message="disabled"/>`;
      } else if (i % 50 === 11) {
        expected.passed++;
        expected.flaky++;
        expected.attempts += 2;
        body = `<flakyFailure message="timeout" type="java.net.SocketTimeoutException" time="0.2"><stackTrace>java.net.SocketTimeoutException\n${stack}</stackTrace></flakyFailure>`;
      } else {
        expected.passed++;
        expected.attempts++;
        body = "";
      }
      await write(`    <testcase classname="com.example.shop.Suite${s}" name="test${i}" time="0.0${i % 10}">${body}<system-out><![CDATA[${log}]]></system-out></testcase>\n`);
      if (i === 42) {
        // One testcase with a huge output, written in pieces.
        expected.total++;
        expected.passed++;
        expected.attempts++;
        await write(`    <testcase classname="com.example.shop.Suite${s}" name="chatty"><system-out>`);
        for (let n = 0; n < HUGE_OUTPUT; n += log.length) await write(log);
        await write("[[ATTACHMENT|target/chatty.log]]</system-out></testcase>\n");
      }
    }
    await write("  </testsuite>\n");
  }
  await write("</testsuites>\n");
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return expected;
}

/** The file as a web stream, read on demand in 256 KB pieces, as a request body arrives. */
function fileStream(file: string): ReadableStream<Uint8Array> {
  let handle: fs.promises.FileHandle | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await fs.promises.open(file);
      const buf = new Uint8Array(256 * 1024);
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead) controller.enqueue(buf.subarray(0, bytesRead));
      else {
        controller.close();
        await handle.close();
      }
    },
    async cancel() {
      await handle?.close();
    },
  });
}

describe("JUnit import of a large file", () => {
  it("streams a ~50 MB report into one run with bounded memory and exact counts", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "qa-junit-large-"));
    const file = path.join(dir, "large.xml");
    const expected = await writeReport(file);
    const size = fs.statSync(file).size;

    const setup = await createRunSetup();
    const created = await setup.owner.api.post(`${setup.base}/test-runs`, {
      name: "Large",
      milestoneId: setup.milestone.id,
      environmentId: setup.environment.id,
      kind: "AUTOMATED",
    });
    const runUrl = `${setup.base}/test-runs/${created.body.id}`;

    gc();
    const baseline = process.memoryUsage().heapUsed;
    // Live heap, sampled after a collection: what the import holds, not garbage not yet collected.
    let peakLive = 0;
    let peakRaw = 0;
    const sampler = setInterval(() => {
      peakRaw = Math.max(peakRaw, process.memoryUsage().heapUsed - baseline);
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed - baseline);
    }, 250);
    const started = performance.now();
    const body = fileStream(file);
    let res;
    try {
      res = await call("POST", `${runUrl}/junit`, { key: setup.owner.key, rawBody: body, headers: { "content-type": "application/xml" } });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(
      `JUnit import: ${mb(size)} MB, ${expected.total} testcases, ${expected.attempts} attempts in ${seconds.toFixed(1)} s ` +
        `(${Math.round(expected.attempts / seconds)} results/s); heap growth: live peak ${mb(peakLive)} MB, raw peak ${mb(peakRaw)} MB`,
    );

    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body).toMatchObject({ received: expected.attempts, created: expected.attempts, duplicates: 0, errors: [], casesCreated: expected.total });
    expect(res.body.files).toEqual([{ name: null, tests: expected.total }]);
    const counts = (await setup.owner.api.get(runUrl)).body.counts;
    expect(counts).toEqual({ total: expected.total, passed: expected.passed, failed: expected.failed, blocked: 0, skipped: expected.skipped, retest: 0, untested: 0, flaky: expected.flaky });
    expect(counts).toEqual(await recount(created.body.id));

    if (!process.env.JUNIT_LARGE_TESTS) expect(size).toBeGreaterThan(45 * 1024 * 1024);
    // The file is never held: live heap stays far below its size (the response's per-result list
    // is what grows, about 150 bytes per result).
    expect(peakLive).toBeLessThan(Math.min(size / 3, 20 * 1024 * 1024 + expected.attempts * 400));
  }, 300_000);
});
