import { describe, expect, it } from "vitest";
import type { ApiResponse } from "../helpers/api";
import { addMember, createProjectWithOwner, createRunSetup, createUser, uniqueKey } from "../helpers/factories";

function expectForbidden(res: ApiResponse, label: string) {
  expect(res.status, label).toBe(403);
  expect(res.body.error.code).toBe("FORBIDDEN");
}

async function member(projectId: string, role: "VIEWER" | "TESTER" | "ADMIN") {
  const u = await createUser();
  await addMember(projectId, u.user.id, role);
  return u;
}

describe("project roles", () => {
  it("lets a VIEWER read everything but write nothing (403)", async () => {
    const { owner, project, base, milestone, environment } = await createRunSetup();
    const run = (await owner.api.post(`${base}/test-runs`, { name: "R", milestoneId: milestone.id, environmentId: environment.id })).body;
    const viewer = await member(project.id, "VIEWER");
    const api = viewer.api;

    const list = await api.get("/api/projects");
    expect(list.body.data.map((p: { id: string; role: string }) => [p.id, p.role])).toEqual([[project.id, "VIEWER"]]);
    expect((await api.get(base)).body.role).toBe("VIEWER");
    expect((await api.get(`${base}/milestones`)).body.data.map((m: { id: string }) => m.id)).toEqual([milestone.id]);
    expect((await api.get(`${base}/milestones/${milestone.id}`)).body.runCounts.total).toBe(1);
    expect((await api.get(`${base}/environments`)).body.data.map((e: { id: string }) => e.id)).toEqual([environment.id]);
    expect((await api.get(`${base}/environments/${environment.id}`)).status).toBe(200);
    expect((await api.get(`${base}/test-runs`)).body.data.map((r: { id: string }) => r.id)).toEqual([run.id]);
    expect((await api.get(`${base}/test-runs/${run.id}`)).status).toBe(200);

    const writes: [string, Promise<ApiResponse>][] = [
      ["create milestone", api.post(`${base}/milestones`, { name: "v2" })],
      ["update milestone", api.patch(`${base}/milestones/${milestone.id}`, { name: "renamed" })],
      ["delete milestone", api.delete(`${base}/milestones/${milestone.id}`)],
      ["create environment", api.post(`${base}/environments`, { name: "QA" })],
      ["update environment", api.patch(`${base}/environments/${environment.id}`, { name: "renamed" })],
      ["delete environment", api.delete(`${base}/environments/${environment.id}`)],
      ["create run", api.post(`${base}/test-runs`, { name: "R2", milestoneId: milestone.id, environmentId: environment.id })],
      ["update run", api.patch(`${base}/test-runs/${run.id}`, { status: "IN_PROGRESS" })],
      ["complete run", api.post(`${base}/test-runs/${run.id}/complete`)],
      ["update project", api.patch(base, { name: "renamed" })],
    ];
    for (const [label, res] of writes) expectForbidden(await res, label);
    const forbidden = await api.post(`${base}/milestones`, { name: "v2" });
    expect(forbidden.body.error.message).toMatch(/ADMIN/);
    expect(forbidden.body.error.message).toMatch(/VIEWER/);

    // Nothing changed.
    const after = await owner.api.get(`${base}/test-runs/${run.id}`);
    expect(after.body).toMatchObject({ name: "R", status: "PLANNED" });
    expect((await owner.api.get(`${base}/milestones`)).body.data.map((m: { name: string }) => m.name)).toEqual(["v1.0"]);
    expect((await owner.api.get(`${base}/environments`)).body.data.map((e: { name: string }) => e.name)).toEqual(["Staging"]);
  });

  it("lets a TESTER create and run test runs but not manage milestones or environments (403)", async () => {
    const { owner, project, base, milestone, environment } = await createRunSetup();
    const tester = await member(project.id, "TESTER");
    const api = tester.api;

    const created = await api.post(`${base}/test-runs`, { name: "Exploratory", milestoneId: milestone.id, environmentId: environment.id, kind: "EXPLORATORY" });
    expect(created.status).toBe(201);
    const started = await api.patch(`${base}/test-runs/${created.body.id}`, { status: "IN_PROGRESS" });
    expect(started.status).toBe(200);
    const done = await api.patch(`${base}/test-runs/${created.body.id}`, { status: "COMPLETED", verdict: "PASSED" });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe("COMPLETED");
    const ci = await api.post(`${base}/test-runs`, { name: "CI", milestoneId: milestone.id, environmentId: environment.id, ciBuildId: "b1" });
    expect(ci.status).toBe(201);

    const writes: [string, Promise<ApiResponse>][] = [
      ["create milestone", api.post(`${base}/milestones`, { name: "v2" })],
      ["update milestone", api.patch(`${base}/milestones/${milestone.id}`, { status: "COMPLETED" })],
      ["delete milestone", api.delete(`${base}/milestones/${milestone.id}`)],
      ["create environment", api.post(`${base}/environments`, { name: "QA" })],
      ["update environment", api.patch(`${base}/environments/${environment.id}`, { name: "renamed" })],
      ["delete environment", api.delete(`${base}/environments/${environment.id}`)],
      ["update project", api.patch(base, { name: "renamed" })],
    ];
    for (const [label, res] of writes) expectForbidden(await res, label);
    expect((await owner.api.get(`${base}/milestones/${milestone.id}`)).body).toMatchObject({ status: "ACTIVE", runCounts: { total: 2, completed: 1, planned: 1 } });
    expect((await api.get(base)).body.role).toBe("TESTER");
  });

  it("lets a project ADMIN member manage milestones and environments", async () => {
    const { project } = await createProjectWithOwner();
    const admin = await member(project.id, "ADMIN");
    const base = `/api/projects/${project.id}`;
    expect((await admin.api.post(`${base}/milestones`, { name: "v2" })).status).toBe(201);
    expect((await admin.api.post(`${base}/environments`, { name: "QA" })).status).toBe(201);
  });

  it("lets an instance admin see and manage every project", async () => {
    const one = await createProjectWithOwner();
    const two = await createProjectWithOwner();
    const admin = await createUser({ isAdmin: true });

    const list = await admin.api.get("/api/projects?limit=200");
    expect(list.status).toBe(200);
    const listed = new Map(list.body.data.map((p: { id: string; role: string }) => [p.id, p.role]));
    expect(listed.get(one.project.id)).toBe("ADMIN");
    expect(listed.get(two.project.id)).toBe("ADMIN");

    const got = await admin.api.get(`/api/projects/${two.project.key}`);
    expect(got.status).toBe(200);
    expect(got.body.role).toBe("ADMIN");
    const ms = await admin.api.post(`/api/projects/${one.project.id}/milestones`, { name: "Admin's" });
    expect(ms.status).toBe(201);
    expect((await one.owner.api.get(`/api/projects/${one.project.id}/milestones`)).body.data.map((m: { name: string }) => m.name)).toEqual(["Admin's"]);

    // A regular user sees neither.
    const regular = await createUser();
    const theirs = await regular.api.get("/api/projects?limit=200");
    const ids = theirs.body.data.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(one.project.id);
    expect(ids).not.toContain(two.project.id);
  });

  it("answers 404, not 403, to a user who is not a member", async () => {
    const { project, base, milestone } = await createRunSetup();
    const outsider = await createUser();
    for (const res of [
      await outsider.api.get(base),
      await outsider.api.get(`${base}/milestones/${milestone.id}`),
      await outsider.api.post(`${base}/milestones`, { name: "x" }),
      await outsider.api.patch(`/api/projects/${project.key}`, { name: "x" }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
    expect((await outsider.api.post("/api/projects", { name: "Own", key: uniqueKey() })).status).toBe(201);
  });
});
