import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createProjectWithOwner } from "../helpers/factories";

/**
 * The three calls of the product article (product/000_d023124d35cb86a0.txt), sent as curl sends
 * them: a Bearer key, `Content-Type: application/json`, and the article's JSON text verbatim.
 */
describe("the article's curl sequence", () => {
  it("creates a milestone, lists milestones, then creates a test run linked to the milestone and an environment", async () => {
    const { owner, project } = await createProjectWithOwner();
    const headers = { Authorization: `Bearer ${owner.key}`, "Content-Type": "application/json" };
    const env = await owner.api.post(`/api/projects/${project.id}/environments`, { name: "Staging" });
    expect(env.status).toBe(201);

    // curl -X POST ".../api/projects/{projectId}/milestones" -H "Authorization: Bearer qas_..." -H "Content-Type: application/json" -d '{...}'
    const milestone = await call("POST", `/api/projects/${project.id}/milestones`, {
      headers,
      rawBody: `{
"name": "v2.4.0 Release",
"description": "Regression and smoke for May release",
"dueDate": "2026-06-06T23:59:59.000Z",
"status": "ACTIVE"
}`,
    });
    expect(milestone.status).toBe(201);
    expect(milestone.headers.get("content-type")).toMatch(/^application\/json/);
    expect(milestone.body).toMatchObject({
      projectId: project.id,
      name: "v2.4.0 Release",
      description: "Regression and smoke for May release",
      dueDate: "2026-06-06T23:59:59.000Z",
      status: "ACTIVE",
      parentId: null,
      completedAt: null,
    });
    const milestoneId = milestone.body.id as string;
    expect(milestoneId).toMatch(/\S/);

    // curl ".../api/projects/{projectId}/milestones" -H "Authorization: Bearer qas_..."
    const list = await call("GET", `/api/projects/${project.id}/milestones`, { headers: { Authorization: `Bearer ${owner.key}` } });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: milestoneId, name: "v2.4.0 Release", dueDate: "2026-06-06T23:59:59.000Z", status: "ACTIVE" });

    // curl -X POST ".../api/projects/{projectId}/test-runs" ... -d '{"name": "Regression – Staging", "milestoneId": ..., "environmentId": ..., "status": "IN_PROGRESS"}'
    const run = await call("POST", `/api/projects/${project.id}/test-runs`, {
      headers,
      rawBody: `{
"name": "Regression – Staging",
"milestoneId": "${milestoneId}",
"environmentId": "${env.body.id}",
"status": "IN_PROGRESS"
}`,
    });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({
      name: "Regression – Staging",
      status: "IN_PROGRESS",
      kind: "MANUAL",
      milestone: { id: milestoneId, name: "v2.4.0 Release" },
      environment: { id: env.body.id, name: "Staging" },
      counts: { total: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 },
      completedAt: null,
    });
    expect(run.body.startedAt).not.toBeNull();

    // The run rolls up to the release.
    const rollup = await owner.api.get(`/api/projects/${project.id}/milestones/${milestoneId}`);
    expect(rollup.body.runCounts).toEqual({ total: 1, planned: 0, inProgress: 1, completed: 0, aborted: 0 });
    const runs = await owner.api.get(`/api/projects/${project.id}/test-runs?milestoneId=${milestoneId}`);
    expect(runs.body.data.map((r: { id: string }) => r.id)).toEqual([run.body.id]);
  });

  it("works the same with the project key in place of its id", async () => {
    const { owner, project } = await createProjectWithOwner();
    const headers = { Authorization: `Bearer ${owner.key}`, "Content-Type": "application/json" };
    const base = `/api/projects/${project.key}`;
    const env = await call("POST", `${base}/environments`, { headers, rawBody: `{"name": "Staging"}` });
    const ms = await call("POST", `${base}/milestones`, {
      headers,
      rawBody: `{"name": "v2.4.0 Release", "description": "Regression and smoke for May release", "dueDate": "2026-06-06T23:59:59.000Z", "status": "ACTIVE"}`,
    });
    expect(ms.status).toBe(201);
    expect(ms.body.projectId).toBe(project.id);
    const list = await call("GET", `${base}/milestones`, { headers: { Authorization: `Bearer ${owner.key}` } });
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([ms.body.id]);
    const run = await call("POST", `${base}/test-runs`, {
      headers,
      rawBody: JSON.stringify({ name: "Regression – Staging", milestoneId: ms.body.id, environmentId: env.body.id, status: "IN_PROGRESS" }),
    });
    expect(run.status).toBe(201);
    expect(run.body.projectId).toBe(project.id);
  });

  it("refuses the same calls without the key", async () => {
    const { project } = await createProjectWithOwner();
    const res = await call("GET", `/api/projects/${project.id}/milestones`);
    expect(res.status).toBe(401);
    const post = await call("POST", `/api/projects/${project.id}/milestones`, { body: { name: "v2.4.0 Release" } });
    expect(post.status).toBe(401);
    expect(post.body.error.code).toBe("UNAUTHENTICATED");
  });
});
