import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { milestones } from "@/db/schema";
import { createProjectWithOwner, createRunSetup } from "../helpers/factories";

type Res = { status: number; body: any };
const fields = (res: Res) => (res.body.error.details as { field: string }[]).map((d) => d.field);
const names = (res: Res) => (res.body.data as { name: string }[]).map((m) => m.name);

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}/milestones`;
  const create = async (body: Record<string, unknown>) => {
    const res = await owner.api.post(base, body);
    if (res.status !== 201) throw new Error(`milestone create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { owner, project, api: owner.api, base, create };
}

/** Walks every page of a list and returns the ids in the order they came. */
async function walk(api: { get: (p: string) => Promise<Res> }, path: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const sep = path.includes("?") ? "&" : "?";
  do {
    const res: Res = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.data.map((m: { id: string }) => m.id));
    cursor = res.body.nextCursor;
    if (++pages > 100) throw new Error("pagination does not end");
  } while (cursor);
  return { ids, pages };
}

describe("milestones API", () => {
  it("creates a milestone with every field and reads it back", async () => {
    const { api, base, create, project } = await setup();
    const parent = await create({ name: "v2.4.0 Release" });
    const res = await api.post(base, {
      name: "Code freeze QA",
      description: "Phase one",
      dueDate: "2026-06-06T23:59:59.000Z",
      status: "ACTIVE",
      parentId: parent.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      projectId: project.id,
      name: "Code freeze QA",
      description: "Phase one",
      dueDate: "2026-06-06T23:59:59.000Z",
      status: "ACTIVE",
      parentId: parent.id,
      completedAt: null,
      runCounts: { total: 0, planned: 0, inProgress: 0, completed: 0, aborted: 0 },
    });
    const got = await api.get(`${base}/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it("defaults status to ACTIVE, description to empty and dueDate to null", async () => {
    const { api, base } = await setup();
    const res = await api.post(base, { name: "Sprint 42" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Sprint 42", description: "", status: "ACTIVE", dueDate: null, parentId: null, completedAt: null });
    const explicitNull = await api.post(base, { name: "No date", dueDate: null, parentId: null });
    expect(explicitNull.status).toBe(201);
    expect(explicitNull.body.dueDate).toBeNull();
  });

  it("reads a date-only dueDate as the end of that day (UTC) and normalises offsets to UTC", async () => {
    const { api, base } = await setup();
    const dateOnly = await api.post(base, { name: "Hotfix", dueDate: "2026-06-06" });
    expect(dateOnly.status).toBe(201);
    expect(dateOnly.body.dueDate).toBe("2026-06-06T23:59:59.999Z");
    const offset = await api.post(base, { name: "Offset", dueDate: "2026-06-06T10:00:00+02:00" });
    expect(offset.body.dueDate).toBe("2026-06-06T08:00:00.000Z");
  });

  it("sets completedAt when created COMPLETED", async () => {
    const { api, base } = await setup();
    const before = Date.now();
    const res = await api.post(base, { name: "Shipped", status: "COMPLETED" });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("COMPLETED");
    expect(Date.parse(res.body.completedAt)).toBeGreaterThanOrEqual(before - 5_000);
  });

  it("rejects invalid input with a 400 naming each field, and creates nothing", async () => {
    const { api, base } = await setup();
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ["name"]],
      [{ name: "  " }, ["name"]],
      [{ name: "x".repeat(201) }, ["name"]],
      [{ name: "M", dueDate: "tomorrow" }, ["dueDate"]],
      [{ name: "M", dueDate: "2026-02-30" }, ["dueDate"]],
      [{ name: "M", dueDate: "2026-06-06T10:00:00" }, ["dueDate"]],
      [{ name: "M", dueDate: 1780000000000 }, ["dueDate"]],
      [{ name: "M", dueDate: "0000-01-01T00:00:00Z" }, ["dueDate"]],
      [{ name: "M", status: "DONE" }, ["status"]],
      [{ name: "M", status: "active" }, ["status"]],
      [{ name: "M", description: 5 }, ["description"]],
      [{ name: "M", parentId: "" }, ["parentId"]],
      [{ status: "DONE", dueDate: "nope" }, ["dueDate", "name", "status"]],
    ];
    for (const [body, expected] of cases) {
      const res = await api.post(base, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(fields(res).sort(), JSON.stringify(body)).toEqual(expected);
    }
    const unknown = await api.post(base, { name: "M", owner: "me" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: "owner", message: "Unknown field" }]);
    expect((await api.get(base)).body.data).toEqual([]);
  });

  it("filters by comma-separated status, case-insensitively, and rejects an unknown status", async () => {
    const { api, base, create } = await setup();
    await create({ name: "Active one", status: "ACTIVE" });
    await create({ name: "Done one", status: "COMPLETED" });
    await create({ name: "Old one", status: "ARCHIVED" });

    expect(names(await api.get(`${base}?status=ACTIVE`))).toEqual(["Active one"]);
    expect(names(await api.get(`${base}?status=ACTIVE,COMPLETED`)).sort()).toEqual(["Active one", "Done one"]);
    expect(names(await api.get(`${base}?status=archived, completed`)).sort()).toEqual(["Done one", "Old one"]);
    expect(names(await api.get(base)).sort()).toEqual(["Active one", "Done one", "Old one"]);

    for (const qs of ["status=DONE", "status=ACTIVE,DONE", "status="]) {
      const res = await api.get(`${base}?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(fields(res)).toEqual(["status"]);
      expect(res.body.error.details[0].message).toBe("Use one or more of ACTIVE, COMPLETED, ARCHIVED, separated by commas");
    }
  });

  it("filters by q: name contains, case-insensitive, with LIKE wildcards taken literally", async () => {
    const { api, base, create } = await setup();
    for (const name of ["Release 50% done", "Release 500", "v2_4 hotfix", "v204 hotfix", "Sprint 42", "back\\slash"]) {
      await create({ name });
    }
    const q = async (s: string) => names(await api.get(`${base}?q=${encodeURIComponent(s)}`)).sort();
    expect(await q("release")).toEqual(["Release 50% done", "Release 500"]);
    expect(await q("RELEASE 50")).toEqual(["Release 50% done", "Release 500"]);
    expect(await q("50%")).toEqual(["Release 50% done"]);
    expect(await q("%")).toEqual(["Release 50% done"]);
    expect(await q("v2_4")).toEqual(["v2_4 hotfix"]);
    expect(await q("_")).toEqual(["v2_4 hotfix"]);
    expect(await q("\\")).toEqual(["back\\slash"]);
    expect(await q("sprint")).toEqual(["Sprint 42"]);
    expect(await q("nothing like this")).toEqual([]);
    // Combined with a status filter.
    await create({ name: "Release 1 archived", status: "ARCHIVED" });
    expect(names(await api.get(`${base}?q=release&status=ARCHIVED`))).toEqual(["Release 1 archived"]);
  });

  it("sorts by due date, earliest first, with undated milestones last", async () => {
    const { api, base, create } = await setup();
    await create({ name: "undated A" });
    await create({ name: "March", dueDate: "2030-03-01T00:00:00.000Z" });
    await create({ name: "January", dueDate: "2030-01-01T00:00:00Z" });
    await create({ name: "undated B" });
    await create({ name: "New Year's Eve", dueDate: "2029-12-31" });
    await create({ name: "Past", dueDate: "2020-05-05T12:00:00Z" });
    const res = await api.get(base);
    expect(res.status).toBe(200);
    expect(names(res).slice(0, 4)).toEqual(["Past", "New Year's Eve", "January", "March"]);
    expect(names(res).slice(4).sort()).toEqual(["undated A", "undated B"]);
    expect(res.body.data.slice(4).map((m: { dueDate: null }) => m.dueDate)).toEqual([null, null]);
  });

  it("walks every page without gaps or repeats, including ties and undated milestones", async () => {
    const { api, base, create } = await setup();
    const dues = [null, "2030-01-01", "2030-01-01", null, "2029-06-01T00:00:00Z", "2030-01-01", null, "2031-01-01"];
    for (const [i, dueDate] of dues.entries()) await create({ name: `M${i}`, dueDate });
    const full = await api.get(`${base}?limit=200`);
    const expected = full.body.data.map((m: { id: string }) => m.id);
    expect(expected).toHaveLength(dues.length);
    expect(full.body.nextCursor).toBeNull();
    for (const limit of [1, 2, 3, 7, 8]) {
      const { ids, pages } = await walk(api, base, limit);
      expect(ids, `limit=${limit}`).toEqual(expected);
      expect(pages).toBe(Math.ceil(dues.length / limit));
    }
    // Paging composes with filters.
    const { ids } = await walk(api, `${base}?q=M`, 1);
    expect(ids).toEqual(expected);
    const exact = await api.get(`${base}?limit=8`);
    expect(exact.body.nextCursor).toBeNull();

    for (const qs of ["limit=0", "limit=201", "cursor=garbage"]) {
      const res = await api.get(`${base}?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(fields(res)).toEqual([qs.split("=")[0]]);
    }
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const cursor of [forged(["5", "x"]), forged(["2030-01-01T00:00:00.000Z", {}]), forged([1, 2]), forged(["infinity"])]) {
      const res = await api.get(`${base}?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(["cursor"]);
    }
  });

  it("pages through due dates stored with microseconds (as SQL now() writes them) without repeating a row", async () => {
    const { api, base, project } = await setup();
    for (let i = 0; i < 4; i++) {
      await getDb()
        .insert(milestones)
        .values({ projectId: project.id, name: `Seeded ${i}`, dueDate: sql`now() + interval '5 days' + ${`${i} microseconds`}::interval` });
    }
    const full = await api.get(`${base}?limit=200`);
    expect(full.body.data).toHaveLength(4);
    const { ids, pages } = await walk(api, base, 1);
    expect(pages).toBe(4);
    expect(ids).toEqual(full.body.data.map((m: { id: string }) => m.id));
  });

  it("includes run counts by status that follow the milestone's actual runs", async () => {
    const { owner, base, milestone, environment } = await createRunSetup();
    const other = await owner.api.post(`${base}/milestones`, { name: "Other" });
    const run = async (status: string, milestoneId = milestone.id) => {
      const res = await owner.api.post(`${base}/test-runs`, { name: `Run ${status}`, milestoneId, environmentId: environment.id, status });
      expect(res.status).toBe(201);
      return res.body;
    };
    await run("PLANNED");
    const planned2 = await run("PLANNED");
    await run("IN_PROGRESS");
    await run("COMPLETED");
    await run("ABORTED");
    await run("IN_PROGRESS", other.body.id);

    const url = `${base}/milestones/${milestone.id}`;
    expect((await owner.api.get(url)).body.runCounts).toEqual({ total: 5, planned: 2, inProgress: 1, completed: 1, aborted: 1 });
    expect((await owner.api.get(`${base}/milestones/${other.body.id}`)).body.runCounts).toEqual({
      total: 1,
      planned: 0,
      inProgress: 1,
      completed: 0,
      aborted: 0,
    });

    // Moving a run through its statuses and to another milestone changes the counts.
    await owner.api.patch(`${base}/test-runs/${planned2.id}`, { status: "IN_PROGRESS" });
    expect((await owner.api.get(url)).body.runCounts).toEqual({ total: 5, planned: 1, inProgress: 2, completed: 1, aborted: 1 });
    await owner.api.patch(`${base}/test-runs/${planned2.id}`, { milestoneId: other.body.id });
    expect((await owner.api.get(url)).body.runCounts).toEqual({ total: 4, planned: 1, inProgress: 1, completed: 1, aborted: 1 });

    // The list carries the same counts.
    const list = await owner.api.get(`${base}/milestones`);
    const byId = Object.fromEntries(list.body.data.map((m: { id: string; runCounts: unknown }) => [m.id, m.runCounts]));
    expect(byId[milestone.id]).toEqual({ total: 4, planned: 1, inProgress: 1, completed: 1, aborted: 1 });
    expect(byId[other.body.id]).toEqual({ total: 2, planned: 0, inProgress: 2, completed: 0, aborted: 0 });
  });

  it("updates fields; COMPLETED goes through the checklist, sets completedAt, and going back to ACTIVE clears it", async () => {
    const { api, base, create } = await setup();
    const m = await create({ name: "v3", dueDate: "2030-01-01" });
    const url = `${base}/${m.id}`;

    const renamed = await api.patch(url, { name: "v3.0", description: "Big one", dueDate: "2030-02-01T12:00:00Z" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "v3.0", description: "Big one", dueDate: "2030-02-01T12:00:00.000Z", status: "ACTIVE", completedAt: null });

    const cleared = await api.patch(url, { dueDate: null });
    expect(cleared.body.dueDate).toBeNull();
    expect(cleared.body.name).toBe("v3.0");

    // PATCH cannot skip the release checklist (nothing executed, nobody signed off): 409 naming the items.
    const refused = await api.patch(url, { status: "COMPLETED" });
    expect(refused.status).toBe(409);
    expect(fields(refused)).toEqual(["PASS_RATE_BELOW_THRESHOLD", "NOT_SIGNED_OFF"]);
    expect(refused.body.error.message).toContain("/complete");
    expect((await api.get(url)).body).toMatchObject({ status: "ACTIVE", completedAt: null });

    const before = Date.now();
    const completed = await api.post(`${url}/complete`, { override: { reason: "Empty milestone" } });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe("COMPLETED");
    expect(completed.body.completedAt).not.toBeNull();
    expect(Date.parse(completed.body.completedAt)).toBeGreaterThanOrEqual(before - 5_000);
    // PATCHing COMPLETED again keeps the original completion time.
    const again = await api.patch(url, { status: "COMPLETED" });
    expect(again.status).toBe(200);
    expect(again.body.completedAt).toBe(completed.body.completedAt);

    const reopened = await api.patch(url, { status: "ACTIVE" });
    expect(reopened.body).toMatchObject({ status: "ACTIVE", completedAt: null });
    expect((await api.get(url)).body.completedAt).toBeNull();

    // Archived after completion keeps the completion time; reactivating clears it.
    await api.post(`${url}/complete`, { override: { reason: "Empty milestone" } });
    const archived = await api.patch(url, { status: "ARCHIVED" });
    expect(archived.body.status).toBe("ARCHIVED");
    expect(archived.body.completedAt).not.toBeNull();
    const reactivated = await api.patch(url, { status: "ACTIVE" });
    expect(reactivated.body).toMatchObject({ status: "ACTIVE", completedAt: null });

    const bad = await api.patch(url, { status: "SHIPPED", name: "" });
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(["name", "status"]);
    expect((await api.get(url)).body.name).toBe("v3.0");
  });

  it("refuses a parentId from another project or unknown with a 400 naming parentId", async () => {
    const { api, base, create } = await setup();
    const foreign = await createProjectWithOwner();
    const theirs = await foreign.owner.api.post(`/api/projects/${foreign.project.id}/milestones`, { name: "Theirs" });
    expect(theirs.status).toBe(201);

    for (const parentId of [theirs.body.id, "no-such-milestone"]) {
      const res = await api.post(base, { name: "Child", parentId });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(["parentId"]);
    }
    const m = await create({ name: "Mine" });
    const patch = await api.patch(`${base}/${m.id}`, { parentId: theirs.body.id });
    expect(patch.status).toBe(400);
    expect(fields(patch)).toEqual(["parentId"]);
    expect((await api.get(`${base}/${m.id}`)).body.parentId).toBeNull();
    expect(names(await api.get(base))).toEqual(["Mine"]);
  });

  it("nests milestones and refuses cycles", async () => {
    const { api, base, create } = await setup();
    const release = await create({ name: "Release" });
    const phase = await create({ name: "Phase", parentId: release.id });
    const step = await create({ name: "Step", parentId: phase.id });
    expect(phase.parentId).toBe(release.id);

    for (const [id, parentId] of [
      [release.id, step.id],
      [release.id, phase.id],
      [phase.id, step.id],
      [phase.id, phase.id],
    ]) {
      const res = await api.patch(`${base}/${id}`, { parentId });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(["parentId"]);
    }
    expect((await api.get(`${base}/${release.id}`)).body.parentId).toBeNull();

    // Moving within the tree and detaching are fine.
    const moved = await api.patch(`${base}/${step.id}`, { parentId: release.id });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(release.id);
    const detached = await api.patch(`${base}/${phase.id}`, { parentId: null });
    expect(detached.body.parentId).toBeNull();
    const nowValid = await api.patch(`${base}/${release.id}`, { parentId: phase.id });
    expect(nowValid.status).toBe(200);
  });

  it("refuses a cycle even when the two halves arrive at the same time", async () => {
    const { api, base, create } = await setup();
    for (let round = 0; round < 3; round++) {
      const a = await create({ name: `A${round}` });
      const b = await create({ name: `B${round}` });
      const [ab, ba] = await Promise.all([api.patch(`${base}/${a.id}`, { parentId: b.id }), api.patch(`${base}/${b.id}`, { parentId: a.id })]);
      expect([ab.status, ba.status].sort()).toEqual([200, 400]);
      const parents = [(await api.get(`${base}/${a.id}`)).body.parentId, (await api.get(`${base}/${b.id}`)).body.parentId];
      expect(parents.filter(Boolean)).toHaveLength(1);
    }
  });

  it("deletes only empty milestones: 409 with runs (pointing to archiving) or children, 204 then 404", async () => {
    const { owner, base, milestone, environment } = await createRunSetup();
    const api = owner.api;
    const run = await api.post(`${base}/test-runs`, { name: "Smoke", milestoneId: milestone.id, environmentId: environment.id });
    expect(run.status).toBe(201);

    const withRuns = await api.delete(`${base}/milestones/${milestone.id}`);
    expect(withRuns.status).toBe(409);
    expect(withRuns.body.error.code).toBe("CONFLICT");
    expect(withRuns.body.error.message).toMatch(/archiv/i);
    expect(withRuns.body.error.message).toContain("ARCHIVED");
    expect((await api.get(`${base}/milestones/${milestone.id}`)).status).toBe(200);
    // Archiving is the way out, and keeps the run.
    expect((await api.patch(`${base}/milestones/${milestone.id}`, { status: "ARCHIVED" })).body.status).toBe("ARCHIVED");
    expect((await api.get(`${base}/test-runs/${run.body.id}`)).body.milestone.id).toBe(milestone.id);

    const parent = await api.post(`${base}/milestones`, { name: "Parent" });
    const child = await api.post(`${base}/milestones`, { name: "Child", parentId: parent.body.id });
    const withChildren = await api.delete(`${base}/milestones/${parent.body.id}`);
    expect(withChildren.status).toBe(409);
    expect(withChildren.body.error.message).toMatch(/child/i);
    expect((await api.get(`${base}/milestones/${parent.body.id}`)).status).toBe(200);

    expect((await api.delete(`${base}/milestones/${child.body.id}`)).status).toBe(204);
    const del = await api.delete(`${base}/milestones/${parent.body.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const gone = await api.get(`${base}/milestones/${parent.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("NOT_FOUND");
    expect((await api.delete(`${base}/milestones/${parent.body.id}`)).status).toBe(404);
    expect(names(await api.get(`${base}/milestones`))).toEqual(["v1.0"]);
  });

  it("answers 404 for another project's milestone, by own path and by the foreign path", async () => {
    const mine = await setup();
    const theirs = await setup();
    const secret = await theirs.create({ name: "Secret" });

    for (const res of [
      await mine.api.get(`${mine.base}/${secret.id}`),
      await mine.api.patch(`${mine.base}/${secret.id}`, { name: "Stolen" }),
      await mine.api.delete(`${mine.base}/${secret.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Milestone not found.");
    }
    for (const res of [
      await mine.api.get(theirs.base),
      await mine.api.post(theirs.base, { name: "Intruder" }),
      await mine.api.get(`${theirs.base}/${secret.id}`),
      await mine.api.patch(`${theirs.base}/${secret.id}`, { name: "Stolen" }),
      await mine.api.delete(`${theirs.base}/${secret.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Project not found.");
    }
    expect(names(await theirs.api.get(theirs.base))).toEqual(["Secret"]);
    expect(names(await mine.api.get(mine.base))).toEqual([]);
  });
});
