import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { addMember, createCiRunSetup, createProjectWithOwner, createRunSetup, createUser } from "../helpers/factories";
import { startFakeJira } from "../helpers/fake-jira";

const EMAIL = "qa-bot@example.test";
const TOKEN = "ATATT-requirements-token-0123456789";
let jira: Awaited<ReturnType<typeof startFakeJira>>;

beforeAll(async () => {
  process.env.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS = "1";
  jira = await startFakeJira({ email: EMAIL, token: TOKEN });
});
afterAll(async () => {
  delete process.env.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS;
  await jira.close();
});

const auditActions = async (projectId: string) =>
  rowsOf<{ action: string; after: any; before: any }>(await getDb().execute(sql`select action, before, after from audit_log where project_id = ${projectId} order by created_at, id`));

describe("requirements", () => {
  it("are created, listed, read by key, changed and deleted; keys are unique per project and stored upper case; every write is audited", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    const created = await owner.api.post(`${base}/requirements`, { key: " shop-12 ", title: "Pay with card", url: "https://jira.example.test/browse/SHOP-12" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: "SHOP-12", title: "Pay with card", source: "MANUAL", fixVersions: [], caseKeys: [] });
    expect((await owner.api.post(`${base}/requirements`, { key: "SHOP-12" })).status).toBe(409);
    const bad = await owner.api.post(`${base}/requirements`, { key: "has space", url: "javascript:alert(1)", extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(["extra", "key", "url"]);
    for (const key of ["REQ-7", "REQ-10", "ABC-1"]) await owner.api.post(`${base}/requirements`, { key, source: "CSV" });
    const page1 = await owner.api.get(`${base}/requirements?limit=2`);
    expect(page1.body.data.map((r: any) => r.key)).toEqual(["ABC-1", "REQ-10"]);
    const page2 = await owner.api.get(`${base}/requirements?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data.map((r: any) => r.key)).toEqual(["REQ-7", "SHOP-12"]);
    expect((await owner.api.get(`${base}/requirements?q=card`)).body.data.map((r: any) => r.key)).toEqual(["SHOP-12"]);
    expect((await owner.api.get(`${base}/requirements?source=CSV`)).body.data).toHaveLength(3);
    expect((await owner.api.get(`${base}/requirements/shop-12`)).body.id).toBe(created.body.id);
    const patched = await owner.api.patch(`${base}/requirements/${created.body.id}`, { title: "Pay with a card", url: null });
    expect(patched.body).toMatchObject({ key: "SHOP-12", title: "Pay with a card", url: null });
    expect((await owner.api.patch(`${base}/requirements/SHOP-12`, { key: "REQ-7" })).status).toBe(409);
    expect((await call("DELETE", `${base}/requirements/ABC-1`, { key: owner.key })).status).toBe(204);
    expect((await owner.api.get(`${base}/requirements/ABC-1`)).status).toBe(404);
    const audit = (await auditActions(project.id)).filter((a) => a.action.startsWith("requirement."));
    expect(audit.map((a) => a.action)).toEqual(["requirement.create", "requirement.create", "requirement.create", "requirement.create", "requirement.update", "requirement.delete"]);
    expect(audit[4]).toMatchObject({ before: { title: "Pay with card", url: "https://jira.example.test/browse/SHOP-12" }, after: { title: "Pay with a card", url: null } });
  });

  it("TESTER or above writes; VIEWERs read; other projects' members get 404", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    const viewer = await createUser();
    const tester = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    await addMember(project.id, tester.user.id, "TESTER");
    expect((await tester.api.post(`${base}/requirements`, { key: "REQ-1" })).status).toBe(201);
    expect((await viewer.api.post(`${base}/requirements`, { key: "REQ-2" })).status).toBe(403);
    expect((await viewer.api.get(`${base}/requirements/REQ-1`)).status).toBe(200);
    const other = await createProjectWithOwner();
    expect((await other.owner.api.get(`${base}/requirements/REQ-1`)).status).toBe(404);
    expect((await owner.api.get(`/api/projects/${other.project.id}/requirements/REQ-1`)).status).toBe(404);
  });

  it("link to cases through requirementKeys (create and PATCH); unknown keys are a 400 naming them", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    await owner.api.post(`${base}/requirements`, { key: "SHOP-12" });
    await owner.api.post(`${base}/requirements`, { key: "REQ-7" });
    const c = await owner.api.post(`${base}/test-cases`, { title: "Checkout", requirementKeys: ["shop-12", "REQ-7", "SHOP-12"] });
    expect(c.status).toBe(201);
    expect(c.body.requirementKeys).toEqual(["REQ-7", "SHOP-12"]);
    const unknown = await owner.api.post(`${base}/test-cases`, { title: "Nope", requirementKeys: ["SHOP-12", "SHOP-99", "X-1"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: "requirementKeys", message: `No such requirement in project ${project.key}: SHOP-99, X-1` }]);
    const before = await owner.api.get(`${base}/test-cases/${c.body.key}`);
    expect((await owner.api.patch(`${base}/test-cases/${c.body.key}`, { requirementKeys: ["SHOP-99"] })).status).toBe(400);
    expect((await owner.api.get(`${base}/test-cases/${c.body.key}`)).body.requirementKeys).toEqual(before.body.requirementKeys);
    const patched = await owner.api.patch(`${base}/test-cases/${c.body.key}`, { requirementKeys: ["REQ-7"] });
    expect(patched.body).toMatchObject({ requirementKeys: ["REQ-7"], version: 1 });
    expect((await owner.api.get(`${base}/requirements/SHOP-12`)).body.caseKeys).toEqual([]);
    expect((await owner.api.get(`${base}/requirements/REQ-7`)).body.caseKeys).toEqual([c.body.key]);
    const update = (await auditActions(project.id)).find((a) => a.action === "case.update");
    expect(update).toMatchObject({ before: { requirementKeys: ["REQ-7", "SHOP-12"] }, after: { requirementKeys: ["REQ-7"] } });
    const dup = await owner.api.post(`${base}/test-cases/${c.body.key}/duplicate`);
    expect(dup.body.requirementKeys).toEqual(["REQ-7"]);
  });

  it("the cases CSV carries a requirements column: exported, imported (unknown keys created as CSV requirements) and replaced on re-import", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    await owner.api.post(`${base}/requirements`, { key: "REQ-1" });
    const importCsv = (csv: string) => call("POST", `${base}/test-cases/import`, { key: owner.key, rawBody: csv, headers: { "content-type": "text/csv" } });
    const first = await importCsv("title,requirements\nCheckout,REQ-1;shop-3\nSearch,\n");
    expect(first.status).toBe(200);
    const reqs = (await owner.api.get(`${base}/requirements`)).body.data;
    expect(reqs.map((r: any) => [r.key, r.source, r.caseKeys])).toEqual([
      ["REQ-1", "MANUAL", [`${project.key}-1`]],
      ["SHOP-3", "CSV", [`${project.key}-1`]],
    ]);
    const exported = (await call<string>("GET", `${base}/test-cases/export.csv`, { key: owner.key })).body;
    expect(exported.split("\r\n")[1]).toMatch(/,REQ-1;SHOP-3$/);
    const again = await importCsv(`key,title,requirements\n${project.key}-1,Checkout,SHOP-3\n${project.key}-2,Search,\n`);
    expect(again.body).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await owner.api.get(`${base}/test-cases/${project.key}-1`)).body.requirementKeys).toEqual(["SHOP-3"]);
    const bad = await importCsv("title,requirements\nX,not a key\n");
    expect(bad.body.error.details).toEqual([{ field: "row 2: requirements", message: expect.stringContaining('"not a key"') }]);
  });

  it("CI results link their case to an existing requirement through an annotation or an @KEY tag", async () => {
    const s = await createCiRunSetup();
    await s.owner.api.post(`${s.base}/requirements`, { key: "SHOP-12" });
    await s.owner.api.post(`${s.base}/requirements`, { key: "REQ-7" });
    const res = await s.owner.api.post(s.url, {
      results: [
        { testKey: "pay.spec.ts › pays", status: "passed", annotations: [{ type: "requirement", description: "SHOP-12" }] },
        { testKey: "pay.spec.ts › refunds", status: "passed", tags: ["@REQ-7", "@smoke", "@SHOP-99"] },
        { testKey: "pay.spec.ts › other", status: "failed" },
      ],
    });
    expect(res.status).toBe(200);
    const cases = (await s.owner.api.get(`${s.base}/test-cases`)).body.data;
    expect(Object.fromEntries(cases.map((c: any) => [c.title, c.requirementKeys]))).toEqual({ pays: ["SHOP-12"], refunds: ["REQ-7"], other: [] });
    expect((await s.owner.api.get(`${s.base}/requirements?q=SHOP-99`)).body.data).toEqual([]);
  });
});

describe("milestone scope, coverage and the verdict", () => {
  async function scoped() {
    const s = await createRunSetup();
    const { owner, base, project, milestone, environment } = s;
    for (const key of ["REQ-1", "REQ-2", "REQ-3"]) await owner.api.post(`${base}/requirements`, { key, title: `Req ${key}` });
    const c1 = (await owner.api.post(`${base}/test-cases`, { title: "One", requirementKeys: ["REQ-1"] })).body;
    const c2 = (await owner.api.post(`${base}/test-cases`, { title: "Two", requirementKeys: ["REQ-2"] })).body;
    const run = (await owner.api.post(`${base}/test-runs`, { name: "Manual", milestoneId: milestone.id, environmentId: environment.id, caseIds: [c1.key, c2.key] })).body;
    const entries = (await owner.api.get(`${base}/test-runs/${run.id}/entries`)).body.data as any[];
    const entryOf = (key: string) => entries.find((e) => e.caseKey === key || e.case?.key === key)?.id;
    return { ...s, project, c1, c2, run, entryOf };
  }

  it("PUT sets the scope (unknown keys are a 400 naming them); GET reads it; the coverage route and the summary report it", async () => {
    const s = await scoped();
    const url = `${s.base}/milestones/${s.milestone.id}/requirements`;
    const unknown = await call("PUT", url, { key: s.owner.key, body: { keys: ["REQ-1", "NOPE-1"] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: "keys", message: `No such requirement in project ${s.project.key}: NOPE-1` }]);
    const put = await call("PUT", url, { key: s.owner.key, body: { keys: ["req-2", "REQ-1", "REQ-3"] } });
    expect(put.body).toEqual({ milestoneId: s.milestone.id, keys: ["REQ-1", "REQ-2", "REQ-3"] });
    expect((await s.owner.api.get(url)).body.keys).toEqual(["REQ-1", "REQ-2", "REQ-3"]);
    const audit = (await auditActions(s.project.id)).filter((a) => a.action === "milestone.requirements");
    expect(audit).toEqual([{ action: "milestone.requirements", before: { requirementKeys: [] }, after: { requirementKeys: ["REQ-1", "REQ-2", "REQ-3"] } }]);

    await s.owner.api.post(`${s.base}/test-runs/${s.run.id}/entries/${s.entryOf(s.c1.key)}/results`, { status: "PASSED" });
    await s.owner.api.post(`${s.base}/test-runs/${s.run.id}/entries/${s.entryOf(s.c2.key)}/results`, { status: "FAILED" });
    const cov = await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/coverage?environment=Staging`);
    expect(cov.status).toBe(200);
    expect(cov.body.totals).toEqual({ inScope: 3, ok: 1, nok: 1, notRun: 0, uncovered: 1 });
    expect(cov.body.requirements.map((r: any) => [r.key, r.status, r.cases.map((c: any) => [c.caseKey, c.status])])).toEqual([
      ["REQ-1", "OK", [[s.c1.key, "OK"]]],
      ["REQ-2", "NOK", [[s.c2.key, "NOK"]]],
      ["REQ-3", "UNCOVERED", []],
    ]);
    expect((await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/coverage?environment=Nowhere`)).status).toBe(404);
    const summary = (await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/summary`)).body;
    expect(summary.coverage).toEqual({ inScope: 3, ok: 1, nok: 1, notRun: 0, uncovered: 1 });
    expect(summary.rules.requireCoverage).toBe(false);
    expect(summary.reasons.map((r: any) => r.code)).not.toContain("REQUIREMENTS_NOT_COVERED");

    // With requireCoverage, the NOK and the uncovered requirement block, named; so does the checklist.
    await s.owner.api.patch(s.base, { settings: { requireCoverage: true } });
    const strict = (await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/summary`)).body;
    expect(strict.rules.requireCoverage).toBe(true);
    expect(strict.reasons.find((r: any) => r.code === "REQUIREMENTS_NOT_COVERED")).toEqual({
      code: "REQUIREMENTS_NOT_COVERED",
      message: "2 requirements are not verified (NOK: REQ-2; uncovered: REQ-3).",
    });
    expect(strict.environments[0].verdict).toBe("NO_GO");
    const complete = await s.owner.api.post(`${s.base}/milestones/${s.milestone.id}/complete`, {});
    expect(complete.body.error.details.map((d: any) => d.field)).toContain("REQUIREMENTS_NOT_COVERED");
    const gate = (await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/gate`)).body;
    expect(gate.reasons.map((r: any) => r.code)).toContain("REQUIREMENTS_NOT_COVERED");

    // Passing the failure and dropping the uncovered requirement from scope clears the reason.
    await s.owner.api.post(`${s.base}/test-runs/${s.run.id}/entries/${s.entryOf(s.c2.key)}/results`, { status: "PASSED" });
    await call("PUT", url, { key: s.owner.key, body: { keys: ["REQ-1", "REQ-2"] } });
    const clear = (await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/summary`)).body;
    expect(clear.coverage).toEqual({ inScope: 2, ok: 2, nok: 0, notRun: 0, uncovered: 0 });
    expect(clear.reasons.map((r: any) => r.code)).not.toContain("REQUIREMENTS_NOT_COVERED");
  });

  it("scope writes need TESTER; an unknown or invisible milestone is 404", async () => {
    const s = await scoped();
    const viewer = await createUser();
    await addMember(s.project.id, viewer.user.id, "VIEWER");
    const url = `${s.base}/milestones/${s.milestone.id}/requirements`;
    expect((await call("PUT", url, { key: viewer.key, body: { keys: [] } })).status).toBe(403);
    expect((await call("PUT", `${s.base}/milestones/nope/requirements`, { key: s.owner.key, body: { keys: [] } })).status).toBe(404);
    const other = await createProjectWithOwner();
    expect((await other.owner.api.get(`${s.base}/milestones/${s.milestone.id}/coverage`)).status).toBe(404);
  });
});

describe("import from Jira", () => {
  it("upserts by key (summary as title, browse URL, fixVersions), pages through the search, and adds the milestone's fixVersion to its scope", async () => {
    const admin = await createUser({ isAdmin: true });
    const s = await createRunSetup();
    const url = `${s.base}/requirements/import/jira`;
    // Not connected yet: 409, nothing written.
    const notConnected = await s.owner.api.post(url, { jql: "project = SHOP" });
    expect(notConnected.status).toBe(409);
    expect((await call("PUT", "/api/admin/jira", { key: admin.key, body: { baseUrl: jira.url, email: EMAIL, apiToken: TOKEN } })).status).toBe(200);
    jira.setSearchPageSize(2);
    jira.addIssue("SHOP-1", "Pay with card", ["v1.0"]);
    jira.addIssue("SHOP-2", "Refunds", ["v1.1"]);
    jira.addIssue("SHOP-3", "Coupons", ["v1.0", "v1.1"]);
    jira.addIssue("HR-9", "Payroll", ["v1.0"]);
    await s.owner.api.post(`${s.base}/requirements`, { key: "SHOP-3", title: "Old title" });
    const searchesBefore = jira.searches().length;
    const res = await s.owner.api.post(url, { jql: "project = SHOP ORDER BY key", milestoneId: s.milestone.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 1, unchanged: 0, keys: ["SHOP-1", "SHOP-2", "SHOP-3"], addedToMilestone: ["SHOP-1", "SHOP-3"] });
    expect(jira.searches().length - searchesBefore).toBe(2);
    expect(jira.searches().at(-2)!.path).toContain("fields=summary%2CfixVersions");
    const list = (await s.owner.api.get(`${s.base}/requirements`)).body.data;
    expect(list.map((r: any) => [r.key, r.title, r.url, r.source, r.fixVersions])).toEqual([
      ["SHOP-1", "Pay with card", `${jira.url}/browse/SHOP-1`, "JIRA", ["v1.0"]],
      ["SHOP-2", "Refunds", `${jira.url}/browse/SHOP-2`, "JIRA", ["v1.1"]],
      ["SHOP-3", "Coupons", `${jira.url}/browse/SHOP-3`, "JIRA", ["v1.0", "v1.1"]],
    ]);
    expect((await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/requirements`)).body.keys).toEqual(["SHOP-1", "SHOP-3"]);
    // A second import changes only what changed in Jira.
    jira.addIssue("SHOP-2", "Refunds to the card", ["v1.1"]);
    const again = await s.owner.api.post(url, { jql: "project = SHOP" });
    expect(again.body).toEqual({ created: 0, updated: 1, unchanged: 2, keys: ["SHOP-1", "SHOP-2", "SHOP-3"], addedToMilestone: [] });
    const audit = (await auditActions(s.project.id)).filter((a) => a.action === "requirement.import");
    expect(audit.map((a) => [a.after.created, a.after.updated])).toEqual([
      [2, 1],
      [0, 1],
    ]);
    // Jira refusing: 502 in Jira's words, nothing written.
    jira.failNext(400, { errorMessages: ["Error in the JQL Query: Expecting operator"] });
    const refused = await s.owner.api.post(url, { jql: "project SHOP" });
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toContain("Expecting operator");
    expect((await auditActions(s.project.id)).filter((a) => a.action === "requirement.import")).toHaveLength(2);
    // Checked before Jira is called.
    expect((await s.owner.api.post(url, { jql: "" })).status).toBe(400);
    expect((await s.owner.api.post(url, { jql: "project = SHOP", milestoneId: "nope" })).status).toBe(404);
  });
});
