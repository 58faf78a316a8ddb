import { describe, expect, it } from "vitest";
import { addMember, createProjectWithOwner, createRunSetup, createUser } from "../helpers/factories";

type Case = { id: string; key: string; seq: number; title: string; version: number; createdAt: string; tags: string[]; archived: boolean; suite: { id: string; name: string } | null };
const fields = (res: { body: any }) => (res.body.error.details as { field: string }[]).map((d) => d.field);
const titles = (res: { body: any }) => (res.body.data as Case[]).map((c) => c.title);

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}`;
  const add = async (body: object) => {
    const res = await owner.api.post(`${base}/test-cases`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Case;
  };
  const suite = async (name: string, parentId: string | null = null) => (await owner.api.post(`${base}/suites`, { name, parentId })).body as { id: string };
  return { owner, project, base, add, suite };
}

describe("test cases API", () => {
  it("creates with defaults and sequential keys, reads by id or key, edits and archives", async () => {
    const { owner, project, base, add, suite } = await setup();
    const checkout = await suite("Checkout");
    const first = await add({
      title: "  Pay by card  ",
      suiteId: checkout.id,
      preconditions: "A cart with one item",
      steps: [{ action: "Open checkout", expected: "Total shown" }, { action: "Pay" }],
      priority: "HIGH",
      tags: ["checkout", "smoke", "checkout"],
    });
    expect(first).toMatchObject({
      key: `${project.key}-1`,
      seq: 1,
      title: "Pay by card",
      suite: { id: checkout.id, name: "Checkout" },
      steps: [{ action: "Open checkout", expected: "Total shown" }, { action: "Pay", expected: "" }],
      priority: "HIGH",
      type: "FUNCTIONAL",
      tags: ["checkout", "smoke"],
      automationStatus: "MANUAL",
      automationKey: null,
      version: 1,
      archived: false,
      archivedAt: null,
    });
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    const second = await add({ title: "Refund" });
    expect(second).toMatchObject({ key: `${project.key}-2`, suite: null, priority: "MEDIUM", tags: [], steps: [] });

    expect((await owner.api.get(`${base}/test-cases/${first.id}`)).body).toEqual(first);
    expect((await owner.api.get(`${base}/test-cases/${first.key.toLowerCase()}`)).body.id).toBe(first.id);
    expect((await owner.api.get(`/api/projects/${project.key}/test-cases/${first.key}`)).body.id).toBe(first.id);

    // Tags and type changes are not content: no new version.
    const retagged = await owner.api.patch(`${base}/test-cases/${first.key}`, { tags: ["web"], type: "SMOKE", suiteId: null });
    expect(retagged.status).toBe(200);
    expect(retagged.body).toMatchObject({ tags: ["web"], type: "SMOKE", suite: null, version: 1 });
    const edited = await owner.api.patch(`${base}/test-cases/${first.key}`, { title: "Pay by credit card", priority: "CRITICAL" });
    expect(edited.body).toMatchObject({ title: "Pay by credit card", priority: "CRITICAL", version: 2 });
    // Sending the same values again changes nothing.
    expect((await owner.api.patch(`${base}/test-cases/${first.key}`, { title: "Pay by credit card" })).body.version).toBe(2);

    const archived = await owner.api.delete(`${base}/test-cases/${first.key}`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: first.id, archived: true });
    expect(Date.parse(archived.body.archivedAt)).not.toBeNaN();
    expect(titles(await owner.api.get(`${base}/test-cases`))).toEqual(["Refund"]);
    expect(titles(await owner.api.get(`${base}/test-cases?archived=true`))).toEqual(["Pay by credit card"]);
    // Still readable (runs reference it), and restorable.
    expect((await owner.api.get(`${base}/test-cases/${first.key}`)).status).toBe(200);
    const restored = await owner.api.patch(`${base}/test-cases/${first.key}`, { archived: false });
    expect(restored.body).toMatchObject({ archived: false, archivedAt: null, version: 2 });

    const audit = await owner.api.get(`${base}/audit-log?entityType=test_case`);
    expect(audit.status).toBe(200);
    const update = audit.body.data.find((e: { action: string; after: any }) => e.action === "case.update" && e.after.title);
    expect(update).toMatchObject({ before: { title: "Pay by card", priority: "HIGH", version: 1 }, after: { title: "Pay by credit card", priority: "CRITICAL", version: 2 } });
  });

  it("validates input, naming each field", async () => {
    const { owner, base } = await setup();
    const bad = await owner.api.post(`${base}/test-cases`, {
      title: " ",
      priority: "URGENT",
      steps: [{ expected: "x" }],
      tags: ["a;b"],
      automationStatus: "SOMETIMES",
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(["automationStatus", "extra", "priority", "steps.0.action", "tags.0", "title"]);
    const theirs = await createProjectWithOwner();
    const foreignSuite = await theirs.owner.api.post(`/api/projects/${theirs.project.id}/suites`, { name: "S" });
    const foreign = await owner.api.post(`${base}/test-cases`, { title: "x", suiteId: foreignSuite.body.id });
    expect(foreign.status).toBe(400);
    expect(fields(foreign)).toEqual(["suiteId"]);
    expect((await owner.api.get(`${base}/test-cases`)).body.data).toEqual([]);
  });

  it("keeps every version as history", async () => {
    const { owner, base, add } = await setup();
    const c = await add({ title: "Login", steps: [{ action: "Open", expected: "Form" }] });
    await owner.api.patch(`${base}/test-cases/${c.key}`, { steps: [{ action: "Open", expected: "Form" }, { action: "Submit", expected: "Home" }] });
    await owner.api.patch(`${base}/test-cases/${c.key}`, { preconditions: "A user exists" });
    const versions = await owner.api.get(`${base}/test-cases/${c.key}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions.body.data[2]).toMatchObject({ caseId: c.id, title: "Login", steps: [{ action: "Open", expected: "Form" }], preconditions: "", editedBy: { id: owner.user.id } });
    expect(versions.body.data[0]).toMatchObject({ preconditions: "A user exists", steps: [{ action: "Open" }, { action: "Submit" }] });
    const page = await owner.api.get(`${base}/test-cases/${c.key}/versions?limit=2`);
    expect(page.body.data).toHaveLength(2);
    const rest = await owner.api.get(`${base}/test-cases/${c.key}/versions?limit=2&cursor=${page.body.nextCursor}`);
    expect(rest.body.data.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(rest.body.nextCursor).toBeNull();
    const v2 = await owner.api.get(`${base}/test-cases/${c.id}/versions/2`);
    expect(v2.body).toMatchObject({ version: 2, preconditions: "", steps: [{ action: "Open" }, { action: "Submit" }] });
    expect((await owner.api.get(`${base}/test-cases/${c.id}/versions/4`)).status).toBe(404);
    expect((await owner.api.get(`${base}/test-cases/${c.id}/versions/abc`)).status).toBe(404);
  });

  it("links automated cases created by CI and gives them version 1", async () => {
    const { owner, base, project, milestone, environment } = await createRunSetup();
    const run = await owner.api.post(`${base}/test-runs`, { name: "CI", milestoneId: milestone.id, environmentId: environment.id });
    await owner.api.post(`${base}/test-runs/${run.body.id}/results`, { results: [{ testKey: "cart.spec.ts › adds", title: "adds", status: "passed", suitePath: ["Cart"] }] });
    const list = await owner.api.get(`${base}/test-cases?automation=AUTOMATED`);
    expect(list.body.data).toHaveLength(1);
    const c = list.body.data[0];
    expect(c).toMatchObject({ key: `${project.key}-1`, automationStatus: "AUTOMATED", automationKey: "cart.spec.ts › adds", version: 1, suite: { name: "Cart" } });
    expect((await owner.api.get(`${base}/test-cases/${c.key}/versions`)).body.data.map((v: { version: number }) => v.version)).toEqual([1]);
    const edited = await owner.api.patch(`${base}/test-cases/${c.key}`, { steps: [{ action: "Add", expected: "In cart" }] });
    expect(edited.body.version).toBe(2);
    // History of results still resolves the key after the move of resolveCaseId.
    expect((await owner.api.get(`${base}/test-cases/${c.key}/history`)).body.data).toHaveLength(1);
    const dup = await owner.api.post(`${base}/test-cases/${c.key}/duplicate`);
    expect(dup.body).toMatchObject({ automationKey: null, automationStatus: "TO_BE_AUTOMATED", version: 1 });
  });

  it("searches and filters, with keyset pagination by key", async () => {
    const { owner, project, base, add, suite } = await setup();
    const web = await suite("Web");
    const checkout = await suite("Checkout", web.id);
    await add({ title: "Home page loads", suiteId: web.id, priority: "LOW", tags: ["smoke"] });
    await add({ title: "Pay 50% discount", suiteId: checkout.id, priority: "CRITICAL", tags: ["checkout", "pricing"] });
    await add({ title: "Refund", preconditions: "An order paid by card", priority: "HIGH", tags: ["checkout"], automationStatus: "TO_BE_AUTOMATED" });
    const old = await add({ title: "Old flow", suiteId: checkout.id, priority: "CRITICAL", tags: ["checkout"] });
    await owner.api.delete(`${base}/test-cases/${old.id}`);

    const q = (qs: string) => owner.api.get(`${base}/test-cases?${qs}`);
    expect(titles(await q(""))).toEqual(["Home page loads", "Pay 50% discount", "Refund"]);
    expect(titles(await q("q=CARD"))).toEqual(["Refund"]);
    expect(titles(await q("q=50%25"))).toEqual(["Pay 50% discount"]);
    expect(titles(await q(`q=${project.key}-2`))).toEqual(["Pay 50% discount"]);
    expect(titles(await q(`suiteId=${web.id}`))).toEqual(["Home page loads"]);
    expect(titles(await q(`suiteId=${web.id}&includeDescendants=true`))).toEqual(["Home page loads", "Pay 50% discount"]);
    expect(titles(await q("priority=critical,HIGH"))).toEqual(["Pay 50% discount", "Refund"]);
    expect(titles(await q("tag=pricing,smoke"))).toEqual(["Home page loads", "Pay 50% discount"]);
    expect(titles(await q("tag=checkout&priority=HIGH"))).toEqual(["Refund"]);
    expect(titles(await q("automation=TO_BE_AUTOMATED"))).toEqual(["Refund"]);
    expect(titles(await q("archived=true&tag=checkout"))).toEqual(["Old flow"]);

    const page1 = await q("limit=2");
    expect(titles(page1)).toEqual(["Home page loads", "Pay 50% discount"]);
    const page2 = await q(`limit=2&cursor=${page1.body.nextCursor}`);
    expect(titles(page2)).toEqual(["Refund"]);
    expect(page2.body.nextCursor).toBeNull();

    const bad = await q("priority=URGENT&automation=x&archived=maybe&cursor=zzz");
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(["archived", "automation", "priority"]);
    expect((await q("cursor=zzz")).status).toBe(400);
  });

  it("duplicates a case under a new key", async () => {
    const { owner, project, base, add, suite } = await setup();
    const s = await suite("S");
    const src = await add({ title: "Search", suiteId: s.id, steps: [{ action: "Type", expected: "Results" }], tags: ["a"], priority: "HIGH" });
    await owner.api.patch(`${base}/test-cases/${src.key}`, { title: "Search works" });
    const dup = await owner.api.post(`${base}/test-cases/${src.key}/duplicate`);
    expect(dup.status).toBe(201);
    expect(dup.body).toMatchObject({
      key: `${project.key}-2`,
      title: "Search works (copy)",
      suite: { id: s.id },
      steps: [{ action: "Type", expected: "Results" }],
      tags: ["a"],
      priority: "HIGH",
      version: 1,
    });
    expect(dup.body.id).not.toBe(src.id);
    expect((await owner.api.get(`${base}/test-cases/${dup.body.key}/versions`)).body.data).toHaveLength(1);
  });

  it("bulk moves, retags, archives and restores, all or nothing", async () => {
    const { owner, project, base, add, suite } = await setup();
    const target = await suite("Target");
    const a = await add({ title: "A", tags: ["x", "old"] });
    const b = await add({ title: "B", tags: ["old"] });
    const c = await add({ title: "C" });
    const bulk = (body: object) => owner.api.post(`${base}/test-cases/bulk`, body);

    const moved = await bulk({ action: "move", caseIds: [a.id, b.key, a.key], suiteId: target.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ action: "move", caseIds: [a.id, b.id], changed: 2 });
    expect((await owner.api.get(`${base}/test-cases?suiteId=${target.id}`)).body.data.map((x: Case) => x.key)).toEqual([a.key, b.key]);

    const retag = await bulk({ action: "retag", caseIds: [a.id, b.id, c.id], addTags: ["new", "x"], removeTags: ["old"] });
    expect(retag.body.changed).toBe(3);
    const tagsOf = async (x: Case) => (await owner.api.get(`${base}/test-cases/${x.id}`)).body.tags;
    expect(await tagsOf(a)).toEqual(["x", "new"]);
    expect(await tagsOf(b)).toEqual(["new", "x"]);
    expect(await tagsOf(c)).toEqual(["new", "x"]);
    expect((await owner.api.get(`${base}/test-cases/${a.id}`)).body.version).toBe(1);

    // One unknown id and one of another project: 400 naming both, nothing changes.
    const theirs = await setup();
    const foreign = await theirs.add({ title: "Foreign" });
    const refused = await bulk({ action: "archive", caseIds: [a.id, "nope", foreign.id, `${project.key}-99`] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("nope");
    expect(refused.body.error.message).toContain(foreign.id);
    expect(refused.body.error.message).toContain(`${project.key}-99`);
    expect(refused.body.error.message).not.toContain(a.id);
    expect(fields(refused)).toEqual(["caseIds"]);
    expect((await owner.api.get(`${base}/test-cases/${a.id}`)).body.archived).toBe(false);
    expect((await theirs.owner.api.get(`${theirs.base}/test-cases/${foreign.id}`)).body.archived).toBe(false);

    const foreignSuite = await theirs.suite("Theirs");
    const badMove = await bulk({ action: "move", caseIds: [a.id], suiteId: foreignSuite.id });
    expect(badMove.status).toBe(400);
    expect(fields(badMove)).toEqual(["suiteId"]);

    const archived = await bulk({ action: "archive", caseIds: [a.id, b.id] });
    expect(archived.body.changed).toBe(2);
    expect(titles(await owner.api.get(`${base}/test-cases`))).toEqual(["C"]);
    expect((await bulk({ action: "archive", caseIds: [a.id] })).body.changed).toBe(0);
    const restored = await bulk({ action: "restore", caseIds: [a.key, b.key] });
    expect(restored.body.changed).toBe(2);
    expect(titles(await owner.api.get(`${base}/test-cases`))).toEqual(["A", "B", "C"]);

    const invalid = await bulk({ action: "explode", caseIds: [] });
    expect(invalid.status).toBe(400);
    expect((await bulk({ action: "retag", caseIds: [a.id] })).status).toBe(400);
    expect((await bulk({ action: "move", caseIds: [], suiteId: null })).status).toBe(400);
  });

  it("answers 404 for another project's case and refuses viewers' writes", async () => {
    const mine = await setup();
    const theirs = await setup();
    const foreign = await theirs.add({ title: "Secret" });
    for (const path of [`${mine.base}/test-cases/${foreign.id}`, `${mine.base}/test-cases/${foreign.id}/versions`, `${mine.base}/test-cases/${foreign.id}/versions/1`]) {
      const res = await mine.owner.api.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Test case not found.");
    }
    expect((await mine.owner.api.patch(`${mine.base}/test-cases/${foreign.id}`, { title: "Stolen" })).status).toBe(404);
    expect((await mine.owner.api.delete(`${mine.base}/test-cases/${foreign.id}`)).status).toBe(404);
    expect((await mine.owner.api.post(`${mine.base}/test-cases/${foreign.id}/duplicate`)).status).toBe(404);
    // A key of the other project is just unknown here.
    expect((await mine.owner.api.get(`${mine.base}/test-cases/${foreign.key}`)).status).toBe(404);
    expect((await theirs.owner.api.get(`${theirs.base}/test-cases/${foreign.key}`)).body.title).toBe("Secret");

    const viewer = await createUser();
    await addMember(mine.project.id, viewer.user.id, "VIEWER");
    expect((await viewer.api.post(`${mine.base}/test-cases`, { title: "x" })).status).toBe(403);
    expect((await viewer.api.get(`${mine.base}/test-cases`)).status).toBe(200);
  });
});
