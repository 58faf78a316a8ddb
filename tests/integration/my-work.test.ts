import { describe, expect, it } from "vitest";
import { entriesOf, insertCases } from "../helpers/case-fixtures";
import { addMember, createKeyFor, createRunSetup, createUser } from "../helpers/factories";
import { client } from "../helpers/api";

/** A project with two milestones (due at different times) and a planned run in each. */
async function projectFor(testerId: string, dueDates: [string | null, string | null]) {
  const setup = await createRunSetup();
  await addMember(setup.project.id, testerId, "TESTER");
  const cases = await insertCases(setup.project, [{ title: "One" }, { title: "Two" }, { title: "Three" }]);
  const milestones = [];
  for (const [i, dueDate] of dueDates.entries()) {
    milestones.push((await setup.owner.api.post(`${setup.base}/milestones`, { name: `M${i}`, ...(dueDate ? { dueDate } : {}) })).body);
  }
  const plan = async (milestoneId: string, name: string) => {
    const run = (await setup.owner.api.post(`${setup.base}/test-runs`, { name, milestoneId, environmentId: setup.environment.id, caseIds: cases.map((c) => c.id) })).body;
    return { run, entries: await entriesOf(run.id) };
  };
  return { ...setup, milestones, plan };
}

describe("my work", () => {
  it("lists my entries in open runs across projects, grouped by milestone, soonest due first", async () => {
    const me = await createUser({ name: "Me" });
    const a = await projectFor(me.user.id, ["2031-03-01T00:00:00.000Z", null]);
    const b = await projectFor(me.user.id, ["2030-06-01T00:00:00.000Z", "2032-01-01T00:00:00.000Z"]);
    const assign = async (p: typeof a, runId: string, entryIds: string[], assigneeId = me.user.id) =>
      p.owner.api.post(`${p.base}/test-runs/${runId}/entries/assign`, { entryIds, assigneeId });

    const a0 = await a.plan(a.milestones[0].id, "A smoke");
    await assign(a, a0.run.id, [a0.entries[0].id, a0.entries[1].id, a0.entries[2].id]);
    await me.api.post(`${a.base}/test-runs/${a0.run.id}/entries/${a0.entries[0].id}/results`, { status: "PASSED" });
    await me.api.post(`${a.base}/test-runs/${a0.run.id}/entries/${a0.entries[1].id}/results`, { status: "RETEST" });
    const a1 = await a.plan(a.milestones[1].id, "A later");
    await assign(a, a1.run.id, [a1.entries[0].id]);
    const b0 = await b.plan(b.milestones[0].id, "B first");
    await assign(b, b0.run.id, [b0.entries[2].id]);
    // Not mine, or not open: left out.
    await assign(b, b0.run.id, [b0.entries[0].id], b.owner.user.id);
    const b1 = await b.plan(b.milestones[1].id, "B done");
    await assign(b, b1.run.id, [b1.entries[0].id]);
    await b.owner.api.post(`${b.base}/test-runs/${b1.run.id}/complete`);

    const res = await me.api.get("/api/me/work");
    expect(res.status).toBe(200);
    expect(res.body.data.map((g: { milestone: { name: string }; project: { key: string } }) => `${g.project.key}/${g.milestone.name}`)).toEqual([
      `${b.project.key}/M0`,
      `${a.project.key}/M0`,
      `${a.project.key}/M1`,
    ]);
    const [first, second, third] = res.body.data;
    expect(first).toMatchObject({ milestone: { dueDate: "2030-06-01T00:00:00.000Z" }, runs: [{ id: b0.run.id, name: "B first", assigned: 1, untested: 1, open: 1 }] });
    expect(second.runs).toEqual([
      {
        id: a0.run.id,
        name: "A smoke",
        status: "IN_PROGRESS",
        project: { id: a.project.id, key: a.project.key, name: expect.any(String) },
        environment: { id: a.environment.id, name: "Staging" },
        assigned: 3,
        untested: 1,
        open: 2,
        // Open entries first (in run order), then the done ones: each links to its execution view.
        entries: [
          { id: a0.entries[1].id, caseKey: `${a.project.key}-2`, title: "Two", priority: "MEDIUM", status: "RETEST" },
          { id: a0.entries[2].id, caseKey: `${a.project.key}-3`, title: "Three", priority: "MEDIUM", status: "UNTESTED" },
          { id: a0.entries[0].id, caseKey: `${a.project.key}-1`, title: "One", priority: "MEDIUM", status: "PASSED" },
        ],
      },
    ]);
    expect(third).toMatchObject({ milestone: { dueDate: null }, runs: [{ id: a1.run.id, status: "PLANNED", assigned: 1 }] });

    // A key limited to one project sees that project's work only; the owner of B has one entry.
    const narrow = client(await createKeyFor(me.user.id, { projectId: a.project.id }));
    expect((await narrow.get("/api/me/work")).body.data).toHaveLength(2);
    const owner = (await b.owner.api.get("/api/me/work")).body.data;
    expect(owner).toMatchObject([{ runs: [{ id: b0.run.id, assigned: 1 }] }]);
  });

  it("drops a project the user no longer belongs to, and is empty for someone with nothing assigned", async () => {
    const me = await createUser();
    const a = await projectFor(me.user.id, ["2030-01-01T00:00:00.000Z", null]);
    const a0 = await a.plan(a.milestones[0].id, "A");
    await a.owner.api.post(`${a.base}/test-runs/${a0.run.id}/entries/assign`, { all: true, assigneeId: me.user.id });
    expect((await me.api.get("/api/me/work")).body.data).toHaveLength(1);
    await a.owner.api.delete(`${a.base}/members/${me.user.id}`);
    expect((await me.api.get("/api/me/work")).body).toEqual({ data: [] });
    expect((await (await createUser()).api.get("/api/me/work")).body).toEqual({ data: [] });
    expect((await client("qas_nope").get("/api/me/work")).status).toBe(401);
  });
});
