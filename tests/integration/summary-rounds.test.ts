import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { actorFromUserId } from "@/lib/auth/actor";
import { withProject } from "@/lib/auth/project-access";
import { sharedMilestoneGate, sharedMilestoneSummary } from "@/lib/milestones/summary-rounds";
import { createCiRunSetup } from "../helpers/factories";

const result = (k: number, status = "passed") => ({ testKey: `rounds.spec.ts › test ${k}`, title: `test ${k}`, status });

async function world() {
  const setup = await createCiRunSetup();
  const actor = (await actorFromUserId(getDb(), setup.owner.user.id))!;
  const ctx = await withProject({ db: getDb(), actor, requestId: "test" }, setup.project.id);
  const post = (results: unknown[]) => setup.owner.api.post(setup.url, { results });
  return { ...setup, ctx, post };
}

describe("summary rounds: concurrent readers share computations, never a stale answer", () => {
  it("readers that arrive during a round share the next one, which sees every write committed before they asked", async () => {
    const { ctx, milestone, post } = await world();
    expect((await post([result(1)])).status).toBe(200);

    // Three readers at once: the first starts a round, the other two wait for the next one.
    const [x, y, z] = [sharedMilestoneSummary(ctx, milestone.id), sharedMilestoneSummary(ctx, milestone.id), sharedMilestoneSummary(ctx, milestone.id)];
    const [a, b, c] = await Promise.all([x, y, z]);
    expect(b).toBe(c);
    expect(b).not.toBe(a);

    // A write committed while a round may still be running: every reader asking afterwards sees it.
    const running = sharedMilestoneSummary(ctx, milestone.id);
    expect((await post([result(2, "failed")])).status).toBe(200);
    const readers = await Promise.all([sharedMilestoneSummary(ctx, milestone.id), sharedMilestoneSummary(ctx, milestone.id)]);
    for (const r of readers) {
      expect(r.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
      expect(r.openFailures.map((f) => f.title)).toEqual(["test 2"]);
    }
    await running;

    // Once idle, the next reader starts a fresh round at once.
    const later = await sharedMilestoneSummary(ctx, milestone.id);
    expect(later).not.toBe(readers[1]);
    expect(later.counts.total).toBe(2);
  });

  it("keeps environments and the gate apart, and shares a refusal with the readers of its round", async () => {
    const { ctx, milestone, environment, post } = await world();
    expect((await post([result(1, "failed")])).status).toBe(200);
    const [all, staging, gate] = await Promise.all([
      sharedMilestoneSummary(ctx, milestone.id),
      sharedMilestoneSummary(ctx, milestone.id, { environmentId: environment.id }),
      sharedMilestoneGate(ctx, milestone.id),
    ]);
    expect(all).not.toBe(staging);
    expect(staging.environment).toMatchObject({ id: environment.id });
    expect(gate).toMatchObject({ verdict: "NO_GO", milestone: { id: milestone.id } });
    expect(all.children).toBeDefined();

    const missing = "00000000-0000-4000-8000-000000000000";
    const refusals = await Promise.allSettled([sharedMilestoneSummary(ctx, missing), sharedMilestoneSummary(ctx, missing)]);
    for (const r of refusals) expect(r).toMatchObject({ status: "rejected", reason: { code: "NOT_FOUND" } });
  });
});
