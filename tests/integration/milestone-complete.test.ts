import { describe, expect, it } from "vitest";
import { addMember, createUser } from "../helpers/factories";
import { days, summaryWorld } from "../helpers/milestone-fixtures";

const NOW = new Date();

describe("completing a milestone", () => {
  it("refuses with the unmet checklist items, then an ADMIN overrides with a reason that stays on the milestone", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v10", dueDate: "2030-07-01" });
    const k1 = await w.testCase("Pay", "HIGH");
    const k2 = await w.testCase("Browse", "LOW");
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "IN_PROGRESS", entries: [{ caseId: k1.id, status: "FAILED", at: days(-1, NOW) }, { caseId: k2.id, status: "PASSED", at: days(-1, NOW) }] });
    const path = `${w.base}/milestones/${ms.id}`;
    const tester = await createUser();
    await addMember(w.project.id, tester.user.id, "TESTER");

    const refused = await tester.api.post(`${path}/complete`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual([
      { field: "RUNS_INCOMPLETE", message: "1 of 1 run is not completed." },
      { field: "BLOCKING_FAILURES", message: `1 open failure of priority CRITICAL or HIGH: ${k1.key} (Staging).` },
      { field: "PASS_RATE_BELOW_THRESHOLD", message: "Pass rate 50.0% (1 of 2 executed) is below the 95% threshold." },
      { field: "UNTRACKED_FAILURES", message: `1 open failure has no defect link or waiver: ${k1.key} (Staging).` },
      { field: "NOT_SIGNED_OFF", message: "Nobody has signed off the summary yet." },
    ]);
    // Only an ADMIN may override.
    expect((await tester.api.post(`${path}/complete`, { override: { reason: "ship it" } })).status).toBe(403);
    expect((await w.owner.api.post(`${path}/complete`, { override: { reason: "  " } })).status).toBe(400);
    expect((await w.owner.api.get(path)).body).toMatchObject({ status: "ACTIVE", completion: null });

    const done = await w.owner.api.post(`${path}/complete`, { override: { reason: "Hotfix for a security issue; HIGH failure is a known flake" } });
    expect(done.status).toBe(200);
    const reason = "Hotfix for a security issue; HIGH failure is a known flake";
    const expected = {
      status: "COMPLETED",
      completion: {
        completedAt: expect.any(String),
        completedBy: { id: w.owner.user.id, name: "Test User" },
        overrides: ["RUNS_INCOMPLETE", "BLOCKING_FAILURES", "PASS_RATE_BELOW_THRESHOLD", "UNTRACKED_FAILURES", "NOT_SIGNED_OFF"].map((code) => ({ code, reason })),
      },
    };
    expect(done.body).toMatchObject(expected);
    expect((await w.owner.api.get(path)).body).toMatchObject(expected);
    expect((await w.owner.api.get(`${w.base}/milestones?status=COMPLETED`)).body.data[0]).toMatchObject(expected);
    expect((await w.owner.api.post(`${path}/complete`)).status).toBe(409);
  });

  it("completes without an override once the checklist is met, for a TESTER too", async () => {
    const w = await summaryWorld();
    const env = await w.env("Staging");
    const ms = await w.milestone({ name: "v11" });
    const k1 = await w.testCase("Pay", "HIGH");
    const k2 = await w.testCase("Browse", "LOW");
    await w.run({ milestoneId: ms.id, environmentId: env.id, status: "COMPLETED", entries: [{ caseId: k1.id, status: "PASSED", at: days(-1, NOW) }, { caseId: k2.id, status: "PASSED", at: days(-1, NOW) }] });
    const path = `${w.base}/milestones/${ms.id}`;
    const tester = await createUser();
    await addMember(w.project.id, tester.user.id, "TESTER");
    const unsigned = await tester.api.post(`${path}/complete`);
    expect(unsigned.body.error.details.map((d: { field: string }) => d.field)).toEqual(["NOT_SIGNED_OFF"]);
    expect((await tester.api.post(`${path}/signoffs`, {})).status).toBe(201);
    const done = await tester.api.post(`${path}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "COMPLETED", completion: { completedBy: { id: tester.user.id }, overrides: [] } });
  });
});
