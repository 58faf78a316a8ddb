import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { milestoneSummary } from "@/lib/milestones/summary";
import { quarantineCase } from "@/lib/quarantine/quarantine-case";
import { rowsOf } from "@/lib/sql";
import { addMember, createCiRunSetup, createUser } from "../helpers/factories";
import { summaryWorld } from "../helpers/milestone-fixtures";
import { actorFromUserId } from "@/lib/auth/actor";
import { withProject } from "@/lib/auth/project-access";

const TIMEOUT_FRAME = "Error\n    at /ci/tests/checkout.spec.ts:42:13\n    at processTicksAndRejections (node:internal)";
const timeout = (ms: number, selector: string) => ({
  message: `TimeoutError: locator.click: Timeout ${ms}ms exceeded.\nCall log:\n  - waiting for locator('${selector}')`,
  stack: TIMEOUT_FRAME,
});

type Link = { key: string; tracker: string; url: string | null; rule_id: string | null; case_seq: number };
const links = async (projectId: string) =>
  rowsOf<Link>(
    await getDb().execute(sql`
      select d.key, d.tracker, d.url, d.rule_id, c.seq as case_seq from defect_links d join test_cases c on c.id = d.case_id
      where d.project_id = ${projectId} order by c.seq, d.key`),
  );

describe("known-failure rules", () => {
  it("validates patterns with RE2: compile errors, backreferences, lookaround and length are a 400 naming the field", async () => {
    const s = await createCiRunSetup();
    const url = `${s.base}/failure-rules`;
    const post = (body: Record<string, unknown>) => s.owner.api.post(url, { name: "R", defect: { key: "QA-1" }, ...body });
    for (const pattern of ["(a", "(a)\\1", "(?=a)b", "x".repeat(501), ""]) {
      const res = await post({ pattern });
      expect(res.status, pattern.slice(0, 20)).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(["pattern"]);
    }
    expect((await post({ pattern: "a", field: "title" })).body.error.details[0].field).toBe("field");
    expect((await post({ pattern: "a", expiresAt: "2020-01-01T00:00:00Z" })).body.error.details[0].field).toBe("expiresAt");
    expect((await post({ pattern: "a", defect: { key: "QA-1", url: "javascript:alert(1)" } })).body.error.details[0].field).toBe("defect.url");
    expect((await post({ pattern: "a\u0000" })).status).toBe(400);
    // Catastrophic for a backtracking engine, linear in RE2: accepted, and harmless at ingestion.
    const evil = await post({ pattern: "(a+)+$", field: "message", defect: { key: "QA-9" } });
    expect(evil.status).toBe(201);
    const started = Date.now();
    const res = await s.owner.api.post(s.url, { results: [{ testKey: "evil", status: "failed", error: { message: "a".repeat(19_999) + "!" } }] });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await links(s.project.id)).toEqual([]);
  });

  it("links failing results whose error matches at ingestion, oldest rule first, and the entry shows the rule", async () => {
    const s = await createCiRunSetup();
    const url = `${s.base}/failure-rules`;
    const timeoutRule = await s.owner.api.post(url, {
      name: "Checkout timeouts",
      pattern: "TimeoutError: locator\\.click: Timeout \\d+ms exceeded",
      defect: { key: "SHOP-12", url: "https://jira.example.test/browse/SHOP-12", tracker: "JIRA" },
    });
    expect(timeoutRule.status).toBe(201);
    expect(timeoutRule.body).toMatchObject({ field: "message", active: true, matches: 0, expiresAt: null, defect: { key: "SHOP-12", tracker: "JIRA" } });
    // A second rule that also matches the timeouts (through the stack) loses to the older one.
    const stackRule = await s.owner.api.post(url, { name: "Checkout spec", pattern: "checkout\\.spec\\.ts", field: "stack", defect: { key: "SHOP-99" } });
    const expired = await s.owner.api.post(url, { name: "Old", pattern: "AssertionError", defect: { key: "SHOP-1" }, expiresAt: "2099-01-01T00:00:00Z" });
    await getDb().execute(sql`update failure_rules set expires_at = now() - interval '1 second' where id = ${expired.body.id}`);

    const res = await s.owner.api.post(s.url, {
      results: [
        { testKey: "checkout › 1 pay", status: "failed", error: timeout(5000, "#pay") },
        { testKey: "checkout › 2 ship", status: "timedOut", error: timeout(30000, "#ship") },
        { testKey: "checkout › 3 total", status: "failed", error: { message: "AssertionError: expected 3 to be 4", stack: "Error\n    at /ci/tests/cart.spec.ts:7:1" } },
        { testKey: "checkout › 4 coupon", status: "failed", error: { message: "Error: boom", stack: "Error\n    at /ci/tests/checkout.spec.ts:90:2" } },
        { testKey: "checkout › 5 passes", status: "passed", error: timeout(1, "#x") },
      ],
    });
    expect(res.status).toBe(200);
    // Cases 1..5 in the order sent: pay, ship (timeout rule), total (expired rule: nothing), coupon (stack rule), passes (not failing).
    expect(await links(s.project.id)).toEqual([
      { key: "SHOP-12", tracker: "JIRA", url: "https://jira.example.test/browse/SHOP-12", rule_id: timeoutRule.body.id, case_seq: 1 },
      { key: "SHOP-12", tracker: "JIRA", url: "https://jira.example.test/browse/SHOP-12", rule_id: timeoutRule.body.id, case_seq: 2 },
      { key: "SHOP-99", tracker: "OTHER", url: null, rule_id: stackRule.body.id, case_seq: 4 },
    ]);
    const entries = (await s.owner.api.get(`${s.base}/test-runs/${s.run.id}/results`)).body.data as {
      caseKey: string;
      rule: { id: string; name: string; defect: { key: string } } | null;
      defect: { key: string } | null;
    }[];
    expect(entries.map((e) => [e.caseKey, e.rule?.name ?? null, e.defect?.key ?? null])).toEqual([
      [`${s.project.key}-1`, "Checkout timeouts", "SHOP-12"],
      [`${s.project.key}-2`, "Checkout timeouts", "SHOP-12"],
      [`${s.project.key}-3`, null, null],
      [`${s.project.key}-4`, "Checkout spec", "SHOP-99"],
      [`${s.project.key}-5`, null, null],
    ]);
    // Tracked in the summary: only the unmatched failure is untracked.
    const actor = (await actorFromUserId(getDb(), s.owner.user.id))!;
    const ctx = await withProject({ db: getDb(), actor, requestId: "t" }, s.project.id);
    const summary = await milestoneSummary(ctx, s.milestone.id);
    expect(summary.openFailures.map((f) => [f.caseKey, f.defect?.key ?? null])).toEqual([
      [`${s.project.key}-1`, "SHOP-12"],
      [`${s.project.key}-2`, "SHOP-12"],
      [`${s.project.key}-3`, null],
      [`${s.project.key}-4`, "SHOP-99"],
    ]);
    expect(summary.reasons.find((r) => r.code === "UNTRACKED_FAILURES")?.message).toBe(
      `1 open failure has no defect link or waiver: ${s.project.key}-3 (Staging).`,
    );
    // Counts per rule; the same batch again stores and links nothing new.
    await s.owner.api.post(s.url, { results: [{ testKey: "checkout › 1 pay", status: "failed", error: timeout(5000, "#pay") }] });
    const list = (await s.owner.api.get(url)).body.data as { name: string; matches: number; active: boolean }[];
    expect(list.map((r) => [r.name, r.matches, r.active])).toEqual([
      ["Checkout timeouts", 2, true],
      ["Checkout spec", 1, true],
      ["Old", 0, false],
    ]);

    // A retry of a case: the new failing attempt is linked again (same link), a new key for another case is a new link.
    const retry = await s.owner.api.post(s.url, { results: [{ testKey: "checkout › 3 total", attempt: 1, status: "failed", error: timeout(100, "#total") }] });
    expect(retry.status).toBe(200);
    expect((await links(s.project.id)).map((l) => [l.case_seq, l.key])).toEqual([
      [1, "SHOP-12"],
      [2, "SHOP-12"],
      [3, "SHOP-12"],
      [4, "SHOP-99"],
    ]);

    // Removing a rule (ADMIN): the links stay, attempts forget the rule; audited.
    const tester = await createUser();
    await addMember(s.project.id, tester.user.id, "TESTER");
    expect((await tester.api.delete(`${url}/${timeoutRule.body.id}`)).status).toBe(403);
    expect((await tester.api.post(url, { name: "x", pattern: "x", defect: { key: "X-1" } })).status).toBe(403);
    expect((await s.owner.api.delete(`${url}/${timeoutRule.body.id}`)).status).toBe(204);
    expect((await s.owner.api.delete(`${url}/${timeoutRule.body.id}`)).status).toBe(404);
    expect((await links(s.project.id)).map((l) => [l.case_seq, l.key, l.rule_id])).toEqual([
      [1, "SHOP-12", null],
      [2, "SHOP-12", null],
      [3, "SHOP-12", null],
      [4, "SHOP-99", stackRule.body.id],
    ]);
    const audit = rowsOf<{ action: string }>(
      await getDb().execute(sql`select action from audit_log where project_id = ${s.project.id} and entity_type = 'failure_rule' order by created_at`),
    );
    expect(audit.map((a) => a.action)).toEqual(["failure_rule.create", "failure_rule.create", "failure_rule.create", "failure_rule.delete"]);
  });

  it("applies to JUnit uploads and to manual results (the comment is the message); an explicit defect wins", async () => {
    const s = await createCiRunSetup();
    await s.owner.api.post(`${s.base}/failure-rules`, { name: "Gateway", pattern: "(?i)gateway 5\\d\\d", defect: { key: "OPS-7", tracker: "JIRA" } });
    const xml = `<testsuite name="api"><testcase classname="api.Pay" name="charges"><failure message="Gateway 502 from psp">trace</failure></testcase></testsuite>`;
    const junit = await s.owner.api.post(`${s.base}/test-runs/${s.run.id}/junit`, undefined);
    expect(junit.status).toBe(415);
    const { call } = await import("../helpers/api");
    const up = await call("POST", `${s.base}/test-runs/${s.run.id}/junit`, { key: s.owner.key, rawBody: xml, headers: { "content-type": "application/xml" } });
    expect(up.status).toBe(200);
    expect((await links(s.project.id)).map((l) => [l.case_seq, l.key])).toEqual([[1, "OPS-7"]]);

    // Manual: a run with two planned cases.
    const c2 = await s.owner.api.post(`${s.base}/test-cases`, { title: "Refund by hand" });
    const c3 = await s.owner.api.post(`${s.base}/test-cases`, { title: "Invoice by hand" });
    const manual = await s.owner.api.post(`${s.base}/test-runs`, { name: "Manual", milestoneId: s.milestone.id, environmentId: s.environment.id, caseIds: [c2.body.key, c3.body.key] });
    const entries = (await s.owner.api.get(`${s.base}/test-runs/${manual.body.id}/entries`)).body.data as { id: string; caseKey: string }[];
    const entryOf = (key: string) => entries.find((e) => e.caseKey === key)!.id;
    const r2 = await s.owner.api.post(`${s.base}/test-runs/${manual.body.id}/entries/${entryOf(c2.body.key)}/results`, {
      status: "FAILED",
      comment: "The GATEWAY 503 page came back",
    });
    expect(r2.status).toBe(201);
    expect(r2.body.result.defect).toMatchObject({ key: "OPS-7", tracker: "JIRA" });
    const r3 = await s.owner.api.post(`${s.base}/test-runs/${manual.body.id}/entries/${entryOf(c3.body.key)}/results`, {
      status: "FAILED",
      comment: "gateway 500 again",
      defect: { key: "FIN-1" },
    });
    expect(r3.body.result.defect).toMatchObject({ key: "FIN-1" });
    const passed = await s.owner.api.post(`${s.base}/test-runs/${manual.body.id}/entries/${entryOf(c3.body.key)}/results`, { status: "PASSED", comment: "gateway 500 gone" });
    expect(passed.body.result.defect).toBeNull();
    expect((await links(s.project.id)).map((l) => [l.case_seq, l.key, l.rule_id !== null])).toEqual([
      [1, "OPS-7", true],
      [2, "OPS-7", true],
      [3, "FIN-1", false],
    ]);
    const history = (await s.owner.api.get(`${s.base}/test-cases/${c2.body.key}/history`)).body.data;
    expect(history[0]).toMatchObject({ rule: { name: "Gateway", defect: { key: "OPS-7" } }, defect: { key: "OPS-7" }, quarantined: false });
  });
});

describe("failure clusters", () => {
  it("group a run's failures by normalized signature, largest first, with a pattern that becomes a rule", async () => {
    const s = await createCiRunSetup();
    await s.owner.api.post(s.url, {
      results: [
        { testKey: "t1 pay", status: "failed", tags: ["@high"], error: timeout(5000, "#pay-42") },
        { testKey: "t2 ship", status: "failed", tags: ["@critical"], error: timeout(30000, "#ship") },
        { testKey: "t3 gift", status: "failed", error: timeout(1500, "[data-id=9f86d081884c]") },
        // Same message, another top frame: another cluster.
        { testKey: "t4 add", status: "failed", error: { message: "TimeoutError: locator.click: Timeout 5000ms exceeded.", stack: "Error\n    at /ci/tests/cart.spec.ts:3:1" } },
        { testKey: "t5 sum", status: "failed", error: { message: 'Error: expected "3" got "4" at 2030-06-01T10:00:00.000Z for order 3f2504e0-4f89-11d3-9a0c-0305e82c3301' } },
        { testKey: "t6 empty", status: "passed" },
      ],
    });
    const res = await s.owner.api.get(`${s.base}/test-runs/${s.run.id}/failure-clusters`);
    expect(res.status).toBe(200);
    const k = (n: number) => `${s.project.key}-${n}`;
    expect(res.body.failures).toBe(5);
    expect(res.body.data.map((c: { count: number; title: string; signature: string; cases: { caseKey: string }[] }) => [c.count, c.signature, c.cases.map((x) => x.caseKey)])).toEqual([
      [3, "TimeoutError: locator.click: Timeout <duration> exceeded. @ at /ci/tests/checkout.spec.ts:<n>:<n>", [k(2), k(1), k(3)]],
      [1, 'Error: expected "…" got "…" at <time> for order <id>', [k(5)]],
      [1, "TimeoutError: locator.click: Timeout <duration> exceeded. @ at /ci/tests/cart.spec.ts:<n>:<n>", [k(4)]],
    ]);
    const big = res.body.data[0];
    expect(big.title).toBe("TimeoutError: locator.click: Timeout <duration> exceeded.");
    expect(big.example).toMatchObject({ caseKey: k(2), frame: "at /ci/tests/checkout.spec.ts:42:13" });
    expect(big.example.message).toContain("Timeout 30000ms exceeded.");
    expect(big.cases[0]).toMatchObject({ priority: "CRITICAL", status: "FAILED", environment: { name: "Staging" }, runId: s.run.id, state: "OPEN" });

    // One step to a rule: the suggested pattern is accepted and links the next failures of the cluster.
    const rule = await s.owner.api.post(`${s.base}/failure-rules`, { name: "From cluster", pattern: big.suggestedPattern, defect: { key: "SHOP-5" } });
    expect(rule.status).toBe(201);
    await s.owner.api.post(s.url, { results: [{ testKey: "t1 pay", attempt: 1, status: "failed", error: timeout(7000, "#pay-43") }] });
    expect((await links(s.project.id)).map((l) => [l.case_seq, l.key])).toEqual([[1, "SHOP-5"]]);
    expect((await s.owner.api.get(`${s.base}/test-runs/nope/failure-clusters`)).status).toBe(404);
  });

  it("group a milestone's summary failures (open, quarantined, waived) by environment filter and phases", async () => {
    const w = await summaryWorld();
    const staging = await w.env("Staging");
    const prod = await w.env("Prod");
    const release = await w.milestone({ name: "v3" });
    const phase = await w.milestone({ name: "v3 freeze", parentId: release.id });
    const a = await w.testCase("A", "HIGH");
    const b = await w.testCase("B", "LOW");
    const c = await w.testCase("C", "MEDIUM");
    const d = await w.testCase("D", "LOW");
    const at = new Date("2030-01-02T00:00:00Z");
    const later = new Date("2030-01-03T00:00:00Z");
    const r1 = await w.run({ milestoneId: release.id, environmentId: staging.id, status: "COMPLETED", entries: [
      { caseId: a.id, status: "FAILED", at }, { caseId: b.id, status: "FAILED", at }, { caseId: d.id, status: "FAILED", at },
    ] });
    const r2 = await w.run({ milestoneId: phase.id, environmentId: prod.id, status: "COMPLETED", entries: [{ caseId: c.id, status: "BLOCKED", at }] });
    // D failed, then passed in a later run: not a failure of the milestone any more.
    await w.run({ milestoneId: release.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: d.id, status: "PASSED", at: later }] });
    const setError = (runId: string, caseId: string, message: string) =>
      getDb().execute(sql`update results set error = ${JSON.stringify({ message })}::jsonb where entry_id = (select id from run_entries where run_id = ${runId} and case_id = ${caseId})`);
    await setError(r1, a.id, "Error: 500 from /api/orders/123");
    await setError(r1, b.id, "Error: 500 from /api/orders/77");
    await setError(r1, d.id, "Error: 500 from /api/orders/1");
    await setError(r2, c.id, "Error: 500 from /api/orders/5");
    await quarantineCase({ ctx: w.ctx, caseRef: b.key, input: { reason: "Flaky" } });
    await w.owner.api.post(`${w.base}/milestones/${release.id}/waivers`, { caseId: c.key, environmentId: null, reason: "Prod only" });

    const all = await w.owner.api.get(`${w.base}/milestones/${release.id}/failure-clusters`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ failures: 3 });
    expect(all.body.data.map((x: { count: number; title: string; cases: { caseKey: string; state: string; environment: { name: string } }[] }) => [
      x.count,
      x.title,
      x.cases.map((y) => [y.caseKey, y.state, y.environment.name]),
    ])).toEqual([[3, "Error: <n> from /api/orders/<n>", [[a.key, "OPEN", "Staging"], [c.key, "WAIVED", "Prod"], [b.key, "QUARANTINED", "Staging"]]]]);
    const prodOnly = await w.owner.api.get(`${w.base}/milestones/${release.id}/failure-clusters?environment=prod`);
    expect(prodOnly.body.data.map((x: { cases: { caseKey: string }[] }) => x.cases.map((y) => y.caseKey))).toEqual([[c.key]]);
    const phaseOnly = await w.owner.api.get(`${w.base}/milestones/${phase.id}/failure-clusters`);
    expect(phaseOnly.body.failures).toBe(1);
    expect((await w.owner.api.get(`${w.base}/milestones/${release.id}/failure-clusters?environment=Nowhere`)).status).toBe(404);
  });
});
