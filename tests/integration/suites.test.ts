import { describe, expect, it } from "vitest";
import { insertCases } from "../helpers/case-fixtures";
import { addMember, createProjectWithOwner, createUser } from "../helpers/factories";

type SuiteBody = { id: string; name: string; parentId: string | null; position: number; depth: number; path: string[]; caseCount: number };
const fields = (res: { body: any }) => (res.body.error.details as { field: string }[]).map((d) => d.field);

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}`;
  const suite = async (name: string, parentId: string | null = null, extra: object = {}) => {
    const res = await owner.api.post(`${base}/suites`, { name, parentId, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as SuiteBody;
  };
  return { owner, project, base, suite };
}

describe("suites API", () => {
  it("creates a tree and lists it flat in display order with case counts", async () => {
    const { owner, base, suite } = await setup();
    const web = await suite("Web");
    const api = await suite("API");
    const checkout = await suite("Checkout", web.id, { description: "Paying" });
    const cart = await suite("Cart", web.id);
    const payments = await suite("Payments", checkout.id);
    expect(web).toMatchObject({ parentId: null, position: 0, depth: 0, path: ["Web"], caseCount: 0 });
    expect(api.position).toBe(1);
    expect(cart.position).toBe(1);
    expect(payments).toMatchObject({ parentId: checkout.id, depth: 2, path: ["Web", "Checkout", "Payments"] });

    await owner.api.post(`${base}/test-cases`, { title: "Pay by card", suiteId: payments.id });
    await owner.api.post(`${base}/test-cases`, { title: "Pay by invoice", suiteId: payments.id });
    const archived = await owner.api.post(`${base}/test-cases`, { title: "Old", suiteId: payments.id });
    await owner.api.delete(`${base}/test-cases/${archived.body.id}`);

    const list = await owner.api.get(`${base}/suites`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: SuiteBody) => s.path.join("/"))).toEqual(["Web", "Web/Checkout", "Web/Checkout/Payments", "Web/Cart", "API"]);
    expect(list.body.data.find((s: SuiteBody) => s.id === payments.id).caseCount).toBe(2);

    const one = await owner.api.get(`${base}/suites/${checkout.id}`);
    expect(one.body).toMatchObject({ id: checkout.id, name: "Checkout", description: "Paying", parentId: web.id });
  });

  it("keeps sibling names unique (409) but allows the same name elsewhere", async () => {
    const { owner, base, suite } = await setup();
    const web = await suite("Web");
    const mobile = await suite("Mobile");
    await suite("Login", web.id);
    const dup = await owner.api.post(`${base}/suites`, { name: "Login", parentId: web.id });
    expect(dup.status).toBe(409);
    expect(fields(dup)).toEqual(["name"]);
    expect((await owner.api.post(`${base}/suites`, { name: "Web" })).status).toBe(409);
    const other = await suite("Login", mobile.id);
    // Moving it next to its namesake conflicts as well.
    const move = await owner.api.patch(`${base}/suites/${other.id}`, { parentId: web.id });
    expect(move.status).toBe(409);
    expect((await owner.api.get(`${base}/suites/${other.id}`)).body.parentId).toBe(mobile.id);
  });

  it("renames, moves and reorders, refusing cycles and foreign parents", async () => {
    const { owner, base, suite } = await setup();
    const a = await suite("A");
    const b = await suite("B");
    const a1 = await suite("A1", a.id);
    const a11 = await suite("A11", a1.id);

    const renamed = await owner.api.patch(`${base}/suites/${a1.id}`, { name: "First" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "First", path: ["A", "First"] });

    for (const parentId of [a1.id, a11.id]) {
      const cycle = await owner.api.patch(`${base}/suites/${a1.id}`, { parentId });
      expect(cycle.status).toBe(400);
      expect(fields(cycle)).toEqual(["parentId"]);
    }
    const self = await owner.api.patch(`${base}/suites/${a.id}`, { parentId: a.id });
    expect(self.status).toBe(400);
    const deep = await owner.api.patch(`${base}/suites/${a.id}`, { parentId: a11.id });
    expect(deep.status).toBe(400);

    const theirs = await createProjectWithOwner();
    const foreign = await theirs.owner.api.post(`/api/projects/${theirs.project.id}/suites`, { name: "Foreign" });
    const toForeign = await owner.api.patch(`${base}/suites/${a1.id}`, { parentId: foreign.body.id });
    expect(toForeign.status).toBe(400);
    expect(fields(toForeign)).toEqual(["parentId"]);
    const createUnderForeign = await owner.api.post(`${base}/suites`, { name: "X", parentId: foreign.body.id });
    expect(createUnderForeign.status).toBe(400);

    const moved = await owner.api.patch(`${base}/suites/${a1.id}`, { parentId: b.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: b.id, path: ["B", "First"] });
    expect((await owner.api.get(`${base}/suites/${a11.id}`)).body.path).toEqual(["B", "First", "A11"]);
    const toTop = await owner.api.patch(`${base}/suites/${a1.id}`, { parentId: null });
    expect(toTop.body).toMatchObject({ parentId: null, depth: 0 });

    // Reorder: B before A.
    await owner.api.patch(`${base}/suites/${b.id}`, { position: 0 });
    await owner.api.patch(`${base}/suites/${a.id}`, { position: 5 });
    const names = (await owner.api.get(`${base}/suites`)).body.data.filter((s: SuiteBody) => s.depth === 0).map((s: SuiteBody) => s.name);
    expect(names).toEqual(["B", "First", "A"]);

    const invalid = await owner.api.patch(`${base}/suites/${a.id}`, { name: " ", position: -1, color: "red" });
    expect(invalid.status).toBe(400);
    expect(fields(invalid).sort()).toEqual(["color", "name", "position"]);
    const slash = await owner.api.post(`${base}/suites`, { name: "A / B" });
    expect(slash.status).toBe(400);
  });

  it("deletes a subtree, archiving and detaching its cases instead of losing them", async () => {
    const { owner, project, base, suite } = await setup();
    const web = await suite("Web");
    const checkout = await suite("Checkout", web.id);
    const keep = await suite("Keep");
    const inWeb = (await owner.api.post(`${base}/test-cases`, { title: "Home page", suiteId: web.id })).body;
    const inCheckout = (await owner.api.post(`${base}/test-cases`, { title: "Pay", suiteId: checkout.id })).body;
    const alreadyArchived = (await owner.api.post(`${base}/test-cases`, { title: "Legacy", suiteId: checkout.id })).body;
    await owner.api.delete(`${base}/test-cases/${alreadyArchived.id}`);
    const elsewhere = (await owner.api.post(`${base}/test-cases`, { title: "Other", suiteId: keep.id })).body;

    const tester = await createUser();
    await addMember(project.id, tester.user.id, "TESTER");
    const refused = await tester.api.delete(`${base}/suites/${web.id}`);
    expect(refused.status).toBe(403);

    const del = await owner.api.delete(`${base}/suites/${web.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ deletedSuites: 2, archivedCases: 2, detachedCases: 3 });
    expect((await owner.api.get(`${base}/suites/${web.id}`)).status).toBe(404);
    expect((await owner.api.get(`${base}/suites/${checkout.id}`)).status).toBe(404);
    expect((await owner.api.get(`${base}/suites`)).body.data.map((s: SuiteBody) => s.name)).toEqual(["Keep"]);

    for (const c of [inWeb, inCheckout, alreadyArchived]) {
      const got = await owner.api.get(`${base}/test-cases/${c.key}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ archived: true, suite: null, title: c.title });
    }
    expect((await owner.api.get(`${base}/test-cases/${elsewhere.id}`)).body).toMatchObject({ archived: false, suite: { id: keep.id, name: "Keep" } });
    const archivedList = await owner.api.get(`${base}/test-cases?archived=true`);
    expect(archivedList.body.data.map((c: { title: string }) => c.title)).toEqual(["Home page", "Pay", "Legacy"]);
  });

  it("reorders by index among siblings, even when their stored positions are equal", async () => {
    const { owner, project, base } = await setup();
    // Suites made outside the API (CI uploads, fixtures) all sit at position 0, sorted by name.
    await insertCases(project, [{ title: "x", suite: ["X"] }, { title: "y", suite: ["Y"] }, { title: "z", suite: ["Z"] }]);
    const list = async () => (await owner.api.get(`${base}/suites`)).body.data as SuiteBody[];
    const top = async () => (await list()).filter((s) => s.depth === 0).map((s) => `${s.name}:${s.position}`);
    expect(await top()).toEqual(["X:0", "Y:0", "Z:0"]);
    const id = async (name: string) => (await list()).find((s) => s.name === name)!.id;

    // "Move up" on Y (index 1) is position 0.
    const up = await owner.api.patch(`${base}/suites/${await id("Y")}`, { position: 0 });
    expect(up.status).toBe(200);
    expect(await top()).toEqual(["Y:0", "X:1", "Z:2"]);
    // "Move down" on Y again; past the end means last.
    await owner.api.patch(`${base}/suites/${await id("Y")}`, { position: 1 });
    expect(await top()).toEqual(["X:0", "Y:1", "Z:2"]);
    await owner.api.patch(`${base}/suites/${await id("X")}`, { position: 99 });
    expect(await top()).toEqual(["Y:0", "Z:1", "X:2"]);

    // Moving under another parent puts it last there and closes the gap it leaves.
    const child = (await owner.api.post(`${base}/suites`, { name: "Child", parentId: await id("Y") })).body as SuiteBody;
    const moved = await owner.api.patch(`${base}/suites/${await id("Z")}`, { parentId: await id("Y") });
    expect(moved.body).toMatchObject({ path: ["Y", "Z"], position: 1 });
    expect(await top()).toEqual(["Y:0", "X:1"]);
    expect((await list()).map((s) => s.path.join("/"))).toEqual(["Y", "Y/Child", "Y/Z", "X"]);
    expect(child.position).toBe(0);
  });

  it("answers 404 for another project's suite", async () => {
    const mine = await setup();
    const theirs = await setup();
    const foreign = await theirs.suite("Secret");
    const own = `${mine.base}/suites/${foreign.id}`;
    for (const res of [await mine.owner.api.get(own), await mine.owner.api.patch(own, { name: "Stolen" }), await mine.owner.api.delete(own)]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Suite not found.");
    }
    expect((await theirs.owner.api.get(`${theirs.base}/suites/${foreign.id}`)).body.name).toBe("Secret");
  });
});
