import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { createRunSetup } from "../helpers/factories";
import { recount } from "../helpers/recount";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");
const run = promisify(execFile);

// ---------------------------------------------------------------- reports written by real tools

/** Runs a test tool that exits non-zero because some tests fail on purpose; the report file is what counts. */
async function tool(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST|NODE_OPTIONS|DATABASE_URL)/.test(k))) as NodeJS.ProcessEnv;
  await run(path.join(BIN, cmd), args, { cwd, env: { ...clean, CI: "", FORCE_COLOR: "0", ...env }, timeout: 60_000 }).catch(() => undefined);
}

/** A scratch project whose specs can import the repo's packages. */
function scratch(name: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `qa-junit-${name}-`));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

const reports: Record<"playwright" | "playwrightPlain" | "vitest" | "mocha", string> = { playwright: "", playwrightPlain: "", vitest: "", mocha: "" };
const dirs: string[] = [];

beforeAll(async () => {
  // Playwright: plain test() bodies need no browser. Two junit reporters in one run: the default
  // output, and with includeRetries, which writes flakyFailure/rerunFailure like Surefire.
  const pw = scratch("playwright", {
    "pw.config.mjs": `export default {
      testDir: ".", testMatch: "*.spec.mjs", retries: 1, workers: 1, outputDir: "results",
      reporter: [["junit", { outputFile: "plain.xml" }], ["junit", { outputFile: "retries.xml", includeRetries: true }]],
    };`,
    "checkout.spec.mjs": `import fs from "node:fs";
      import { test, expect } from "@playwright/test";
      test.describe("checkout", () => {
        test("pays by card", async () => { expect(1 + 1).toBe(2); });
        test("pays by voucher", async () => { console.log("voucher log"); expect(1 + 1).toBe(3); });
        test("pays later", async () => { test.skip(true, "not offered yet"); });
        test("retries once", async ({}, info) => { expect(info.retry).toBe(1); });
        test("refunds @critical", { annotation: { type: "priority", description: "high" } }, async ({}, info) => {
          fs.writeFileSync(info.outputPath("receipt.txt"), "receipt");
          await info.attach("receipt", { path: info.outputPath("receipt.txt") });
        });
      });`,
  });
  // Vitest, with its own config so it does not pick up this repository's tests.
  const vt = scratch("vitest", {
    "vitest.config.mjs": `export default { test: { include: ["*.test.mjs"], retry: 1 } };`,
    "cart.test.mjs": `import { describe, it, expect } from "vitest";
      let calls = 0;
      describe("cart", () => {
        it("adds", () => { expect(1 + 1).toBe(2); });
        it("removes", () => { expect(1 + 1).toBe(3); });
        it.skip("merges", () => {});
        it("recovers", () => { calls++; expect(calls).toBe(2); });
        describe("totals", () => { it("rounds", () => {}); });
      });`,
  });
  // mocha with mocha-junit-reporter, a third writer.
  const mo = scratch("mocha", {
    "search.spec.cjs": `const assert = require("node:assert");
      describe("search", function () {
        it("finds", () => assert.strictEqual(1, 1));
        it("ranks", () => assert.strictEqual(1, 2));
        it.skip("suggests", () => {});
        describe("filters", () => { it("by price", () => {}); });
      });`,
  });
  dirs.push(pw, vt, mo);
  await Promise.all([
    tool("playwright", ["test", "-c", path.join(pw, "pw.config.mjs")], pw),
    tool("vitest", ["run", "--root", vt, "--config", path.join(vt, "vitest.config.mjs"), "--reporter=junit", `--outputFile=${path.join(vt, "junit.xml")}`], vt),
    tool("mocha", ["--no-config", "--reporter", "mocha-junit-reporter", "--reporter-options", `mochaFile=${path.join(mo, "junit.xml")},includePending=true`, "search.spec.cjs"], mo),
  ]);
  reports.playwright = fs.readFileSync(path.join(pw, "retries.xml"), "utf8");
  reports.playwrightPlain = fs.readFileSync(path.join(pw, "plain.xml"), "utf8");
  reports.vitest = fs.readFileSync(path.join(vt, "junit.xml"), "utf8");
  reports.mocha = fs.readFileSync(path.join(mo, "junit.xml"), "utf8");
}, 120_000);

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers

async function setupRun() {
  const setup = await createRunSetup();
  const res = await setup.owner.api.post(`${setup.base}/test-runs`, {
    name: "CI",
    milestoneId: setup.milestone.id,
    environmentId: setup.environment.id,
    kind: "AUTOMATED",
  });
  const runId = res.body.id as string;
  const runUrl = `${setup.base}/test-runs/${runId}`;
  return {
    ...setup,
    runId,
    runUrl,
    upload: (body: BodyInit, contentType?: string) =>
      call("POST", `${runUrl}/junit`, { key: setup.owner.key, rawBody: body, headers: contentType ? { "content-type": contentType } : {} }),
    counts: async () => (await setup.owner.api.get(runUrl)).body.counts,
    entries: async () => {
      const list = await setup.owner.api.get(`${runUrl}/results?limit=200`);
      return Object.fromEntries(list.body.data.map((e: { automationKey: string }) => [e.automationKey, e]));
    },
  };
}

function multipart(files: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, text] of Object.entries(files)) form.append("report", new Blob([text], { type: "application/xml" }), name);
  return form;
}

const attemptsOf = async (runId: string, testKey: string) =>
  rowsOf<{ attempt: number; status: string; duration_ms: number | null; error: { message?: string; stack?: string } | null; annotations: { type: string; description?: string }[] | null }>(
    await getDb().execute(sql`
      select r.attempt, r.status, r.duration_ms, r.error, r.annotations from results r
      join run_entries e on e.id = r.entry_id join test_cases c on c.id = e.case_id
      where r.run_id = ${runId} and c.automation_key = ${testKey} order by r.attempt`),
  );

const stored = async (projectId: string) =>
  rowsOf<{ cases: number; results: number }>(
    await getDb().execute(sql`
      select (select count(*)::int from test_cases where project_id = ${projectId}) as cases,
             (select count(*)::int from results where project_id = ${projectId}) as results`),
  )[0];

// ---------------------------------------------------------------- real tools

describe("JUnit import of reports written by real tools", () => {
  it("Playwright's junit reporter: attempts, flaky, skipped, priorities from annotations and @tags, attachments", async () => {
    const { upload, counts, entries, runId, owner, base } = await setupRun();
    const res = await upload(reports.playwright, "application/xml");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 5 tests; the failing one and the flaky one ran twice.
    expect(res.body).toMatchObject({ received: 7, created: 7, duplicates: 0, errors: [], casesCreated: 5, files: [{ name: null, tests: 5 }] });
    expect(res.body.results).toHaveLength(7);
    expect(await counts()).toEqual({ total: 5, passed: 3, failed: 1, blocked: 0, skipped: 1, retest: 0, untested: 0, flaky: 1 });
    expect(await counts()).toEqual(await recount(runId));

    const key = (title: string) => `checkout.spec.mjs.checkout › ${title}`;
    const byKey = await entries();
    expect(byKey[key("retries once")]).toMatchObject({ status: "PASSED", flaky: true, attempts: 2 });
    expect(byKey[key("pays by voucher")]).toMatchObject({ status: "FAILED", flaky: false, attempts: 2, title: "checkout › pays by voucher" });
    expect(byKey[key("pays by voucher")].error.message).toContain("expect(received).toBe(expected)");
    expect(byKey[key("pays later")]).toMatchObject({ status: "SKIPPED" });
    expect(byKey[key("refunds @critical")]).toMatchObject({ status: "PASSED", priority: "CRITICAL" });
    expect(byKey[key("pays by card")]).toMatchObject({ status: "PASSED", priority: "MEDIUM" });

    const refund = await attemptsOf(runId, key("refunds @critical"));
    expect(refund[0].annotations).toEqual(
      expect.arrayContaining([{ type: "priority", description: "high" }, { type: "attachment", description: expect.stringMatching(/attachments\/receipt-\w+\.txt$/) }]),
    );
    const voucher = await attemptsOf(runId, key("pays by voucher"));
    expect(voucher.map((a) => a.status)).toEqual(["FAILED", "FAILED"]);
    const skipped = await attemptsOf(runId, key("pays later"));
    expect(skipped[0].annotations).toContainEqual({ type: "skip", description: "not offered yet" });

    const audit = await owner.api.get(`${base}/audit-log?action=results.junit`);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({ entityType: "test_run", entityId: runId });
  });

  it("Playwright's default junit output (no retry elements): one attempt per test", async () => {
    const { upload, counts, runId } = await setupRun();
    const res = await upload(reports.playwrightPlain, "text/xml");
    expect(res.body).toMatchObject({ received: 5, created: 5, errors: [] });
    expect(await counts()).toMatchObject({ total: 5, passed: 3, failed: 1, skipped: 1, flaky: 0 });
    expect(await counts()).toEqual(await recount(runId));
  });

  it("Vitest's junit reporter: describe blocks in names, several failure elements of one test kept as one attempt", async () => {
    const { upload, counts, entries, runId } = await setupRun();
    const res = await upload(reports.vitest, "application/xml; charset=utf-8");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ received: 5, created: 5, errors: [], files: [{ name: null, tests: 5 }] });
    expect(await counts()).toEqual({ total: 5, passed: 3, failed: 1, blocked: 0, skipped: 1, retest: 0, untested: 0, flaky: 0 });
    expect(await counts()).toEqual(await recount(runId));
    const byKey = await entries();
    expect(Object.keys(byKey).sort()).toEqual(
      ["cart > adds", "cart > recovers", "cart > removes", "cart > merges", "cart > totals > rounds"].map((t) => `cart.test.mjs.${t}`).sort(),
    );
    const removes = byKey["cart.test.mjs.cart > removes"];
    expect(removes).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(removes.error.message).toBe("AssertionError: expected 2 to be 3 // Object.is equality");
    expect(removes.error.stack).toContain("cart.test.mjs:");
    expect(removes.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("mocha-junit-reporter: a third writer's shape (classname = title, flat suites)", async () => {
    const { upload, counts, entries, runId } = await setupRun();
    const res = await upload(reports.mocha, "application/xml");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ received: 4, created: 4, errors: [], files: [{ name: null, tests: 4 }] });
    expect(await counts()).toEqual({ total: 4, passed: 2, failed: 1, blocked: 0, skipped: 1, retest: 0, untested: 0, flaky: 0 });
    expect(await counts()).toEqual(await recount(runId));
    const ranks = (await entries())["ranks.search ranks"];
    expect(ranks).toMatchObject({ status: "FAILED" });
    expect(ranks.error.message).toMatch(/^AssertionError: Expected values to be strictly equal/);
  });

  it("multipart: several files in one request, items numbered across files; the same content again is all duplicates", async () => {
    const { upload, counts, runId, project } = await setupRun();
    const res = await upload(multipart({ "vitest.xml": reports.vitest, "mocha.xml": reports.mocha }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ received: 9, created: 9, casesCreated: 9, files: [{ name: "vitest.xml", tests: 5 }, { name: "mocha.xml", tests: 4 }] });
    expect(res.body.results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await counts()).toMatchObject({ total: 9, passed: 5, failed: 2, skipped: 2 });
    const before = await stored(project.id);

    // Idempotent whatever the file is called or how it is sent.
    const again = await upload(reports.mocha, "application/xml");
    expect(again.body).toMatchObject({ received: 4, created: 0, duplicates: 4, casesCreated: 0 });
    const renamed = await upload(multipart({ "other-name.xml": reports.vitest }));
    expect(renamed.body).toMatchObject({ received: 5, created: 0, duplicates: 5 });
    expect(renamed.body.results.every((r: { duplicate: boolean }) => r.duplicate)).toBe(true);
    expect(await stored(project.id)).toEqual(before);
    expect(await counts()).toEqual(await recount(runId));
  });
});

// ---------------------------------------------------------------- what real tools emit but these do not

const SUREFIRE = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.example.CheckoutTest" time="2.1" tests="5" errors="1" skipped="1" failures="1">
  <properties>
    <property name="java.version" value="21.0.2"/>
    <property name="user.dir" value="/builds/shop"/>
    <property name="priority" value="low"/>
  </properties>
  <testcase name="retriesThenPasses" classname="com.example.CheckoutTest" time="1.5">
    <flakyFailure message="Read timed out" type="java.net.SocketTimeoutException" time="0.5">
      <stackTrace><![CDATA[java.net.SocketTimeoutException: Read timed out
\tat com.example.CheckoutTest.retriesThenPasses(CheckoutTest.java:42)]]></stackTrace>
      <system-out><![CDATA[[[ATTACHMENT|target/screens/first-try.png]]]]></system-out>
    </flakyFailure>
    <flakyError message="pool exhausted" type="java.lang.IllegalStateException">
      <stackTrace>java.lang.IllegalStateException: pool exhausted</stackTrace>
    </flakyError>
  </testcase>
  <testcase name="alwaysFails" classname="com.example.CheckoutTest" time="0,25">
    <failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError">org.opentest4j.AssertionFailedError: expected: &lt;1&gt; but was: &lt;2&gt;
\tat com.example.CheckoutTest.alwaysFails(CheckoutTest.java:50)</failure>
    <rerunFailure message="expected: &lt;1&gt; but was: &lt;3&gt;" type="org.opentest4j.AssertionFailedError" time="0.3">
      <stackTrace>org.opentest4j.AssertionFailedError: expected: &lt;1&gt; but was: &lt;3&gt;</stackTrace>
    </rerunFailure>
    <rerunFailure message="expected: &lt;1&gt; but was: &lt;4&gt;" type="org.opentest4j.AssertionFailedError" time="0.35">
      <stackTrace>org.opentest4j.AssertionFailedError: expected: &lt;1&gt; but was: &lt;4&gt;</stackTrace>
    </rerunFailure>
  </testcase>
  <testcase name="withProperties" classname="com.example.CheckoutTest" time="0.010">
    <properties>
      <property name="priority" value="critical"/>
      <property name="tags" value="@smoke, payments"/>
      <property name="issue" value="SHOP-12"/>
      <property name="note">written
over two lines</property>
    </properties>
    <system-out><![CDATA[starting
[[ATTACHMENT|target/screens/with properties.png]]
done]]></system-out>
    <system-err>[[ATTACHMENT|not/an/attachment.png]]</system-err>
  </testcase>
  <testsuite name="Nested">
    <testsuite name="Deeper">
      <testcase name="has no classname" time="0.002"><error message="NPE" type="java.lang.NullPointerException"/></testcase>
    </testsuite>
  </testsuite>
  <testcase name="ignored" classname="com.example.CheckoutTest"><skipped message="@Disabled: flaky backend"/></testcase>
</testsuite>
`;

describe("JUnit import: Surefire retries, properties, attachments, a bare testsuite and nested suites", () => {
  it("turns flakyFailure/flakyError and rerunFailure into attempts, so flaky marking works", async () => {
    const { upload, counts, entries, runId } = await setupRun();
    const res = await upload(SUREFIRE, "application/xml");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 3 attempts + 3 attempts + 1 + 1 + 1
    expect(res.body).toMatchObject({ received: 9, created: 9, errors: [], casesCreated: 5, files: [{ name: null, tests: 5 }] });
    expect(await counts()).toEqual({ total: 5, passed: 2, failed: 2, blocked: 0, skipped: 1, retest: 0, untested: 0, flaky: 1 });
    expect(await counts()).toEqual(await recount(runId));

    const flaky = await attemptsOf(runId, "com.example.CheckoutTest.retriesThenPasses");
    expect(flaky.map((a) => [a.attempt, a.status, a.duration_ms])).toEqual([
      [0, "FAILED", 500],
      [1, "FAILED", null],
      [2, "PASSED", 1500],
    ]);
    expect(flaky[0].error).toEqual({
      message: "java.net.SocketTimeoutException: Read timed out",
      stack: "java.net.SocketTimeoutException: Read timed out\n\tat com.example.CheckoutTest.retriesThenPasses(CheckoutTest.java:42)",
    });
    expect(flaky[0].annotations).toContainEqual({ type: "attachment", description: "target/screens/first-try.png" });
    expect(flaky[1].error?.message).toBe("java.lang.IllegalStateException: pool exhausted");

    const reruns = await attemptsOf(runId, "com.example.CheckoutTest.alwaysFails");
    expect(reruns.map((a) => [a.attempt, a.status, a.duration_ms])).toEqual([
      [0, "FAILED", 250],
      [1, "FAILED", 300],
      [2, "FAILED", 350],
    ]);
    expect(reruns[0].error?.message).toBe("org.opentest4j.AssertionFailedError: expected: <1> but was: <2>");
    const byKey = await entries();
    expect(byKey["com.example.CheckoutTest.retriesThenPasses"]).toMatchObject({ status: "PASSED", flaky: true, attempts: 3, priority: "LOW" });
    expect(byKey["com.example.CheckoutTest.alwaysFails"]).toMatchObject({ status: "FAILED", flaky: false, attempts: 3 });
    expect(byKey["com.example.CheckoutTest.alwaysFails"].error.message).toContain("was: <4>");
    expect(byKey["com.example.CheckoutTest.ignored"]).toMatchObject({ status: "SKIPPED" });
  });

  it("maps priority and tags properties, keeps a case's other properties and its attachments as annotations, not the suite's JVM properties", async () => {
    const { upload, entries, runId, project } = await setupRun();
    await upload(SUREFIRE, "application/xml");
    const withProps = (await entries())["com.example.CheckoutTest.withProperties"];
    expect(withProps).toMatchObject({ status: "PASSED", priority: "CRITICAL", durationMs: 10 });
    const [attempt] = await attemptsOf(runId, "com.example.CheckoutTest.withProperties");
    expect(attempt.annotations).toEqual([
      { type: "priority", description: "critical" },
      { type: "issue", description: "SHOP-12" },
      { type: "note", description: "written\nover two lines" },
      { type: "attachment", description: "target/screens/with properties.png" },
    ]);
    const [skipped] = await attemptsOf(runId, "com.example.CheckoutTest.ignored");
    expect(skipped.annotations).toEqual([{ type: "priority", description: "low" }, { type: "skip", description: "@Disabled: flaky backend" }]);
    const [tags] = rowsOf<{ tags: string[] }>(
      await getDb().execute(sql`select tags from test_cases where project_id = ${project.id} and automation_key = 'com.example.CheckoutTest.withProperties'`),
    );
    expect(tags.tags).toEqual(["@smoke", "payments"]);
  });

  it("a testcase without classname is keyed by its suite path; nested suites become the case's suite tree", async () => {
    const { upload, entries, project } = await setupRun();
    await upload(SUREFIRE, "application/xml");
    const key = "com.example.CheckoutTest › Nested › Deeper › has no classname";
    expect((await entries())[key]).toMatchObject({ status: "FAILED", title: "has no classname", error: { message: "java.lang.NullPointerException: NPE" } });
    const [row] = rowsOf<{ path: string }>(
      await getDb().execute(sql`
        with recursive up as (
          select s.id, s.parent_id, s.name::text as path from suites s
          join test_cases c on c.suite_id = s.id where c.project_id = ${project.id} and c.automation_key = ${key}
          union all
          select p.id, p.parent_id, p.name || ' / ' || up.path from suites p join up on p.id = up.parent_id
        )
        select path from up where parent_id is null`),
    );
    expect(row.path).toBe("com.example.CheckoutTest / Nested / Deeper");
  });
});

describe("JUnit import: long texts", () => {
  it("accepts a message attribute over 64 KiB (mocha-junit-reporter writes whole diffs there) and caps what it stores", async () => {
    const { upload, entries } = await setupRun();
    const diff = "- expected\n+ actual\n".repeat(5000);
    const xml = `<testsuites><testsuite name="diffs"><testcase classname="Diff" name="big"><failure message="${diff}" type="AssertionError">${"at x\n".repeat(30_000)}</failure></testcase></testsuite></testsuites>`;
    const res = await upload(xml, "application/xml");
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const { error } = (await entries())["Diff.big"];
    expect(error.message.length).toBe(20_000);
    expect(error.stack.length).toBeLessThanOrEqual(50_000);
  });
});

// ---------------------------------------------------------------- refusals

describe("JUnit import refusals", () => {
  /** Over two chunks of valid testcases, then one bad close tag on a known line. */
  function brokenReport(): { xml: string; line: number; column: number } {
    const lines = ["<testsuites>", '  <testsuite name="big">'];
    for (let i = 0; i < 2500; i++) lines.push(`    <testcase classname="Big" name="t${i}" time="0.001"/>`);
    lines.push('    <testcase classname="Big" name="broken"></testsuite>');
    const line = lines.length;
    const column = lines[line - 1].length;
    lines.push("</testsuites>");
    return { xml: lines.join("\n"), line, column };
  }

  it("malformed XML anywhere: 400 naming the line and column, and nothing written, not even the chunks stored before it", async () => {
    const { upload, counts, project, owner, base } = await setupRun();
    const before = await stored(project.id);
    const { xml, line, column } = brokenReport();
    const res = await upload(xml, "application/xml");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([{ field: "xml", message: `Unexpected close tag at line ${line}, column ${column}` }]);
    expect(await stored(project.id)).toEqual(before);
    expect(await counts()).toMatchObject({ total: 0 });
    expect((await owner.api.get(`${base}/audit-log?action=results.junit`)).body.data).toEqual([]);
  });

  it("a malformed second file of a multipart upload is named, and the first file is not stored either", async () => {
    const { upload, project } = await setupRun();
    const before = await stored(project.id);
    const res = await upload(multipart({ "good.xml": SUREFIRE, "bad.xml": "<testsuite name='x'>\n<testcase name='y'>\n</testsuite>" }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: "xml", message: "bad.xml: Unexpected close tag at line 3, column 12" }]);
    expect(await stored(project.id)).toEqual(before);
  });

  it("answers 400 for an empty body, a document that is not JUnit, and a truncated one", async () => {
    const { upload } = await setupRun();
    const empty = await upload("", "application/xml");
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toMatchObject({ field: "xml", message: expect.stringMatching(/empty/) });
    const html = await upload("<html><body/></html>", "application/xml");
    expect(html.body.error.details[0].message).toBe("The root element must be <testsuites> or <testsuite>, not <html> at line 1, column 6");
    const truncated = await upload('<testsuites><testsuite name="a"><testcase name="b"/>', "application/xml");
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.details[0].message).toMatch(/^Unclosed root tag at line 1, column \d+$/);
    const cut = ["--b1", 'Content-Disposition: form-data; name="f"; filename="a.xml"', "Content-Type: application/xml", "", SUREFIRE].join("\r\n");
    const truncatedForm = await upload(cut, "multipart/form-data; boundary=b1");
    expect(truncatedForm.status).toBe(400);
    expect(truncatedForm.body.error.details[0]).toEqual({ field: "body", message: "The multipart body is malformed: Unexpected end of form" });
    expect((await upload(SUREFIRE, "multipart/form-data")).body.error.details[0].field).toBe("body");
    const noFiles = new FormData();
    noFiles.append("note", "just a field");
    const fieldsOnly = await upload(noFiles);
    expect(fieldsOnly.status).toBe(400);
    expect(fieldsOnly.body.error.details[0].field).toBe("files");
  });

  it("answers 415 for another content type, 413 over the size limit, 409 for a completed run, 403 for a viewer", async () => {
    const { upload, runUrl, counts, owner, base, project } = await setupRun();
    expect((await upload(SUREFIRE, "application/json")).status).toBe(415);
    expect((await upload(SUREFIRE, "text/plain")).status).toBe(415);
    const noType = await call("POST", `${runUrl}/junit`, { key: owner.key, rawBody: new Blob([SUREFIRE]) });
    expect(noType.status).toBe(415);

    const saved = process.env.QA_STUDIO_JUNIT_MAX_MB;
    process.env.QA_STUDIO_JUNIT_MAX_MB = "0.001"; // about 1 KB
    try {
      // Streamed without Content-Length: the limit is counted while reading.
      const stream = new Blob([SUREFIRE]).stream();
      const big = await upload(stream, "application/xml");
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe("PAYLOAD_TOO_LARGE");
      const declared = await call("POST", `${runUrl}/junit`, { key: owner.key, rawBody: SUREFIRE, headers: { "content-type": "application/xml", "content-length": "5000" } });
      expect(declared.status).toBe(413);
      const form = await upload(multipart({ "a.xml": SUREFIRE }));
      expect(form.status).toBe(413);
    } finally {
      if (saved === undefined) delete process.env.QA_STUDIO_JUNIT_MAX_MB;
      else process.env.QA_STUDIO_JUNIT_MAX_MB = saved;
    }
    expect(await counts()).toMatchObject({ total: 0 });

    const { createUser, addMember } = await import("../helpers/factories");
    const viewer = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    const refused = await call("POST", `${runUrl}/junit`, { key: viewer.key, rawBody: SUREFIRE, headers: { "content-type": "application/xml" } });
    expect(refused.status).toBe(403);

    await owner.api.post(`${runUrl}/complete`);
    expect((await upload(SUREFIRE, "application/xml")).status).toBe(409);
    expect(base).toBeTruthy();
  });
});
