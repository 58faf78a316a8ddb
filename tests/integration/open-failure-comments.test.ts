import { describe, expect, it } from "vitest";
import { entriesOf, insertCases } from "../helpers/case-fixtures";
import { createRunSetup } from "../helpers/factories";

/** A tester's words on a failure stay with the open failure: the latest comment of the failing streak. */
describe("open failures carry the tester's latest comment", () => {
  it("shows the newest comment of the streak, keeps it across an uncommented failure, and drops it after a pass", async () => {
    const setup = await createRunSetup();
    const { owner, base, milestone, environment } = setup;
    const [pay] = await insertCases(setup.project, [{ title: "Pay", suite: ["Checkout"], steps: [{ action: "Pay", expected: "Paid" }] }]);
    const run = async () => {
      const r = (await owner.api.post(`${base}/test-runs`, { name: "Regression", milestoneId: milestone.id, environmentId: environment.id, caseIds: [pay.id] })).body;
      const [entry] = await entriesOf(r.id);
      return (body: Record<string, unknown>) => owner.api.post(`${base}/test-runs/${r.id}/entries/${entry.id}/results`, body);
    };
    const summary = async () => (await owner.api.get(`${base}/milestones/${milestone.id}/summary`)).body;

    const first = await run();
    expect((await first({ status: "FAILED", comment: "Card declined with **502**" })).status).toBe(201);
    expect((await summary()).openFailures).toMatchObject([{ caseId: pay.id, comment: "Card declined with **502**" }]);

    // A second run fails again without a word: the streak's comment stays visible.
    const second = await run();
    expect((await second({ status: "FAILED" })).status).toBe(201);
    expect((await summary()).openFailures).toMatchObject([{ caseId: pay.id, comment: "Card declined with **502**" }]);
    expect((await second({ status: "BLOCKED", comment: "Payment sandbox down" })).status).toBe(201);
    expect((await summary()).openFailures).toMatchObject([{ caseId: pay.id, status: "BLOCKED", comment: "Payment sandbox down" }]);

    // A pass ends the streak; a later failure without a comment starts a new one with none.
    const third = await run();
    expect((await third({ status: "PASSED" })).status).toBe(201);
    expect((await summary()).openFailures).toEqual([]);
    const fourth = await run();
    expect((await fourth({ status: "FAILED" })).status).toBe(201);
    expect((await summary()).openFailures).toMatchObject([{ caseId: pay.id, comment: null }]);
  });
});
