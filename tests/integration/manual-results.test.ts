import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { entriesOf, insertCases } from "../helpers/case-fixtures";
import { addMember, createRunSetup, createUser } from "../helpers/factories";
import { recount } from "../helpers/recount";

const steps = [
  { action: "Open the cart", expected: "The cart lists one item" },
  { action: "Pay", expected: "The order is confirmed" },
];

async function plannedRun() {
  const setup = await createRunSetup();
  const [login, pay] = await insertCases(setup.project, [
    { title: "Log in", suite: ["Account"], steps },
    { title: "Pay", suite: ["Checkout"], steps, version: 2 },
  ]);
  const tester = await createUser({ name: "Tester A" });
  const tester2 = await createUser({ name: "Tester B" });
  await addMember(setup.project.id, tester.user.id, "TESTER");
  await addMember(setup.project.id, tester2.user.id, "TESTER");
  const run = (
    await setup.owner.api.post(`${setup.base}/test-runs`, {
      name: "Release regression",
      milestoneId: setup.milestone.id,
      environmentId: setup.environment.id,
      caseIds: [login.id, pay.id],
    })
  ).body;
  const [loginEntry, payEntry] = await entriesOf(run.id);
  const resultsUrl = (entryId: string) => `${setup.base}/test-runs/${run.id}/entries/${entryId}/results`;
  return { ...setup, run, tester, tester2, loginEntry, payEntry, cases: { login, pay }, resultsUrl };
}

async function storedCounts(api: { get: (p: string) => Promise<{ body: { counts: unknown } }> }, base: string, runId: string) {
  return (await api.get(`${base}/test-runs/${runId}`)).body.counts;
}

describe("manual results", () => {
  it("appends attempts attributed to the tester, with the entry and counters moving in step", async () => {
    const { tester, owner, base, run, payEntry, resultsUrl } = await plannedRun();
    const first = await tester.api.post(resultsUrl(payEntry.id), {
      status: "FAILED",
      comment: "**Card declined** <script>x</script>",
      stepResults: [
        { index: 0, status: "PASSED" },
        { index: 1, status: "FAILED", comment: "Error 502" },
      ],
      durationMs: 61_000,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      duplicate: false,
      result: {
        status: "FAILED",
        attempt: 1,
        comment: "**Card declined** <script>x</script>",
        durationMs: 61_000,
        executedBy: { id: tester.user.id, name: "Tester A" },
        stepResults: [{ index: 0, status: "PASSED" }, { index: 1, status: "FAILED", comment: "Error 502" }],
        defect: null,
      },
      entry: { id: payEntry.id, status: "FAILED", flaky: false, attempts: 1 },
      run: { id: run.id, status: "IN_PROGRESS", counts: { total: 2, failed: 1, untested: 1 } },
    });
    expect(await recount(run.id)).toEqual(first.body.run.counts);

    const second = await tester.api.post(resultsUrl(payEntry.id), { status: "RETEST" });
    expect(second.body).toMatchObject({ result: { attempt: 2 }, entry: { status: "RETEST" }, run: { counts: { retest: 1, failed: 0 } } });
    expect(await recount(run.id)).toEqual(second.body.run.counts);

    const third = await owner.api.post(resultsUrl(payEntry.id), { status: "PASSED" });
    expect(third.body).toMatchObject({ result: { attempt: 3, executedBy: { id: owner.user.id } }, entry: { status: "PASSED", flaky: true, attempts: 3 } });
    expect(third.body.run.counts).toMatchObject({ passed: 1, flaky: 1, untested: 1, total: 2 });
    expect(await recount(run.id)).toEqual(await storedCounts(owner.api, base, run.id));

    const history = rowsOf<{ attempt: number; status: string; executed_by_id: string }>(
      await getDb().execute(sql`select attempt, status, executed_by_id from results where entry_id = ${payEntry.id} order by attempt`),
    );
    expect(history).toEqual([
      { attempt: 1, status: "FAILED", executed_by_id: tester.user.id },
      { attempt: 2, status: "RETEST", executed_by_id: tester.user.id },
      { attempt: 3, status: "PASSED", executed_by_id: owner.user.id },
    ]);
    const audit = rowsOf<{ n: number }>(
      await getDb().execute(sql`select count(*)::int as n from audit_log where action = 'result.record' and entity_id = ${payEntry.id}`),
    );
    expect(audit[0].n).toBe(3);
  });

  it("the case history carries each attempt's comment, step results and defect", async () => {
    const { tester, base, payEntry, cases, resultsUrl } = await plannedRun();
    await tester.api.post(resultsUrl(payEntry.id), {
      status: "FAILED",
      comment: "Declined with **502**",
      stepResults: [
        { index: 0, status: "PASSED" },
        { index: 1, status: "FAILED", comment: "Error 502" },
      ],
      defect: { key: "SHOP-9", url: "https://acme.atlassian.net/browse/SHOP-9", tracker: "JIRA" },
    });
    await tester.api.post(resultsUrl(payEntry.id), { status: "PASSED" });
    const history = await tester.api.get(`${base}/test-cases/${cases.pay.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.data).toMatchObject([
      { status: "PASSED", attempt: 2, comment: null, stepResults: null, defect: null },
      {
        status: "FAILED",
        attempt: 1,
        comment: "Declined with **502**",
        stepResults: [{ index: 0, status: "PASSED" }, { index: 1, status: "FAILED", comment: "Error 502" }],
        defect: { key: "SHOP-9", tracker: "JIRA", url: "https://acme.atlassian.net/browse/SHOP-9" },
      },
    ]);
  });

  it("records both of two testers saving the same entry at once, every time", async () => {
    const { tester, tester2, run, base, owner, payEntry, loginEntry, resultsUrl } = await plannedRun();
    for (let round = 0; round < 5; round++) {
      const [a, b, c] = await Promise.all([
        tester.api.post(resultsUrl(payEntry.id), { status: "FAILED", comment: `A${round}` }),
        tester2.api.post(resultsUrl(payEntry.id), { status: "PASSED", comment: `B${round}` }),
        tester2.api.post(resultsUrl(loginEntry.id), { status: round % 2 ? "BLOCKED" : "SKIPPED" }),
      ]);
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      expect(a.body.result.attempt).not.toBe(b.body.result.attempt);
      expect(await recount(run.id)).toEqual(await storedCounts(owner.api, base, run.id));
    }
    // A burst of eight saves on one entry: eight more attempts, numbered without gaps or repeats.
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? tester : tester2).api.post(resultsUrl(payEntry.id), { status: i % 3 ? "FAILED" : "PASSED", comment: `burst ${i}` })),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(8).fill(201));
    const rows = rowsOf<{ attempt: number; status: string; comment: string }>(
      await getDb().execute(sql`select attempt, status, comment from results where entry_id = ${payEntry.id} order by attempt`),
    );
    expect(rows.map((r) => r.attempt)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.comment)).size).toBe(18);
    const [entry] = (await entriesOf(run.id)).filter((e) => e.id === payEntry.id);
    // The last write (highest attempt) sets the entry's status.
    expect(entry.status).toBe(rows[rows.length - 1].status);
    expect(await storedCounts(owner.api, base, run.id)).toMatchObject({ total: 2, skipped: 1, blocked: 0 });
  });

  it("makes a retried save harmless with an idempotency key", async () => {
    const { tester, owner, base, run, payEntry, loginEntry, resultsUrl } = await plannedRun();
    const body = { status: "FAILED", idempotencyKey: "save-1", defect: { key: "PAY-1" } };
    const first = await tester.api.post(resultsUrl(payEntry.id), body);
    const again = await tester.api.post(resultsUrl(payEntry.id), body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, result: { id: first.body.result.id, attempt: 1 }, entry: { attempts: 1 } });
    expect(await storedCounts(owner.api, base, run.id)).toMatchObject({ failed: 1, untested: 1 });
    expect((await tester.api.post(resultsUrl(loginEntry.id), body)).status).toBe(409);
    // Replayed after the run completed: still the stored attempt, not a refusal.
    await owner.api.post(`${base}/test-runs/${run.id}/complete`);
    expect((await tester.api.post(resultsUrl(payEntry.id), body)).status).toBe(200);
  });

  it("refuses results for COMPLETED and ABORTED runs", async () => {
    const { tester, owner, base, run, payEntry, resultsUrl } = await plannedRun();
    await owner.api.post(`${base}/test-runs/${run.id}/complete`);
    const res = await tester.api.post(resultsUrl(payEntry.id), { status: "PASSED" });
    expect(res.status).toBe(409);
    const other = await plannedRun();
    await other.owner.api.patch(`${other.base}/test-runs/${other.run.id}`, { status: "ABORTED" });
    expect((await other.tester.api.post(other.resultsUrl(other.payEntry.id), { status: "PASSED" })).status).toBe(409);
    expect(await recount(other.run.id)).toMatchObject({ untested: 2 });
  });

  it("checks step results against the steps of the executed case version, and the input", async () => {
    const { tester, payEntry, loginEntry, resultsUrl, run, base, owner } = await plannedRun();
    const outOfRange = await tester.api.post(resultsUrl(payEntry.id), { status: "PASSED", stepResults: [{ index: 0, status: "PASSED" }, { index: 2, status: "PASSED" }] });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details).toEqual([{ field: "stepResults.1.index", message: expect.stringContaining("2 steps") }]);
    const twice = await tester.api.post(resultsUrl(loginEntry.id), { status: "PASSED", stepResults: [{ index: 1, status: "PASSED" }, { index: 1, status: "FAILED" }] });
    expect(twice.status).toBe(400);
    const badStatus = await tester.api.post(resultsUrl(loginEntry.id), { status: "UNTESTED" });
    expect(badStatus.status).toBe(400);
    const longComment = await tester.api.post(resultsUrl(loginEntry.id), { status: "PASSED", comment: "x".repeat(20_001) });
    expect(longComment.status).toBe(400);
    const badDefect = await tester.api.post(resultsUrl(loginEntry.id), { status: "FAILED", defect: { key: "X-1", url: "javascript:alert(1)" } });
    expect(badDefect.status).toBe(400);
    // Nothing was stored by the refused saves.
    expect(await storedCounts(owner.api, base, run.id)).toMatchObject({ untested: 2, total: 2 });
    expect((await tester.api.post(`${base}/test-runs/${run.id}/entries/nope/results`, { status: "PASSED" })).status).toBe(404);
  });

  it("links defects to the entry, the result and the case, once per case and key", async () => {
    const { tester, payEntry, resultsUrl, cases, project } = await plannedRun();
    const defect = { key: "PAY-42", url: "https://jira.example.test/browse/PAY-42", tracker: "JIRA" };
    const first = await tester.api.post(resultsUrl(payEntry.id), { status: "FAILED", defect });
    expect(first.body.result.defect).toMatchObject({ key: "PAY-42", tracker: "JIRA", url: defect.url });
    const second = await tester.api.post(resultsUrl(payEntry.id), { status: "FAILED", defect });
    expect(second.body.result.defect.id).toBe(first.body.result.defect.id);
    await tester.api.post(resultsUrl(payEntry.id), { status: "BLOCKED", defect: { key: "PAY-43" } });
    const links = rowsOf<{ key: string; tracker: string; case_id: string; entry_id: string; result_id: string; project_id: string }>(
      await getDb().execute(sql`select key, tracker, case_id, entry_id, result_id, project_id from defect_links where case_id = ${cases.pay.id} order by key`),
    );
    expect(links).toEqual([
      { key: "PAY-42", tracker: "JIRA", case_id: cases.pay.id, entry_id: payEntry.id, result_id: first.body.result.id, project_id: project.id },
      { key: "PAY-43", tracker: "OTHER", case_id: cases.pay.id, entry_id: payEntry.id, result_id: expect.any(String), project_id: project.id },
    ]);
  });

  it("keeps the counters equal to a recount from the result rows after a mixed sequence of writes", async () => {
    const { tester, tester2, owner, base, run, project, payEntry, loginEntry, resultsUrl } = await plannedRun();
    const more = await insertCases(project, [
      { title: "Refund", suite: ["Checkout"] },
      { title: "Coupon", suite: ["Checkout"] },
      { title: "Wishlist", suite: ["Account"] },
    ]);
    expect((await owner.api.post(`${base}/test-runs/${run.id}/entries`, { caseIds: more.map((c) => c.id) })).status).toBe(200);
    const entries = await entriesOf(run.id);
    const byCase = (id: string) => entries.find((e) => e.case_id === id)!;
    const [refund, coupon, wishlist] = more.map((c) => byCase(c.id));

    await Promise.all([
      tester.api.post(resultsUrl(payEntry.id), { status: "FAILED", defect: { key: "PAY-9" } }),
      tester2.api.post(resultsUrl(loginEntry.id), { status: "PASSED" }),
      tester.api.post(resultsUrl(refund.id), { status: "RETEST" }),
      tester2.api.post(resultsUrl(refund.id), { status: "BLOCKED" }),
      owner.api.post(resultsUrl(coupon.id), { status: "SKIPPED" }),
    ]);
    // Remove the entry nobody executed, record a flaky pass, re-test and then block another.
    expect((await owner.api.delete(`${base}/test-runs/${run.id}/entries/${wishlist.id}`)).status).toBe(204);
    await Promise.all([
      tester2.api.post(resultsUrl(payEntry.id), { status: "PASSED" }),
      tester.api.post(resultsUrl(loginEntry.id), { status: "RETEST" }),
      tester.api.post(resultsUrl(coupon.id), { status: "FAILED" }),
    ]);
    await tester2.api.post(resultsUrl(loginEntry.id), { status: "BLOCKED" });
    // Automated results land in the same run (a new automated case and entry).
    await owner.api.post(`${base}/test-runs/${run.id}/results`, { results: [{ testKey: "mixed.spec.ts › checkout", status: "failed" }] });

    // Recount from the result rows themselves: an entry's status is its latest attempt's, flaky
    // when it ended PASSED after a FAILED attempt.
    const [fromRows] = rowsOf<Record<string, number>>(
      await getDb().execute(sql`
        with latest as (
          select e.id,
            coalesce((select r.status from results r where r.entry_id = e.id order by r.attempt desc limit 1), 'UNTESTED') as status,
            exists (select 1 from results r where r.entry_id = e.id and r.status = 'FAILED') as ever_failed
          from run_entries e where e.run_id = ${run.id}
        )
        select count(*)::int as total,
          (count(*) filter (where status = 'PASSED'))::int as passed,
          (count(*) filter (where status = 'FAILED'))::int as failed,
          (count(*) filter (where status = 'BLOCKED'))::int as blocked,
          (count(*) filter (where status = 'SKIPPED'))::int as skipped,
          (count(*) filter (where status = 'RETEST'))::int as retest,
          (count(*) filter (where status = 'UNTESTED'))::int as untested,
          (count(*) filter (where status = 'PASSED' and ever_failed))::int as flaky
        from latest`),
    );
    const stored = (await storedCounts(owner.api, base, run.id)) as Record<string, number>;
    expect(stored).toEqual(fromRows);
    expect(stored).toEqual(await recount(run.id));
    // The refund entry's two concurrent saves may commit in either order: RETEST or BLOCKED last.
    expect(stored).toMatchObject({ total: 5, passed: 1, failed: 2, flaky: 1, untested: 0 });
    expect(stored.blocked + stored.retest).toBe(2);
  });

  it("filters entries by text or case key, and by a named assignee", async () => {
    const { tester, owner, base, run, project, payEntry, loginEntry, cases } = await plannedRun();
    const list = async (qs: string) => (await owner.api.get(`${base}/test-runs/${run.id}/entries?${qs}`)).body.data.map((e: { id: string }) => e.id);
    expect(await list("q=pay")).toEqual([payEntry.id]);
    expect(await list(`q=${project.key}-${cases.login.seq}`)).toEqual([loginEntry.id]);
    expect(await list(`q=${project.key.toLowerCase()}-${cases.login.seq}`)).toEqual([loginEntry.id]);
    expect(await list("q=100%25")).toEqual([]);
    await owner.api.post(`${base}/test-runs/${run.id}/entries/assign`, { entryIds: [loginEntry.id], assigneeId: tester.user.id });
    expect(await list(`assignee=${tester.user.id}`)).toEqual([loginEntry.id]);
    expect(await list("assignee=none")).toEqual([payEntry.id]);
  });

  it("works alongside automated ingestion into the same run", async () => {
    const setup = await createRunSetup();
    const runRes = await setup.owner.api.post(`${setup.base}/test-runs`, { name: "Mixed", milestoneId: setup.milestone.id, environmentId: setup.environment.id });
    const runId = runRes.body.id;
    await setup.owner.api.post(`${setup.base}/test-runs/${runId}/results`, { results: [{ testKey: "a.spec.ts › works", status: "failed" }] });
    const [entry] = await entriesOf(runId);
    const manual = await setup.owner.api.post(`${setup.base}/test-runs/${runId}/entries/${entry.id}/results`, { status: "PASSED", comment: "Verified by hand" });
    // The automated attempt was attempt 0; the manual one follows it.
    expect(manual.body).toMatchObject({ result: { attempt: 1 }, entry: { status: "PASSED", flaky: true, attempts: 2 } });
    expect(await recount(runId)).toEqual(manual.body.run.counts);
  });
  it("keeps a tester's words: comment, step results and defect in the history, the results list and open failures", async () => {
    const { tester, owner, base, run, payEntry, resultsUrl, cases, milestone } = await plannedRun();
    const first = await tester.api.post(resultsUrl(payEntry.id), {
      status: "FAILED",
      comment: "Card declined with 502",
      stepResults: [{ index: 0, status: "PASSED" }, { index: 1, status: "FAILED", comment: "Error 502" }],
      defect: { key: "SHOP-9", tracker: "JIRA", url: "https://jira.example.test/browse/SHOP-9" },
    });
    expect(first.status).toBe(201);
    await tester.api.post(resultsUrl(payEntry.id), { status: "FAILED", comment: "Still 502 after the gateway deploy" });
    // A later attempt without a comment does not hide the words before it.
    await tester.api.post(resultsUrl(payEntry.id), { status: "BLOCKED" });

    const history = await owner.api.get(`${base}/test-cases/${cases.pay.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.data.map((h: { attempt: number; status: string; comment: string | null }) => [h.attempt, h.status, h.comment])).toEqual([
      [3, "BLOCKED", null],
      [2, "FAILED", "Still 502 after the gateway deploy"],
      [1, "FAILED", "Card declined with 502"],
    ]);
    expect(history.body.data[2]).toMatchObject({
      stepResults: [{ index: 0, status: "PASSED" }, { index: 1, status: "FAILED", comment: "Error 502" }],
      defect: { id: expect.any(String), tracker: "JIRA", key: "SHOP-9", url: "https://jira.example.test/browse/SHOP-9" },
    });
    expect(history.body.data[1]).toMatchObject({ stepResults: null, defect: null });

    const list = await owner.api.get(`${base}/test-runs/${run.id}/results?status=BLOCKED`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ entryId: payEntry.id, status: "BLOCKED", attempts: 3, comment: null, stepResults: null, defect: null });
    await tester.api.post(resultsUrl(payEntry.id), { status: "FAILED", comment: "Reproduced on **Safari**", stepResults: [{ index: 1, status: "FAILED" }] });
    const latest = (await owner.api.get(`${base}/test-runs/${run.id}/results?status=FAILED`)).body.data[0];
    expect(latest).toMatchObject({ attempts: 4, comment: "Reproduced on **Safari**", stepResults: [{ index: 1, status: "FAILED" }], defect: null });

    const entries = await owner.api.get(`${base}/test-runs/${run.id}/entries?status=FAILED`);
    expect(entries.body.data.map((e: { id: string; comment: string | null }) => [e.id, e.comment])).toEqual([[payEntry.id, "Reproduced on **Safari**"]]);

    const summary = await owner.api.get(`${base}/milestones/${milestone.id}/summary`);
    expect(summary.body.openFailures).toHaveLength(1);
    expect(summary.body.openFailures[0]).toMatchObject({ caseId: cases.pay.id, comment: "Reproduced on **Safari**" });
  });
});
