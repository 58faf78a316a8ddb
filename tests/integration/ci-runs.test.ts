import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { sweepStaleRuns } from "@/lib/runs/sweep-stale-runs";
import { addMember, createRunSetup, createUser } from "../helpers/factories";

describe("runs from CI", () => {
  it("references milestone and environment by name, creating an unknown environment for project admins", async () => {
    const { owner, base, milestone } = await createRunSetup();
    const res = await owner.api.post(`${base}/test-runs`, { name: "CI", milestone: "V1.0", environment: "Preview-42", kind: "AUTOMATED" });
    expect(res.status).toBe(201);
    expect(res.body.milestone).toEqual({ id: milestone.id, name: "v1.0" });
    expect(res.body.environment.name).toBe("Preview-42");
    const envs = await owner.api.get(`${base}/environments`);
    expect(envs.body.data.map((e: { name: string }) => e.name)).toContain("Preview-42");
    const again = await owner.api.post(`${base}/test-runs`, { name: "CI 2", milestone: "v1.0", environment: "preview-42" });
    expect(again.body.environment.id).toBe(res.body.environment.id);
  });

  it("refuses an unknown environment name for a tester, and an unknown milestone name for anyone", async () => {
    const { owner, base, project } = await createRunSetup();
    const tester = await createUser();
    await addMember(project.id, tester.user.id, "TESTER");
    const res = await tester.api.post(`${base}/test-runs`, { name: "CI", milestone: "v1.0", environment: "Nowhere" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(["environment"]);
    const ok = await tester.api.post(`${base}/test-runs`, { name: "CI", milestone: "v1.0", environment: "staging" });
    expect(ok.status).toBe(201);
    const bad = await owner.api.post(`${base}/test-runs`, { name: "CI", milestone: "v9", environment: "Staging" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(["milestone"]);
    const neither = await owner.api.post(`${base}/test-runs`, { name: "CI", environment: "Staging" });
    expect(neither.body.error.details.map((d: { field: string }) => d.field)).toEqual(["milestoneId"]);
  });

  it("completes itself when every shard has reported its end", async () => {
    const { owner, base } = await createRunSetup();
    const body = (current: number) => ({ name: "CI", milestone: "v1.0", environment: "Staging", ciBuildId: "gh-1-1", shard: { current, total: 3 } });
    const first = await owner.api.post(`${base}/test-runs`, body(1));
    const runId = first.body.id;
    for (const n of [2, 3]) expect((await owner.api.post(`${base}/test-runs`, body(n))).body.id).toBe(runId);
    const complete = (current: number) => owner.api.post(`${base}/test-runs/${runId}/complete`, { shard: { current, total: 3 } });
    expect((await complete(2)).body).toMatchObject({ status: "PLANNED", shards: { total: 3, completed: [2] } });
    expect((await complete(2)).body.shards.completed).toEqual([2]);
    expect((await complete(1)).body.status).toBe("PLANNED");
    const last = await complete(3);
    expect(last.body).toMatchObject({ status: "COMPLETED", completionReason: "SHARDS", shards: { total: 3, completed: [1, 2, 3] } });
    expect(last.body.completedAt).not.toBeNull();
    const bad = await owner.api.post(`${base}/test-runs/${runId}/complete`, { shard: { current: 4, total: 3 } });
    expect(bad.status).toBe(400);
  });

  it("the sweeper completes CI runs that stopped receiving data, and marks them", async () => {
    const { owner, base, milestone, environment } = await createRunSetup();
    const mk = (name: string, ciBuildId: string | null) =>
      owner.api.post(`${base}/test-runs`, { name, milestoneId: milestone.id, environmentId: environment.id, ciBuildId, status: "IN_PROGRESS" });
    const stale = (await mk("stale", "b-stale")).body;
    const fresh = (await mk("fresh", "b-fresh")).body;
    const manual = (await mk("manual", null)).body;
    await getDb().execute(sql`update test_runs set last_activity_at = now() - interval '2 hours' where id in (${stale.id}, ${manual.id})`);
    const swept = await sweepStaleRuns(getDb(), 60);
    expect(swept).toContain(stale.id);
    expect(swept).not.toContain(fresh.id);
    expect(swept).not.toContain(manual.id);
    const got = await owner.api.get(`${base}/test-runs/${stale.id}`);
    expect(got.body).toMatchObject({ status: "COMPLETED", completionReason: "TIMEOUT" });
    expect((await owner.api.get(`${base}/test-runs/${fresh.id}`)).body.status).toBe("IN_PROGRESS");
    // A late upload into a timed-out run is still accepted.
    const late = await owner.api.post(`${base}/test-runs/${stale.id}/results`, { results: [{ testKey: "late.spec.ts › x", status: "passed" }] });
    expect(late.status).toBe(200);
    expect(await sweepStaleRuns(getDb(), 60)).not.toContain(stale.id);
  });
});
