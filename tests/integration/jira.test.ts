import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { rowsOf } from "@/lib/sql";
import { entriesOf, insertCases } from "../helpers/case-fixtures";
import { addMember, createRunSetup, createUser } from "../helpers/factories";
import { call } from "../helpers/api";
import { closedPort, startFakeJira } from "../helpers/fake-jira";

const put = (key: string, path: string, body: unknown) => call("PUT", path, { key, body });

const EMAIL = "qa-bot@example.test";
const TOKEN = "ATATT-secret-jira-token-0123456789";
const PUBLIC_URL = "https://qa.example.test";
let jira: Awaited<ReturnType<typeof startFakeJira>>;
let admin: Awaited<ReturnType<typeof createUser>>;

const steps = [
  { action: "Open the cart", expected: "The cart lists one item" },
  { action: "Pay with the saved card", expected: "The order is confirmed" },
];

beforeAll(async () => {
  process.env.QA_STUDIO_PUBLIC_URL = PUBLIC_URL;
  // The fake Jira listens on plain http://127.0.0.1.
  process.env.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS = "1";
  jira = await startFakeJira({ email: EMAIL, token: TOKEN });
  admin = await createUser({ isAdmin: true, name: "Instance admin" });
  const res = await put(admin.key, "/api/admin/jira", { baseUrl: `${jira.url}/`, email: EMAIL, apiToken: TOKEN });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});
afterAll(async () => {
  delete process.env.QA_STUDIO_PUBLIC_URL;
  delete process.env.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS;
  await jira.close();
});

/** A project with Jira key SHOP and a run whose "Pay" entry FAILED (a manual attempt with a comment and step results). */
async function failedEntry() {
  const setup = await createRunSetup();
  const [pay, login] = await insertCases(setup.project, [
    { title: "Pay with a saved card", suite: ["Checkout"], steps },
    { title: "Log in", suite: ["Account"], steps },
  ]);
  const run = (
    await setup.owner.api.post(`${setup.base}/test-runs`, {
      name: "Regression",
      milestoneId: setup.milestone.id,
      environmentId: setup.environment.id,
      caseIds: [pay.id, login.id],
    })
  ).body;
  const entries = await entriesOf(run.id);
  const payEntry = entries.find((e) => e.case_id === pay.id)!;
  const loginEntry = entries.find((e) => e.case_id === login.id)!;
  const entryUrl = (id: string) => `${setup.base}/test-runs/${run.id}/entries/${id}`;
  const failed = await setup.owner.api.post(`${entryUrl(payEntry.id)}/results`, {
    status: "FAILED",
    comment: "Declined with **502** from the payment service",
    stepResults: [
      { index: 0, status: "PASSED" },
      { index: 1, status: "FAILED", comment: "502 Bad Gateway" },
    ],
  });
  expect(failed.status).toBe(201);
  await setup.owner.api.post(`${entryUrl(loginEntry.id)}/results`, { status: "PASSED" });
  expect((await put(setup.owner.key, `${setup.base}/jira`, { jiraProjectKey: "shop" })).body).toEqual({ jiraProjectKey: "SHOP", jiraConfigured: true });
  return { ...setup, run, pay, payEntry, loginEntry, entryUrl, resultId: failed.body.result.id as string };
}

const links = async (projectId: string) =>
  rowsOf<{ key: string; tracker: string; url: string; result_id: string; entry_id: string; status: string | null }>(
    await getDb().execute(sql`select key, tracker, url, result_id, entry_id, status from defect_links where project_id = ${projectId}`),
  );

function adfText(node: any): string {
  if (!node) return "";
  if (node.type === "text") return node.text + (node.marks?.some((m: any) => m.type === "link") ? ` <${node.marks.find((m: any) => m.type === "link").attrs.href}>` : "");
  const inline = node.type === "paragraph" || node.type === "heading" || node.type === "codeBlock";
  return (node.content ?? []).map(adfText).join(inline ? "" : "\n");
}

describe("Jira defects", () => {
  it("stores the token encrypted, never returns it, and lets only instance admins configure Jira", async () => {
    const got = await admin.api.get("/api/admin/jira");
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ configured: true, baseUrl: jira.url, email: EMAIL, issueType: "Bug", tokenSet: true });
    expect(JSON.stringify(got.body)).not.toContain(TOKEN);

    const [row] = rowsOf<Record<string, string>>(await getDb().execute(sql`select * from jira_settings`));
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(decryptSecret({ ciphertext: row.token_ciphertext, iv: row.token_iv, authTag: row.token_auth_tag })).toBe(TOKEN);
    const audit = rowsOf<{ after: unknown }>(await getDb().execute(sql`select after from audit_log where action = 'jira.configure'`));
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);

    // Changing the site without a token keeps the stored token.
    const kept = await put(admin.key, "/api/admin/jira", { baseUrl: jira.url, email: EMAIL, issueType: "Bug" });
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.body)).not.toContain(TOKEN);
    const check = await admin.api.post("/api/admin/jira/test");
    expect(check.body).toEqual({ ok: true, accountName: "QA Bot" });

    const someone = await createUser();
    expect((await someone.api.get("/api/admin/jira")).status).toBe(403);
    expect((await put(someone.key, "/api/admin/jira", { baseUrl: "https://evil.example", email: EMAIL, apiToken: "x" })).status).toBe(403);
    const bad = await put(admin.key, "/api/admin/jira", { baseUrl: "not a url", email: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["baseUrl", "email"]);
  });

  it("files a Jira issue for a failed entry with the case, its steps, the comment and a link back, and stores the link", async () => {
    const s = await failedEntry();
    const before = jira.created().length;
    const res = await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(jira.created()).toHaveLength(before + 1);
    const call = jira.created().at(-1)!;
    expect(call.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString("base64")}`);
    const caseKey = `${s.project.key}-${s.pay.seq}`;
    expect(call.body.fields.project).toEqual({ key: "SHOP" });
    expect(call.body.fields.issuetype).toEqual({ name: "Bug" });
    expect(call.body.fields.summary).toBe(`${caseKey} Pay with a saved card fails on Staging`);
    expect(call.body.fields.description).toMatchObject({ type: "doc", version: 1 });
    const text = adfText(call.body.fields.description);
    expect(text).toContain("Open the cart");
    expect(text).toContain("expected: The order is confirmed");
    expect(text).toContain("[FAILED]");
    expect(text).toContain("502 Bad Gateway");
    expect(text).toContain("Declined with **502** from the payment service");
    expect(text).toContain(`<${PUBLIC_URL}/projects/${s.project.key}/runs/${s.run.id}/execute/${s.payEntry.id}>`);
    expect(text).toContain("Staging");

    const key = res.body.key as string;
    expect(key).toMatch(/^SHOP-\d+$/);
    expect(res.body).toMatchObject({ tracker: "JIRA", url: `${jira.url}/browse/${key}`, resultId: s.resultId, entryId: s.payEntry.id });
    expect(await links(s.project.id)).toEqual([
      { key, tracker: "JIRA", url: `${jira.url}/browse/${key}`, result_id: s.resultId, entry_id: s.payEntry.id, status: null },
    ]);

    // The failure is now tracked: the milestone no longer lists it as untracked.
    const summary = (await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/summary`)).body;
    expect(summary.openFailures[0].defect).toMatchObject({ key, tracker: "JIRA" });
    expect(summary.reasons.map((r: { code: string }) => r.code)).not.toContain("UNTRACKED_FAILURES");

    // Filing again for the same result returns the link; Jira is not called twice.
    const again = await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {});
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(jira.created()).toHaveLength(before + 1);

    // A passed entry, a viewer, another project: refused, and nothing is filed.
    expect((await s.owner.api.post(`${s.entryUrl(s.loginEntry.id)}/defects/jira`, {})).status).toBe(409);
    const viewer = await createUser();
    await addMember(s.project.id, viewer.user.id, "VIEWER");
    expect((await viewer.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {})).status).toBe(403);
    expect((await viewer.api.get(`${s.entryUrl(s.payEntry.id)}/defects`)).status).toBe(200);
    const other = await createRunSetup();
    expect((await other.owner.api.post(`/api/projects/${other.project.id}/test-runs/${s.run.id}/entries/${s.payEntry.id}/defects/jira`, {})).status).toBe(404);
    expect((await other.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`)).status).toBe(404);
    expect(jira.created()).toHaveLength(before + 1);
  });

  it("carries an automated failure's error into the issue as a code block", async () => {
    const s = await failedEntry();
    const ci = (await s.owner.api.post(`${s.base}/test-runs`, { name: "CI", milestoneId: s.milestone.id, environmentId: s.environment.id, kind: "AUTOMATED" })).body;
    const batch = await s.owner.api.post(`${s.base}/test-runs/${ci.id}/results`, {
      results: [{ testKey: "checkout.spec.ts › pays", status: "failed", error: { message: "expect(received).toBe(expected)\nExpected: 200\nReceived: 502", location: "checkout.spec.ts:42:7" } }],
    });
    const entryId = rowsOf<{ entry_id: string }>(await getDb().execute(sql`select entry_id from results where id = ${batch.body.results[0].resultId}`))[0].entry_id;
    const res = await s.owner.api.post(`${s.base}/test-runs/${ci.id}/entries/${entryId}/defects/jira`, { summary: "Checkout answers 502", note: "Seen on every nightly since Monday." });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const issue = jira.created().at(-1)!.body;
    expect(issue.fields.summary).toBe("Checkout answers 502");
    const code = issue.fields.description.content.find((n: { type: string }) => n.type === "codeBlock");
    expect(code.content[0].text).toBe("expect(received).toBe(expected)\nExpected: 200\nReceived: 502\ncheckout.spec.ts:42:7");
    expect(adfText(issue.fields.description)).toContain("Seen on every nightly since Monday.");
  });

  it("shows the Jira status, read again only when the cached one is older than 5 minutes, and the checklist uses it", async () => {
    const s = await failedEntry();
    const key = (await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {})).body.key as string;
    jira.setStatus(key, "In Progress", "indeterminate");
    const reads = () => jira.reads().filter((c) => c.path.startsWith(`/rest/api/3/issue/${key}?`)).length;

    const first = await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`);
    expect(first.status).toBe(200);
    expect(first.body.data[0]).toMatchObject({ key, status: "In Progress", statusCategory: "indeterminate" });
    expect(first.body.data[0].checkedAt).not.toBeNull();
    expect(reads()).toBe(1);
    expect(jira.reads().at(-1)!.path).toBe(`/rest/api/3/issue/${key}?fields=status,summary`);

    // Cached: Jira moves on, the view does not ask again yet.
    jira.setStatus(key, "Done", "done");
    const cached = await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`);
    expect(cached.body.data[0].status).toBe("In Progress");
    expect(reads()).toBe(1);
    const checklistWhileOpen = await s.owner.api.post(`${s.base}/milestones/${s.milestone.id}/complete`, {});
    expect(checklistWhileOpen.status).toBe(409);
    expect(checklistWhileOpen.body.error.details.map((d: { field: string }) => d.field)).not.toContain("DEFECTS_RESOLVED");

    // Older than 5 minutes: read again. The summary shows the new status too.
    await getDb().execute(sql`update defect_links set checked_at = now() - interval '6 minutes' where key = ${key}`);
    const fresh = await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`);
    expect(fresh.body.data[0]).toMatchObject({ status: "Done", statusCategory: "done" });
    expect(reads()).toBe(2);
    const summary = (await s.owner.api.get(`${s.base}/milestones/${s.milestone.id}/summary`)).body;
    expect(summary.openFailures[0].defect).toMatchObject({ key, status: "Done" });

    // The open failure's defect is resolved in Jira while the case still fails: the checklist says so.
    const done = await s.owner.api.post(`${s.base}/milestones/${s.milestone.id}/complete`, {});
    expect(done.status).toBe(409);
    const item = done.body.error.details.find((d: { field: string }) => d.field === "DEFECTS_RESOLVED");
    expect(item.message).toContain(`${s.project.key}-${s.pay.seq} (Staging) → ${key} Done`);

    // The milestone page's refresh reads the open failures' defects the same way.
    jira.setStatus(key, "Reopened", "indeterminate");
    const cachedForMilestone = await s.owner.api.get(`${s.base}/defects?milestoneId=${s.milestone.id}`);
    expect(cachedForMilestone.body).toMatchObject({ refreshed: 0, data: [{ key, status: "Done" }] });
    await getDb().execute(sql`update defect_links set checked_at = now() - interval '6 minutes' where key = ${key}`);
    const milestoneView = await s.owner.api.get(`${s.base}/defects?milestoneId=${s.milestone.id}`);
    expect(milestoneView.body).toMatchObject({ refreshed: 1, data: [{ key, status: "Reopened", statusCategory: "indeterminate" }] });
    const reopened = await s.owner.api.post(`${s.base}/milestones/${s.milestone.id}/complete`, {});
    expect(reopened.body.error.details.map((d: { field: string }) => d.field)).not.toContain("DEFECTS_RESOLVED");
    jira.setStatus(key, "Done", "done");

    // Jira down: the cached status stays and the view still answers.
    await getDb().execute(sql`update defect_links set checked_at = now() - interval '6 minutes' where key = ${key}`);
    jira.failNext(500, { errorMessages: ["Internal error"] });
    const down = await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`);
    expect(down.status).toBe(200);
    expect(down.body.data[0].status).toBe("Reopened");
  });

  it("reads only issues of the project's own Jira project: a tester's link to another Jira project is never read with the service account", async () => {
    const s = await failedEntry();
    const tester = await createUser();
    await addMember(s.project.id, tester.user.id, "TESTER");
    jira.setStatus("HR-42", "Salary review: Done", "done");
    jira.setStatus("SHOP-4242", "In Review", "indeterminate");
    const record = (key: string) =>
      tester.api.post(`${s.entryUrl(s.payEntry.id)}/results`, { status: "FAILED", defect: { tracker: "JIRA", key, url: `${jira.url}/browse/${key}` } });
    expect((await record("HR-42")).status).toBe(201);
    expect((await record("SHOP-4242")).status).toBe(201);
    const readsOf = (key: string) => jira.reads().filter((c) => c.path.startsWith(`/rest/api/3/issue/${key}?`)).length;

    const view = await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`);
    expect(view.status).toBe(200);
    const byKey = new Map(view.body.data.map((d: { key: string }) => [d.key, d]));
    expect(byKey.get("HR-42")).toMatchObject({ status: null, statusCategory: null, checkedAt: null, title: null });
    expect(byKey.get("SHOP-4242")).toMatchObject({ status: "In Review", statusCategory: "indeterminate" });
    expect(JSON.stringify(view.body)).not.toContain("Salary review");
    // The milestone's refresh and the checklist take the same rule.
    await s.owner.api.get(`${s.base}/defects?milestoneId=${s.milestone.id}`);
    await s.owner.api.post(`${s.base}/milestones/${s.milestone.id}/complete`, {});
    expect(readsOf("HR-42")).toBe(0);
    expect(readsOf("SHOP-4242")).toBe(1);

    // Without a Jira project key the project reads nothing from the connected site.
    await getDb().execute(sql`update defect_links set checked_at = null where project_id = ${s.project.id}`);
    await put(s.owner.key, `${s.base}/jira`, { jiraProjectKey: null });
    await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`);
    expect(readsOf("SHOP-4242")).toBe(1);
    expect(readsOf("HR-42")).toBe(0);
  });

  it("never sends the stored token to a new host, requires https, and shows nothing of a host that is not Jira", async () => {
    const seen: string[] = [];
    const impostor = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
      const json = req.url?.includes("myself");
      res.writeHead(json ? 500 : 404, { "content-type": json ? "application/json" : "text/html" });
      res.end(json ? JSON.stringify({ errorMessages: ["internal: db password is hunter2"] }) : "<h1>intranet wiki: salaries</h1>");
    });
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    const other = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
    const stored = async () => (await admin.api.get("/api/admin/jira")).body;
    try {
      // Another host without the token: refused by name, nothing changes, the new host hears nothing.
      const moved = await put(admin.key, "/api/admin/jira", { baseUrl: other, email: EMAIL });
      expect(moved.status).toBe(400);
      expect(moved.body.error.details.map((d: { field: string }) => d.field)).toEqual(["apiToken"]);
      expect(await stored()).toMatchObject({ baseUrl: jira.url, tokenSet: true });
      expect((await admin.api.post("/api/admin/jira/test")).body).toEqual({ ok: true, accountName: "QA Bot" });
      // Same site, another port is another host too; a path or trailing slash on the same site is not.
      expect((await put(admin.key, "/api/admin/jira", { baseUrl: jira.url.replace(/:\d+$/, ":1"), email: EMAIL })).status).toBe(400);
      expect((await put(admin.key, "/api/admin/jira", { baseUrl: `${jira.url}/`, email: EMAIL })).status).toBe(200);
      expect(seen).toEqual([]);

      // With the token given again the move is allowed; a host that does not answer as Jira does is not quoted.
      expect((await put(admin.key, "/api/admin/jira", { baseUrl: other, email: EMAIL, apiToken: "a-token-for-the-other-host" })).status).toBe(200);
      const check = await admin.api.post("/api/admin/jira/test");
      expect(check.status).toBe(502);
      expect(check.body.error.code).toBe("UPSTREAM_FAILED");
      expect(check.body.error.message).toBe(`The address ${other} answered HTTP 500, but not as Jira does, so its answer is not shown. Check the Jira site in the settings.`);
      const s = await failedEntry();
      const filed = await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {});
      expect(filed.status).toBe(502);
      expect(filed.body.error.message).toMatch(/answered HTTP 404, but not as Jira does/);
      expect(JSON.stringify([check.body, filed.body])).not.toMatch(/hunter2|salaries|TOKEN|a-token-for/);
      expect(await links(s.project.id)).toEqual([]);
      expect(seen).toHaveLength(2);
      expect(seen.every((x) => !x.includes(Buffer.from(`${EMAIL}:${TOKEN}`).toString("base64")))).toBe(true);

      // Plain http is refused unless QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS is set, both when saving and when calling.
      delete process.env.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS;
      const insecure = await put(admin.key, "/api/admin/jira", { baseUrl: jira.url, email: EMAIL, apiToken: TOKEN });
      expect(insecure.status).toBe(400);
      expect(insecure.body.error.details).toEqual([{ field: "baseUrl", message: expect.stringMatching(/^Must be an https:\/\/ address/) }]);
      expect(await stored()).toMatchObject({ baseUrl: other });
      const before = seen.length;
      const refused = await admin.api.post("/api/admin/jira/test");
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/does not use https/);
      expect(seen).toHaveLength(before);
    } finally {
      process.env.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS = "1";
      expect((await put(admin.key, "/api/admin/jira", { baseUrl: `${jira.url}/`, email: EMAIL, apiToken: TOKEN })).status).toBe(200);
      await new Promise<void>((resolve) => impostor.close(() => resolve()));
    }
  });

  it("writes nothing when Jira refuses the issue or cannot be reached, and says why", async () => {
    const s = await failedEntry();
    const countAudit = async () =>
      Number(rowsOf<{ n: number }>(await getDb().execute(sql`select count(*)::int as n from audit_log where action = 'defect.file' and project_id = ${s.project.id}`))[0].n);

    jira.failNext(400, { errorMessages: [], errors: { issuetype: "The issue type selected is invalid." } });
    const refused = await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {});
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toContain("issuetype: The issue type selected is invalid.");
    expect(await links(s.project.id)).toEqual([]);

    const port = await closedPort();
    await put(admin.key, "/api/admin/jira", { baseUrl: `http://127.0.0.1:${port}`, email: EMAIL, apiToken: TOKEN });
    try {
      const unreachable = await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {});
      expect(unreachable.status).toBe(502);
      expect(unreachable.body.error.message).toMatch(/Jira could not be reached at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Nothing was filed/);
      expect(JSON.stringify(unreachable.body)).not.toContain(TOKEN);
      expect(await links(s.project.id)).toEqual([]);
      expect(await countAudit()).toBe(0);
      // Views keep working without Jira.
      expect((await s.owner.api.get(`${s.entryUrl(s.payEntry.id)}/defects`)).status).toBe(200);
    } finally {
      await put(admin.key, "/api/admin/jira", { baseUrl: jira.url, email: EMAIL, apiToken: TOKEN });
    }

    // A project without a Jira key is told so.
    await put(s.owner.key, `${s.base}/jira`, { jiraProjectKey: null });
    const noKey = await s.owner.api.post(`${s.entryUrl(s.payEntry.id)}/defects/jira`, {});
    expect(noKey.status).toBe(409);
    expect(noKey.body.error.message).toContain("has no Jira project key");
    expect(await links(s.project.id)).toEqual([]);
  });
});
