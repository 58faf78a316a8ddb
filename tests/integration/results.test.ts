import { describe, expect, it } from "vitest";
import { createCiRunSetup, createRunSetup } from "../helpers/factories";
import { recount } from "../helpers/recount";
import { DEFAULT_INGEST_CONCURRENCY, ingestSlots } from "@/lib/results/ingest-slots";

const spec = "checkout/pay.spec.ts";
const key = (title: string) => `${spec} › Payments › ${title}`;
const result = (title: string, status: string, extra: Record<string, unknown> = {}) => ({
  testKey: key(title),
  title,
  suitePath: ["checkout", "Payments"],
  status,
  durationMs: 120,
  ...extra,
});

const setupRun = createCiRunSetup;

describe("results API", () => {
  it("stores a batch, creates automated cases in suites, and keeps counters equal to a recount", async () => {
    const { owner, url, base, run } = await setupRun();
    const res = await owner.api.post(url, {
      results: [
        result("pays with card", "passed", { tags: ["@critical"] }),
        result("pays with PayPal", "failed", { error: { message: "boom", stack: "at x", location: "pay.spec.ts:10" } }),
        result("pays with voucher", "skipped"),
        result("times out", "timedOut"),
        result("is interrupted", "interrupted", { annotations: [{ type: "priority", description: "high" }] }),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 5, created: 5, duplicates: 0, errors: [], casesCreated: 5, run: { status: "IN_PROGRESS" } });
    const got = await owner.api.get(`${base}/test-runs/${run.id}`);
    expect(got.body.counts).toEqual({ total: 5, passed: 1, failed: 2, blocked: 0, skipped: 2, retest: 0, untested: 0, flaky: 0 });
    expect(got.body.counts).toEqual(await recount(run.id));

    const list = await owner.api.get(`${url}?limit=50`);
    const byTitle = Object.fromEntries(list.body.data.map((e: { title: string }) => [e.title, e]));
    expect(byTitle["pays with card"]).toMatchObject({ status: "PASSED", priority: "CRITICAL", automationKey: key("pays with card"), attempts: 1 });
    expect(byTitle["is interrupted"]).toMatchObject({ status: "SKIPPED", priority: "HIGH" });
    expect(byTitle["pays with PayPal"].error).toEqual({ message: "boom", stack: "at x", location: "pay.spec.ts:10" });
    expect(byTitle["times out"].status).toBe("FAILED");
    expect(byTitle["pays with card"].caseKey).toMatch(/^P[0-9A-F]+-\d+$/);
  });

  it("is idempotent: the same batch twice changes nothing the second time", async () => {
    const { owner, url, run, base } = await setupRun();
    const batch = { results: [result("a", "passed"), result("b", "failed", { idempotencyKey: "client-key-b" })] };
    const firstPost = await owner.api.post(url, batch);
    expect(firstPost.body).toMatchObject({ created: 2, duplicates: 0 });
    const firstIds = firstPost.body.results.map((r: { resultId: string }) => r.resultId);
    expect(new Set(firstIds).size).toBe(2);
    const first = (await owner.api.get(url)).body.data;
    expect(first).toHaveLength(2);
    const again = await owner.api.post(url, batch);
    expect(again.body).toMatchObject({ created: 0, duplicates: 2, casesCreated: 0 });
    expect(again.body.results.map((r: { index: number; duplicate: boolean }) => [r.index, r.duplicate])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(again.body.results.map((r: { resultId: string }) => r.resultId)).toEqual(firstIds);
    const got = await owner.api.get(`${base}/test-runs/${run.id}`);
    expect(got.body.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(got.body.counts).toEqual(await recount(run.id));
  });

  it("keeps a new entry untested when its only attempt reuses an idempotency key already stored", async () => {
    const { owner, url, run, base } = await setupRun();
    await owner.api.post(url, { results: [result("first", "failed", { idempotencyKey: "reused" })] });
    const res = await owner.api.post(url, { results: [result("second", "passed", { idempotencyKey: "reused" })] });
    expect(res.body).toMatchObject({ created: 0, duplicates: 1 });
    const got = await owner.api.get(`${base}/test-runs/${run.id}`);
    expect(got.body.counts).toEqual(await recount(run.id));
    expect(got.body.counts).toMatchObject({ total: 2, failed: 1, untested: 1, passed: 0 });
  });

  it("marks an entry flaky when a later attempt passes after a failed one, and binds later results to the same case", async () => {
    const { owner, url, run, base } = await setupRun();
    await owner.api.post(url, { results: [result("flaky one", "failed", { attempt: 0 }), result("steady", "failed", { attempt: 0 })] });
    const second = await owner.api.post(url, { results: [result("flaky one", "passed", { attempt: 1 }), result("steady", "failed", { attempt: 1 })] });
    expect(second.body.casesCreated).toBe(0);
    const got = await owner.api.get(`${base}/test-runs/${run.id}`);
    expect(got.body.counts).toEqual({ total: 2, passed: 1, failed: 1, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 1 });
    expect(got.body.counts).toEqual(await recount(run.id));
    const flaky = await owner.api.get(`${url}?flaky=true`);
    expect(flaky.body.data.map((e: { title: string; attempts: number }) => [e.title, e.attempts])).toEqual([["flaky one", 2]]);
  });

  it("counts an expected failure (test.fail) as passed and an unexpected pass as failed", async () => {
    const { owner, url } = await setupRun();
    await owner.api.post(url, {
      results: [result("known bug", "failed", { expectedStatus: "failed" }), result("fixed bug", "passed", { expectedStatus: "failed" })],
    });
    const list = await owner.api.get(url);
    expect(list.body.data.map((e: { title: string; status: string }) => [e.title, e.status]).sort()).toEqual([
      ["fixed bug", "FAILED"],
      ["known bug", "PASSED"],
    ]);
  });

  it("reports invalid items by index and stores the valid ones", async () => {
    const { owner, url, base, project } = await setupRun();
    const res = await owner.api.post(url, {
      results: [result("ok", "passed"), { title: "no key", status: "passed" }, result("bad status", "exploded"), result("bad case", "passed", { caseKey: `${project.key}-999` })],
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [1, "testKey"],
      [2, "status"],
      [3, "caseKey"],
    ]);
    const suites = await owner.api.get(`${url}`);
    expect(suites.body.data).toHaveLength(1);
    expect((await owner.api.get(`${base}`)).status).toBe(200);
  });

  it("binds a result to an existing case by caseKey", async () => {
    const { owner, url, project, base, run } = await setupRun();
    await owner.api.post(url, { results: [result("first", "passed")] });
    const [entry] = (await owner.api.get(url)).body.data;
    const res = await owner.api.post(url, { results: [{ testKey: "other/key", status: "FAILED", caseKey: entry.caseKey, attempt: 1 }] });
    expect(res.body).toMatchObject({ created: 1, casesCreated: 0 });
    const history = await owner.api.get(`${base}/test-cases/${entry.caseKey}/history`);
    expect(history.status).toBe(200);
    expect(history.body.data.map((h: { status: string }) => h.status)).toEqual(["FAILED", "PASSED"]);
    expect(history.body.data[0]).toMatchObject({ run: { id: run.id }, environment: { name: "Staging" }, milestone: { name: "v1.0" } });
    expect(history.body.data[0].executedBy.email).toBe(owner.user.email);
    expect(project.key).toBeTruthy();
  });

  it("answers 413 over 1000 results and 409 for a finished run", async () => {
    const { owner, url, base, run } = await setupRun();
    const many = Array.from({ length: 1001 }, (_, i) => result(`t${i}`, "passed"));
    const res = await owner.api.post(url, { results: many });
    expect(res.status).toBe(413);
    expect((await owner.api.get(`${base}/test-runs/${run.id}`)).body.counts.total).toBe(0);
    const stored = await owner.api.post(url, { results: [result("early", "passed")] });
    expect(stored.body.created).toBe(1);
    await owner.api.post(`${base}/test-runs/${run.id}/complete`);
    const late = await owner.api.post(url, { results: [result("late", "passed")] });
    expect(late.status).toBe(409);
    // Replaying what was already stored is still answered, as duplicates, so a spool replay is harmless.
    const replay = await owner.api.post(url, { results: [result("early", "passed")] });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ created: 0, duplicates: 1, results: [{ index: 0, resultId: stored.body.results[0].resultId, duplicate: true }] });
  });

  it("two concurrent shards of one build land in one run with exact counts", async () => {
    const setup = await createRunSetup();
    const body = { name: "CI build 77", milestoneId: setup.milestone.id, environmentId: setup.environment.id, kind: "AUTOMATED", ciBuildId: "build-77" };
    const [a, b] = await Promise.all([setup.owner.api.post(`${setup.base}/test-runs`, body), setup.owner.api.post(`${setup.base}/test-runs`, body)]);
    expect(a.body.id).toBe(b.body.id);
    const url = `${setup.base}/test-runs/${a.body.id}/results`;
    const shard = (n: number) =>
      Array.from({ length: 300 }, (_, i) => ({
        testKey: `shard${n}/spec.ts › suite › test ${i}`,
        suitePath: [`shard${n}`, "suite", "deep"],
        status: i % 10 === 0 ? "failed" : "passed",
      }));
    const [r1, r2] = await Promise.all([setup.owner.api.post(url, { results: shard(1) }), setup.owner.api.post(url, { results: shard(2) })]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body.created + r2.body.created).toBe(600);
    const got = await setup.owner.api.get(`${setup.base}/test-runs/${a.body.id}`);
    expect(got.body.counts).toMatchObject({ total: 600, passed: 540, failed: 60 });
    expect(got.body.counts).toEqual(await recount(a.body.id));
    const runs = await setup.owner.api.get(`${setup.base}/test-runs?ciBuildId=build-77`);
    expect(runs.body.data).toHaveLength(1);
  });

  it("stores at most QA_STUDIO_INGEST_CONCURRENCY batches at once per instance; the others wait their turn and none is lost", async () => {
    const { owner, url, base, run } = await setupRun();
    const slots = ingestSlots();
    expect(slots.use().limit).toBe(DEFAULT_INGEST_CONCURRENCY);
    const before = slots.use();
    const batch = (n: number) => Array.from({ length: 50 }, (_, i) => result(`batch ${n} test ${i}`, i % 5 ? "passed" : "failed"));
    const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => owner.api.post(url, { results: batch(n) })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.reduce((sum, a) => sum + a.body.created, 0)).toBe(300);
    const after = slots.use();
    expect(after).toMatchObject({ busy: 0, waiting: 0, peak: DEFAULT_INGEST_CONCURRENCY });
    expect(after.waited - before.waited).toBeGreaterThanOrEqual(6 - DEFAULT_INGEST_CONCURRENCY);
    const got = await owner.api.get(`${base}/test-runs/${run.id}`);
    expect(got.body.counts).toMatchObject({ total: 300, passed: 240, failed: 60 });
    expect(got.body.counts).toEqual(await recount(run.id));
  });
});
