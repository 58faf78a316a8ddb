// Turns Playwright's TestCase/TestResult into the results API's item. Only plain properties and
// `parent` links are read, so tests can pass look-alike objects.
import { createHash } from "node:crypto";
import path from "node:path";

const SEPARATOR = " › ";

// Limits of the results API (lib/results/schemas.ts): longer values are cut, not rejected.
const LIMITS = {
  testKey: 1000,
  title: 1000,
  suiteName: 200,
  suiteDepth: 20,
  message: 20_000,
  stack: 50_000,
  location: 1000,
  steps: 500,
  stepTitle: 1000,
  stepError: 5000,
  tags: 50,
  tag: 100,
  annotations: 50,
  annotationType: 100,
  annotationDescription: 2000,
};

// Steps worth showing on a result; hooks, fixtures and attach steps are Playwright's plumbing.
const STEP_CATEGORIES = new Set(["test.step", "expect", "pw:api"]);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

const clip = (s, max) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const clean = (s) => String(s ?? "").replace(ANSI, "");
const posix = (p) => p.split(path.sep).join("/");

/**
 * The test's file (relative to rootDir, with forward slashes), describe titles and title. Playwright's
 * titlePath() starts with the root and project suites; the file suite's own title is relative to
 * the project's testDir, so the location is used instead to be relative to rootDir everywhere.
 * @param {any} test  TestCase
 * @param {string} rootDir
 */
export function testPathOf(test, rootDir) {
  const describes = [];
  let projectName = "";
  for (let s = test.parent; s; s = s.parent) {
    if (s.type === "describe") describes.unshift(s.title);
    if (s.type === "project") projectName = s.title;
  }
  const file = test.location?.file ? posix(path.relative(rootDir, test.location.file)) : "";
  return { projectName, file, describes, title: test.title };
}

/**
 * `file › describe › title`. With several projects in the config the project name leads, because
 * the same test in chromium and firefox is two things to track.
 * @param {any} test
 * @param {{ rootDir: string, includeProject?: boolean }} opts
 */
export function testKeyOf(test, { rootDir, includeProject = false }) {
  const p = testPathOf(test, rootDir);
  const parts = [...(includeProject && p.projectName ? [p.projectName] : []), p.file, ...p.describes, p.title].filter((x) => x !== "");
  const key = parts.join(SEPARATOR);
  if (key.length <= LIMITS.testKey) return key;
  // Cut keys stay unique and stable: the tail is a hash of the whole key.
  return `${key.slice(0, LIMITS.testKey - 18)}… ${sha(key).slice(0, 16)}`;
}

/** Suites for the case tree: [project?], file, describes. */
export function suitePathOf(test, { rootDir, includeProject = false }) {
  const p = testPathOf(test, rootDir);
  const parts = [...(includeProject && p.projectName ? [p.projectName] : []), p.file, ...p.describes].filter((x) => x.trim() !== "");
  return parts.slice(0, LIMITS.suiteDepth).map((s) => clip(s.trim(), LIMITS.suiteName));
}

/** Stable across retries of an upload and across replays of a spool; distinct per repetition and attempt. */
export function idempotencyKeyOf(testKey, repeatEachIndex, retry) {
  return `pw:${sha(`${testKey}\u0000${repeatEachIndex ?? 0}\u0000${retry ?? 0}`).slice(0, 40)}`;
}

function sha(s) {
  return createHash("sha256").update(s).digest("hex");
}

function location(loc, rootDir) {
  if (!loc?.file) return undefined;
  return clip(`${posix(path.relative(rootDir, loc.file))}:${loc.line}:${loc.column}`, LIMITS.location);
}

function errorOf(result, rootDir) {
  const errors = result.errors?.length ? result.errors : result.error ? [result.error] : [];
  if (!errors.length) return undefined;
  const first = errors[0];
  const messages = errors.map((e) => clean(e.message ?? e.value ?? "").trim()).filter(Boolean);
  const out = {};
  if (messages.length) out.message = clip(messages.join("\n\n"), LIMITS.message);
  if (first.stack) out.stack = clip(clean(first.stack), LIMITS.stack);
  const loc = location(first.location, rootDir);
  if (loc) out.location = loc;
  return out;
}

function stepsOf(result) {
  const steps = (result.steps ?? []).filter((s) => STEP_CATEGORIES.has(s.category)).slice(0, LIMITS.steps);
  if (!steps.length) return undefined;
  return steps.map((s) => {
    const step = { title: clip(clean(s.title) || "(step)", LIMITS.stepTitle), status: s.error ? "failed" : "passed", durationMs: Math.max(0, Math.round(s.duration ?? 0)) };
    if (s.error) step.error = clip(clean(s.error.message ?? s.error.value ?? "failed"), LIMITS.stepError);
    return step;
  });
}

function annotationsOf(test, result) {
  const seen = new Set();
  const out = [];
  for (const a of [...(test.annotations ?? []), ...(result.annotations ?? [])]) {
    const type = clip(String(a.type ?? "").trim(), LIMITS.annotationType);
    if (!type) continue;
    const description = a.description == null ? undefined : clip(String(a.description), LIMITS.annotationDescription);
    const key = `${type}\u0000${description ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(description === undefined ? { type } : { type, description });
  }
  return out.slice(0, LIMITS.annotations);
}

/**
 * One attempt as a results API item.
 * @param {any} test    TestCase
 * @param {any} result  TestResult
 * @param {{ rootDir: string, includeProject?: boolean }} opts
 */
export function toApiResult(test, result, opts) {
  const testKey = testKeyOf(test, opts);
  const item = {
    testKey,
    title: clip(String(test.title || "(untitled)").trim() || "(untitled)", LIMITS.title),
    suitePath: suitePathOf(test, opts),
    status: result.status,
    expectedStatus: test.expectedStatus,
    attempt: result.retry ?? 0,
    durationMs: Math.max(0, Math.round(result.duration ?? 0)),
    tags: [...new Set((test.tags ?? []).map((t) => clip(String(t).trim(), LIMITS.tag)).filter(Boolean))].slice(0, LIMITS.tags),
    annotations: annotationsOf(test, result),
    idempotencyKey: idempotencyKeyOf(testKey, test.repeatEachIndex, result.retry),
  };
  if (result.startTime instanceof Date && !Number.isNaN(result.startTime.getTime())) item.startedAt = result.startTime.toISOString();
  const error = errorOf(result, opts.rootDir);
  if (error) item.error = error;
  const steps = stepsOf(result);
  if (steps) item.steps = steps;
  return item;
}

/**
 * Files worth keeping with a result (screenshots, traces, videos, testInfo.attach): those of an
 * attempt that did not go as expected, and of retries (the passing attempt of a flaky test).
 * @param {any} test
 * @param {any} result
 * @returns {{ name: string, contentType: string, path?: string, body?: Buffer }[]}
 */
export function attachmentsToUpload(test, result) {
  const unexpected = result.status !== test.expectedStatus && result.status !== "skipped";
  if (!unexpected && !(result.retry > 0)) return [];
  return (result.attachments ?? [])
    .filter((a) => a.path || a.body)
    .map((a) => ({ name: attachmentFileName(a), contentType: a.contentType || "application/octet-stream", path: a.path, body: a.body }));
}

const EXTENSIONS = { "text/plain": ".txt", "application/json": ".json", "image/png": ".png", "image/jpeg": ".jpg", "text/html": ".html", "application/zip": ".zip", "video/webm": ".webm" };

/** The name the file is stored under: the attachment's name, with the extension of its file or its type. */
export function attachmentFileName(a) {
  const name = String(a.name || (a.path ? path.basename(a.path, path.extname(a.path)) : "") || "attachment").replace(/[\\/]/g, "_");
  if (path.extname(name)) return name;
  const ext = a.path ? path.extname(a.path) : EXTENSIONS[String(a.contentType ?? "").split(";")[0].trim()];
  return ext ? `${name}${ext}` : name;
}
