import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectBuild, detectCi, resolveBuild } from "@/lib/reporter/ci.mjs";
import { backoffDelay, parseRetryAfter } from "@/lib/reporter/client.mjs";
import { resolveOptions } from "@/lib/reporter/index.mjs";
import { attachmentFileName, attachmentsToUpload, idempotencyKeyOf, testKeyOf, toApiResult } from "@/lib/reporter/playwright-result.mjs";

const rootDir = path.resolve("/repo/e2e");

/** Playwright-shaped test: root › project › file › describes › test. */
function fakeTest(file: string, describes: string[], title: string, extra: Record<string, unknown> = {}, project = "chromium") {
  let parent: any = { type: "root", title: "" };
  parent = { type: "project", title: project, parent };
  parent = { type: "file", title: file, parent };
  for (const d of describes) parent = { type: "describe", title: d, parent };
  return { title, parent, location: { file: path.join(rootDir, file), line: 3, column: 5 }, tags: [], annotations: [], expectedStatus: "passed", repeatEachIndex: 0, ...extra };
}

describe("ciBuildId detection", () => {
  it("takes the build id of each CI, shared by all its parallel jobs", () => {
    expect(detectCi({ GITHUB_RUN_ID: "812", GITHUB_RUN_ATTEMPT: "2", GITHUB_RUN_NUMBER: "41", GITHUB_WORKFLOW: "E2E", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/shop" })).toEqual({
      provider: "GitHub Actions",
      buildId: "github-812-2",
      label: "E2E #41 (attempt 2)",
      url: "https://github.com/acme/shop/actions/runs/812/attempts/2",
    });
    expect(detectCi({ GITHUB_RUN_ID: "812" })?.buildId).toBe("github-812-1");
    expect(detectCi({ CI_PIPELINE_ID: "5501", CI_PIPELINE_IID: "77" })).toMatchObject({ buildId: "gitlab-5501", label: "GitLab pipeline #77" });
    expect(detectCi({ CIRCLE_WORKFLOW_ID: "5e3c7b0a-1111" })?.buildId).toBe("circleci-5e3c7b0a-1111");
    expect(detectCi({ BUILD_TAG: "jenkins-shop-e2e-93", BUILD_URL: "https://ci/job/93/" })).toMatchObject({ buildId: "jenkins-shop-e2e-93", url: "https://ci/job/93/" });
    expect(detectCi({ BUILDKITE_BUILD_ID: "0190-ab", BUILDKITE_BUILD_NUMBER: "12" })).toMatchObject({ buildId: "buildkite-0190-ab", label: "Buildkite #12" });
    expect(detectCi({ CI: "true", HOME: "/root" })).toBeNull();
  });

  it("prefers an explicit id, and generates a new one per invocation outside CI", () => {
    expect(resolveBuild({ GITHUB_RUN_ID: "1" }, "nightly-7", "Playwright").ciBuildId).toBe("nightly-7");
    const a = resolveBuild({}, undefined, "Playwright");
    const b = resolveBuild({}, "  ", "Playwright");
    expect(a.ciBuildId).toMatch(/^local-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(a.ciBuildId).not.toBe(b.ciBuildId);
    expect(a.runName).toMatch(/^Playwright · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(resolveBuild({ GITHUB_RUN_ID: "9", GITHUB_RUN_NUMBER: "3", GITHUB_WORKFLOW: "CI" }, undefined, "JUnit").runName).toBe("JUnit · CI #3");
  });

  it("reads reporter options from the environment unless given", () => {
    const env = { QA_STUDIO_URL: "https://qa.example.com/", QA_STUDIO_API_KEY: "qas_k", QA_STUDIO_PROJECT: "ECOM", CI_PIPELINE_ID: "44" };
    const o = resolveOptions({ milestone: "v2.4.0", environment: "Staging" }, env);
    expect(o).toMatchObject({ url: "https://qa.example.com", apiKey: "qas_k", project: "ECOM", milestone: "v2.4.0", ciBuildId: "gitlab-44", failOnError: false });
    expect(o.spoolDir).toBe(path.resolve("qa-studio-spool"));
    expect(resolveOptions({ project: "OPS", ciBuildId: "mine" }, env)).toMatchObject({ project: "OPS", ciBuildId: "mine" });
  });
});

describe("build detection", () => {
  it("reads the commit of each CI, QA_STUDIO_BUILD before them and an explicit value before all", () => {
    expect(detectBuild({ GITHUB_SHA: "a1b2c3d4" })).toBe("a1b2c3d4");
    expect(detectBuild({ CI_COMMIT_SHA: "c1" })).toBe("c1");
    expect(detectBuild({ CIRCLE_SHA1: "c2" })).toBe("c2");
    expect(detectBuild({ GIT_COMMIT: "c3" })).toBe("c3");
    expect(detectBuild({ BUILDKITE_COMMIT: "c4" })).toBe("c4");
    expect(detectBuild({ GITHUB_SHA: "sha", QA_STUDIO_BUILD: "v2.4.0-rc2" })).toBe("v2.4.0-rc2");
    expect(detectBuild({ GITHUB_SHA: "sha", QA_STUDIO_BUILD: "v2" }, " 412 ")).toBe("412");
    expect(detectBuild({ GITHUB_SHA: "  ", CI: "true" })).toBeUndefined();
    expect(detectBuild({ QA_STUDIO_BUILD: "x".repeat(300) })).toHaveLength(200);
    expect(resolveOptions({ project: "OPS" }, { GITHUB_SHA: "e4f5a6b" }).build).toBe("e4f5a6b");
    expect(resolveOptions({ project: "OPS", build: "mine" }, { GITHUB_SHA: "e4f5a6b" }).build).toBe("mine");
  });
});

describe("retry timing", () => {
  it("backs off exponentially with jitter, up to a ceiling", () => {
    const low = (n: number) => backoffDelay(n, { baseDelayMs: 500, maxDelayMs: 8000, random: () => 0 });
    const high = (n: number) => backoffDelay(n, { baseDelayMs: 500, maxDelayMs: 8000, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5].map(low)).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect([0, 1, 2, 3, 4, 5].map(high)).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-05-28T10:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 28 May 2026 10:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 28 May 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("Playwright tests as results", () => {
  it("keys a test by file relative to rootDir › describes › title, stable across attempts", () => {
    const test = fakeTest("checkout/pay.spec.ts", ["Payments", "cards"], "pays with Visa");
    expect(testKeyOf(test, { rootDir })).toBe("checkout/pay.spec.ts › Payments › cards › pays with Visa");
    expect(testKeyOf(test, { rootDir, includeProject: true })).toBe("chromium › checkout/pay.spec.ts › Payments › cards › pays with Visa");
    expect(testKeyOf(fakeTest("smoke.spec.ts", [], "loads"), { rootDir })).toBe("smoke.spec.ts › loads");
    const long = testKeyOf(fakeTest("a.spec.ts", [], "x".repeat(2000)), { rootDir });
    expect(long).toHaveLength(1000);
    expect(long).not.toBe(testKeyOf(fakeTest("a.spec.ts", [], `${"x".repeat(1999)}y`), { rootDir }));
  });

  it("maps one attempt with its attempt number, expectation, tags, annotations, error and steps", () => {
    const test = fakeTest("checkout/pay.spec.ts", ["Payments"], "refunds", {
      tags: ["@critical", "@payments"],
      annotations: [{ type: "issue", description: "SHOP-12" }],
      expectedStatus: "failed",
      repeatEachIndex: 0,
    });
    const result = {
      status: "failed",
      retry: 1,
      duration: 1234.6,
      startTime: new Date("2026-05-28T10:00:00Z"),
      annotations: [{ type: "issue", description: "SHOP-12" }, { type: "fail" }],
      errors: [{ message: "\u001b[31mExpected: 200\u001b[39m", stack: "Error: boom\n    at pay.spec.ts:9", location: { file: path.join(rootDir, "checkout/pay.spec.ts"), line: 9, column: 7 } }],
      steps: [
        { title: "Before Hooks", category: "hook", duration: 3 },
        { title: "open cart", category: "test.step", duration: 10.4 },
        { title: "expect(status).toBe(200)", category: "expect", duration: 1, error: { message: "Expected: 200" } },
      ],
      attachments: [],
    };
    const item = toApiResult(test, result, { rootDir });
    expect(item).toEqual({
      testKey: "checkout/pay.spec.ts › Payments › refunds",
      title: "refunds",
      suitePath: ["checkout/pay.spec.ts", "Payments"],
      status: "failed",
      expectedStatus: "failed",
      attempt: 1,
      durationMs: 1235,
      startedAt: "2026-05-28T10:00:00.000Z",
      tags: ["@critical", "@payments"],
      annotations: [{ type: "issue", description: "SHOP-12" }, { type: "fail" }],
      error: { message: "Expected: 200", stack: "Error: boom\n    at pay.spec.ts:9", location: "checkout/pay.spec.ts:9:7" },
      steps: [
        { title: "open cart", status: "passed", durationMs: 10 },
        { title: "expect(status).toBe(200)", status: "failed", durationMs: 1, error: "Expected: 200" },
      ],
      idempotencyKey: idempotencyKeyOf("checkout/pay.spec.ts › Payments › refunds", 0, 1),
    });
    expect(item.idempotencyKey).not.toBe(idempotencyKeyOf(item.testKey, 0, 0));
    expect(item.idempotencyKey).not.toBe(idempotencyKeyOf(item.testKey, 1, 1));
    expect(item.idempotencyKey.length).toBeLessThanOrEqual(200);
  });

  it("uploads the files of unexpected attempts and of retries only", () => {
    const test = fakeTest("a.spec.ts", [], "t");
    const files = [
      { name: "screenshot", contentType: "image/png", path: "/tmp/out/test-failed-1.png" },
      { name: "console", contentType: "text/plain", body: Buffer.from("log") },
      { name: "link", contentType: "text/uri-list" },
    ];
    expect(attachmentsToUpload(test, { status: "failed", retry: 0, attachments: files }).map((a) => a.name)).toEqual(["screenshot.png", "console.txt"]);
    expect(attachmentsToUpload(test, { status: "passed", retry: 0, attachments: files })).toEqual([]);
    expect(attachmentsToUpload(test, { status: "passed", retry: 1, attachments: files })).toHaveLength(2);
    expect(attachmentsToUpload({ ...test, expectedStatus: "failed" }, { status: "failed", retry: 0, attachments: files })).toEqual([]);
    expect(attachmentFileName({ name: "trace", contentType: "application/zip", path: "/x/trace-3f9a.zip" })).toBe("trace.zip");
    expect(attachmentFileName({ name: "error-context", contentType: "text/markdown", path: "/x/error-context.md" })).toBe("error-context.md");
    expect(attachmentFileName({ name: "data.json", contentType: "application/json" })).toBe("data.json");
    expect(attachmentFileName({ name: "a/b", contentType: "image/png" })).toBe("a_b.png");
  });
});
