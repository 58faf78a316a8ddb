import { describe, expect, it } from "vitest";
import { entriesOf, insertCases } from "../helpers/case-fixtures";
import { addMember, createRunSetup, createUser } from "../helpers/factories";
import { recount } from "../helpers/recount";

/** A project with a small library: Checkout (› Payments) and Search suites, one loose case, one archived. */
async function library() {
  const setup = await createRunSetup();
  const cases = await insertCases(setup.project, [
    { title: "Search by name", suite: ["Search"], priority: "LOW", tags: ["search"] },
    { title: "Pay by card", suite: ["Checkout", "Payments"], priority: "CRITICAL", tags: ["checkout", "payments"], version: 3 },
    { title: "Add to cart", suite: ["Checkout"], priority: "HIGH", tags: ["checkout"] },
    { title: "Old flow", suite: ["Checkout"], priority: "CRITICAL", tags: ["checkout"], archived: true },
    { title: "Loose case", priority: "HIGH" },
    { title: "Apply voucher", suite: ["Checkout"], priority: "MEDIUM", tags: ["checkout"] },
  ]);
  const [search, card, cart, archived, loose, voucher] = cases;
  const plan = (body: Record<string, unknown>) =>
    setup.owner.api.post(`${setup.base}/test-runs`, { name: "Planned", milestoneId: setup.milestone.id, environmentId: setup.environment.id, ...body });
  return { ...setup, cases: { search, card, cart, archived, loose, voucher }, plan };
}

describe("planning runs", () => {
  it("creates one UNTESTED entry per selected case, at its version, in suite then case order, with counters set", async () => {
    const { plan, cases, project } = await library();
    const res = await plan({ caseIds: [cases.voucher.id, cases.card.key, cases.search.id, cases.loose.id, cases.cart.id] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "PLANNED", counts: { total: 5, untested: 5, passed: 0 } });
    expect(await recount(res.body.id)).toEqual(res.body.counts);
    const entries = await entriesOf(res.body.id);
    // Loose cases first, then Checkout (its cases by number), its sub-suite Payments, then Search.
    expect(entries.map((e) => e.case_id)).toEqual([cases.loose.id, cases.cart.id, cases.voucher.id, cases.card.id, cases.search.id]);
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(entries.every((e) => e.status === "UNTESTED")).toBe(true);
    expect(entries.find((e) => e.case_id === cases.card.id)!.case_version).toBe(3);
    expect(project.key).toBeTruthy();
  });

  it("plans whole suites with their sub-suites, leaving archived cases out", async () => {
    const { plan, cases } = await library();
    const res = await plan({ suiteIds: [cases.cart.suiteId] });
    expect(res.status).toBe(201);
    const ids = (await entriesOf(res.body.id)).map((e) => e.case_id);
    expect(ids.sort()).toEqual([cases.cart.id, cases.voucher.id, cases.card.id].sort());
    expect(res.body.counts).toMatchObject({ total: 3, untested: 3 });
  });

  it("plans from a filter: priorities and tags, suites, text", async () => {
    const { plan, cases } = await library();
    const critHigh = await plan({ filter: { priorities: ["CRITICAL", "HIGH"], tags: ["checkout"] } });
    expect((await entriesOf(critHigh.body.id)).map((e) => e.case_id).sort()).toEqual([cases.card.id, cases.cart.id].sort());
    const bySuite = await plan({ filter: { suiteIds: [cases.card.suiteId], priorities: ["CRITICAL"] } });
    expect((await entriesOf(bySuite.body.id)).map((e) => e.case_id)).toEqual([cases.card.id]);
    const byText = await plan({ filter: { q: "voucher" } });
    expect((await entriesOf(byText.body.id)).map((e) => e.case_id)).toEqual([cases.voucher.id]);
    const byKey = await plan({ filter: { q: cases.loose.key } });
    expect((await entriesOf(byKey.body.id)).map((e) => e.case_id)).toEqual([cases.loose.id]);
    const none = await plan({ filter: { tags: ["nothing-has-this"] } });
    expect(none.body.counts.total).toBe(0);
    // No conditions: every active case (what the overview's "New run" dialog opens on).
    const all = await plan({ filter: {} });
    expect((await entriesOf(all.body.id)).map((e) => e.case_id).sort()).toEqual(
      [cases.search.id, cases.card.id, cases.cart.id, cases.loose.id, cases.voucher.id].sort(),
    );
  });

  it("previews a filter with the count a plan gets, and filters by automation status and preconditions", async () => {
    const { plan, cases, owner, base, project } = await library();
    const preview = (query: string) => owner.api.get(`${base}/test-cases/selection?${query}`);

    const critHigh = await preview("priorities=CRITICAL,HIGH&tags=checkout");
    expect(critHigh.status).toBe(200);
    // Run order: Checkout's cases, then its sub-suite Payments.
    expect(critHigh.body).toEqual({
      count: 2,
      cases: [
        { id: cases.cart.id, key: cases.cart.key, title: "Add to cart", priority: "HIGH", suitePath: "Checkout" },
        { id: cases.card.id, key: cases.card.key, title: "Pay by card", priority: "CRITICAL", suitePath: "Checkout / Payments" },
      ],
    });
    const planned = await plan({ filter: { priorities: ["CRITICAL", "HIGH"], tags: ["checkout"] } });
    expect(planned.body.counts.total).toBe(critHigh.body.count);

    expect((await preview(`suiteIds=${cases.cart.suiteId}`)).body.count).toBe(3);
    // No condition: every active case of the project.
    expect((await preview("")).body.count).toBe(5);

    await owner.api.patch(`${base}/test-cases/${cases.loose.key}`, { automationStatus: "AUTOMATED" });
    await owner.api.patch(`${base}/test-cases/${cases.voucher.key}`, { preconditions: "Signed in as a **gold** member" });
    expect((await preview("automation=AUTOMATED")).body).toMatchObject({ count: 1, cases: [{ key: cases.loose.key, suitePath: null }] });
    expect((await preview("automation=manual,TO_BE_AUTOMATED")).body.count).toBe(4);
    const byAutomation = await plan({ filter: { automation: ["AUTOMATED"] } });
    expect((await entriesOf(byAutomation.body.id)).map((e) => e.case_id)).toEqual([cases.loose.id]);
    expect((await preview("q=gold")).body).toMatchObject({ count: 1, cases: [{ key: cases.voucher.key }] });
    const byPreconditions = await plan({ filter: { q: "GOLD" } });
    expect((await entriesOf(byPreconditions.body.id)).map((e) => e.case_id)).toEqual([cases.voucher.id]);

    const badSuite = await preview("suiteIds=nope");
    expect(badSuite.status).toBe(400);
    expect(badSuite.body.error.details[0]).toMatchObject({ field: "filter.suiteIds" });
    const badPriority = await preview("priorities=URGENT");
    expect(badPriority.status).toBe(400);
    expect(badPriority.body.error.details[0].field).toBe("priorities.0");
    const unknownParam = await preview("priority=HIGH");
    expect(unknownParam.status).toBe(400);

    // A viewer may look; another project's caller sees nothing.
    const viewer = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    expect((await viewer.api.get(`${base}/test-cases/selection?tags=checkout`)).body.count).toBe(3);
    expect((await (await createUser()).api.get(`${base}/test-cases/selection`)).status).toBe(404);
  });

  it("names unknown, foreign and archived ids, and refuses two selections at once", async () => {
    const { plan, cases } = await library();
    const other = await library();
    const unknown = await plan({ caseIds: [cases.card.id, "nope", other.cases.card.id] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ field: "caseIds" });
    expect(unknown.body.error.details[0].message).toContain("nope");
    expect(unknown.body.error.details[0].message).toContain(other.cases.card.id);
    const archived = await plan({ caseIds: [cases.archived.id] });
    expect(archived.status).toBe(400);
    expect(archived.body.error.details[0].message).toMatch(/Archived/);
    const foreignSuite = await plan({ suiteIds: [other.cases.card.suiteId] });
    expect(foreignSuite.status).toBe(400);
    expect(foreignSuite.body.error.details).toEqual([{ field: "suiteIds", message: expect.stringContaining(other.cases.card.suiteId!) }]);
    const filterSuite = await plan({ filter: { suiteIds: ["zzz"] } });
    expect(filterSuite.body.error.details[0].field).toBe("filter.suiteIds");
    const both = await plan({ caseIds: [cases.card.id], suiteIds: [cases.card.suiteId] });
    expect(both.status).toBe(400);
  });

  it("adds cases to an open run idempotently and removes entries without results", async () => {
    const { plan, cases, owner, base } = await library();
    const run = (await plan({ caseIds: [cases.card.id] })).body;
    const url = `${base}/test-runs/${run.id}/entries`;
    const add = await owner.api.post(url, { suiteIds: [cases.cart.suiteId] });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({ added: 2, alreadyInRun: 1, counts: { total: 3, untested: 3 } });
    const again = await owner.api.post(url, { caseIds: [cases.cart.id, cases.card.id] });
    expect(again.body).toMatchObject({ added: 0, alreadyInRun: 2, counts: { total: 3 } });
    // New entries go after the existing ones.
    const entries = await entriesOf(run.id);
    expect(entries.map((e) => e.case_id)).toEqual([cases.card.id, cases.cart.id, cases.voucher.id]);
    expect(await recount(run.id)).toEqual(add.body.counts);

    const executed = entries[0];
    await owner.api.post(`${url}/${executed.id}/results`, { status: "FAILED" });
    expect((await owner.api.delete(`${url}/${executed.id}`)).status).toBe(409);
    expect((await owner.api.delete(`${url}/${entries[1].id}`)).status).toBe(204);
    expect((await owner.api.delete(`${url}/${entries[1].id}`)).status).toBe(404);
    const after = (await owner.api.get(`${base}/test-runs/${run.id}`)).body;
    expect(after.counts).toMatchObject({ total: 2, failed: 1, untested: 1 });
    expect(await recount(run.id)).toEqual(after.counts);

    await owner.api.post(`${base}/test-runs/${run.id}/complete`);
    expect((await owner.api.post(url, { caseIds: [cases.loose.id] })).status).toBe(409);
    expect((await owner.api.delete(`${url}/${entries[2].id}`)).status).toBe(409);
  });

  it("lists entries grouped by suite path, with filters and keyset pages", async () => {
    const { plan, cases, owner, base, project } = await library();
    const tester = await createUser({ name: "Tess" });
    await addMember(project.id, tester.user.id, "TESTER");
    const run = (await plan({ filter: { priorities: ["CRITICAL", "HIGH", "MEDIUM", "LOW"] } })).body;
    const url = `${base}/test-runs/${run.id}/entries`;
    const all = (await owner.api.get(url)).body.data;
    expect(all.map((e: { caseKey: string }) => e.caseKey)).toEqual([cases.loose.key, cases.cart.key, cases.voucher.key, cases.card.key, cases.search.key]);
    expect(all[3]).toMatchObject({ title: "Pay by card", priority: "CRITICAL", caseVersion: 3, status: "UNTESTED", attempts: 0, assignee: null, suite: { id: cases.card.suiteId, name: "Payments", path: "Checkout / Payments" } });
    expect(all[0].suite).toBeNull();

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { caseKey: string }[]; nextCursor: string | null } } = await owner.api.get(`${url}?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(...page.body.data.map((e) => e.caseKey));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.map((e: { caseKey: string }) => e.caseKey));

    await owner.api.patch(`${url}/${all[3].id}`, { assigneeId: tester.user.id });
    await owner.api.post(`${url}/${all[1].id}/results`, { status: "PASSED" });
    const mine = (await tester.api.get(`${url}?assignee=me`)).body.data;
    expect(mine.map((e: { id: string }) => e.id)).toEqual([all[3].id]);
    expect(mine[0].assignee).toEqual({ id: tester.user.id, name: "Tess", email: tester.user.email });
    expect((await owner.api.get(`${url}?assignee=none`)).body.data).toHaveLength(4);
    expect((await owner.api.get(`${url}?assignee=${tester.user.id}`)).body.data).toHaveLength(1);
    const passed = (await owner.api.get(`${url}?status=passed`)).body.data;
    expect(passed).toMatchObject([{ id: all[1].id, status: "PASSED", attempts: 1 }]);
    expect(passed[0].lastResultAt).toBeTruthy();
    expect((await owner.api.get(`${url}?status=UNTESTED,RETEST&priority=CRITICAL`)).body.data).toHaveLength(1);
    const checkout = (await owner.api.get(`${url}?suiteId=${cases.cart.suiteId}`)).body.data;
    expect(checkout.map((e: { caseKey: string }) => e.caseKey)).toEqual([cases.cart.key, cases.voucher.key, cases.card.key]);
    expect((await owner.api.get(`${url}?status=NOPE`)).status).toBe(400);
    expect((await owner.api.get(`${url}?cursor=abc`)).status).toBe(400);
  });
});

describe("assignment", () => {
  it("assigns to members who may execute, in one entry or in bulk", async () => {
    const { plan, cases, owner, base, project } = await library();
    const tester = await createUser();
    const viewer = await createUser();
    const stranger = await createUser();
    await addMember(project.id, tester.user.id, "TESTER");
    await addMember(project.id, viewer.user.id, "VIEWER");
    const run = (await plan({ suiteIds: [cases.cart.suiteId] })).body;
    const url = `${base}/test-runs/${run.id}/entries`;
    const [first, second] = await entriesOf(run.id);

    const one = await owner.api.patch(`${url}/${first.id}`, { assigneeId: tester.user.id });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: first.id, assignee: { id: tester.user.id } });
    expect((await owner.api.patch(`${url}/${first.id}`, { assigneeId: owner.user.id })).status).toBe(200);
    for (const bad of [viewer.user.id, stranger.user.id, "nobody"]) {
      const res = await owner.api.patch(`${url}/${second.id}`, { assigneeId: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe("assigneeId");
    }
    expect((await owner.api.patch(`${url}/${first.id}`, { assigneeId: null })).body.assignee).toBeNull();

    const bulk = await owner.api.post(`${url}/assign`, { entryIds: [first.id, second.id], assigneeId: tester.user.id });
    expect(bulk.body).toEqual({ updated: 2 });
    const all = await owner.api.post(`${url}/assign`, { all: true, assigneeId: tester.user.id });
    expect(all.body).toEqual({ updated: 3 });
    expect((await entriesOf(run.id)).every((e) => e.assignee_id === tester.user.id)).toBe(true);
    const other = (await plan({ caseIds: [cases.loose.id] })).body;
    const [foreign] = await entriesOf(other.id);
    const mixed = await owner.api.post(`${url}/assign`, { entryIds: [first.id, foreign.id], assigneeId: null });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.details[0].message).toContain(foreign.id);
    expect((await entriesOf(run.id))[0].assignee_id).toBe(tester.user.id);
    expect((await owner.api.post(`${url}/assign`, { assigneeId: null })).status).toBe(400);
    // Testers plan and assign too; viewers cannot.
    expect((await tester.api.post(`${url}/assign`, { all: true, assigneeId: null })).status).toBe(200);
    expect((await viewer.api.post(`${url}/assign`, { all: true, assigneeId: null })).status).toBe(403);
  });
});

describe("re-run failures", () => {
  it("creates a run in the same milestone and environment with only the FAILED and BLOCKED cases", async () => {
    const { plan, cases, owner, base, project } = await library();
    const tester = await createUser();
    await addMember(project.id, tester.user.id, "TESTER");
    const run = (await plan({ filter: { tags: ["checkout", "search"] } })).body;
    const url = `${base}/test-runs/${run.id}/entries`;
    const entries = await entriesOf(run.id);
    const byCase = new Map(entries.map((e) => [e.case_id, e.id]));
    await owner.api.post(`${url}/${byCase.get(cases.cart.id)}/results`, { status: "FAILED" });
    await owner.api.post(`${url}/${byCase.get(cases.card.id)}/results`, { status: "BLOCKED" });
    await owner.api.post(`${url}/${byCase.get(cases.voucher.id)}/results`, { status: "PASSED" });
    await owner.api.post(`${url}/${byCase.get(cases.search.id)}/results`, { status: "FAILED" });
    await owner.api.post(`${url}/${byCase.get(cases.search.id)}/results`, { status: "PASSED" });
    await owner.api.patch(`${url}/${byCase.get(cases.card.id)}`, { assigneeId: tester.user.id });

    const rerun = await owner.api.post(`${base}/test-runs/${run.id}/rerun`, { name: "Fix check" });
    expect(rerun.status).toBe(201);
    expect(rerun.body).toMatchObject({
      name: "Fix check",
      status: "PLANNED",
      kind: "MANUAL",
      milestone: { id: run.milestone.id },
      environment: { id: run.environment.id },
      counts: { total: 2, untested: 2 },
    });
    expect(rerun.body.sourceRunId).toBe(run.id);
    expect(rerun.body.description).toContain(run.id);
    const fresh = await entriesOf(rerun.body.id);
    expect(fresh.map((e) => e.case_id)).toEqual([cases.cart.id, cases.card.id]);
    expect(fresh.map((e) => e.assignee_id)).toEqual([null, tester.user.id]);
    expect(await recount(rerun.body.id)).toEqual(rerun.body.counts);

    const defaultName = await owner.api.post(`${base}/test-runs/${run.id}/rerun`);
    expect(defaultName.body.name).toBe("Planned (re-run)");
    const clean = await owner.api.post(`${base}/test-runs/${rerun.body.id}/rerun`, {});
    expect(clean.status).toBe(409);
  });
});
