import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const auth = { authorization: `Bearer ${E2E.bootstrapKey}` };

async function api(request: APIRequestContext, method: "get" | "post" | "patch" | "put", path: string, data?: unknown) {
  const res = await request[method](`/api${path}`, { headers: auth, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/**
 * A project of its own (the demo project stays untouched): a milestone with two requirements in
 * scope, one verified by a passing case, one by a failing case, and a stakeholder (VIEWER).
 */
async function releaseForAStakeholder(request: APIRequestContext) {
  const stamp = Date.now();
  const key = `EV${String(stamp).slice(-6)}`;
  const project = await api(request, "post", "/projects", { name: `Evidence ${stamp}`, key });
  const p = `/projects/${project.key}`;
  await api(request, "post", `${p}/environments`, { name: "Staging" });
  const milestone = await api(request, "post", `${p}/milestones`, { name: `Audit release ${stamp}`, dueDate: new Date(Date.now() + 5 * 86_400_000).toISOString() });
  await api(request, "post", `${p}/requirements`, { key: "SHOP-1", title: "Pay by card" });
  await api(request, "post", `${p}/requirements`, { key: "SHOP-2", title: "Refund to card" });
  const pay = await api(request, "post", `${p}/test-cases`, { title: "Checkout with card", priority: "HIGH", requirementKeys: ["SHOP-1"] });
  const refund = await api(request, "post", `${p}/test-cases`, { title: "Refund an order", priority: "MEDIUM", requirementKeys: ["SHOP-2"] });
  await api(request, "put", `${p}/milestones/${milestone.id}/requirements`, { keys: ["SHOP-1", "SHOP-2"] });
  const run = await api(request, "post", `${p}/test-runs`, { name: "Release regression", milestoneId: milestone.id, environment: "Staging", caseIds: [pay.id, refund.id] });
  const entries = (await api(request, "get", `${p}/test-runs/${run.id}/entries`)).data as { id: string; caseId: string }[];
  const entryOf = (caseId: string) => entries.find((e) => e.caseId === caseId)!.id;
  await api(request, "post", `${p}/test-runs/${run.id}/entries/${entryOf(pay.id)}/results`, { status: "PASSED", durationMs: 42_000 });
  await api(request, "post", `${p}/test-runs/${run.id}/entries/${entryOf(refund.id)}/results`, { status: "FAILED", comment: `Refund stays pending ${stamp}` });
  const stakeholder = { email: `stakeholder-${stamp}@example.test`, name: "Sam Stakeholder", password: `pw-${stamp}-stakeholder` };
  const user = await api(request, "post", "/users", stakeholder);
  await api(request, "post", `${p}/members`, { userId: user.id, role: "VIEWER" });
  return { project, milestone, stakeholder, stamp, refund, path: `${p}/milestones/${milestone.id}` };
}

test("a stakeholder opens Coverage and downloads the evidence pack", async ({ page, request }) => {
  const r = await releaseForAStakeholder(request);
  await signIn(page, r.stakeholder.email, r.stakeholder.password);
  await page.goto(`/projects/${r.project.key}/milestones/${r.milestone.id}`);
  await expect(page.getByRole("heading", { name: r.milestone.name })).toBeVisible();

  // Coverage: requirement × environment; a cell opens the entries it was computed from.
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Coverage", exact: true }) });
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByTestId("coverage-totals")).toContainText("1 of 2 verified");
  await expect(section.getByTestId("coverage-SHOP-1")).toContainText("OK");
  await expect(section.getByTestId("coverage-SHOP-2")).toContainText("NOK");
  await section.getByLabel("SHOP-2 in Staging: NOK; show entries").click();
  await expect(section.getByTestId("coverage-SHOP-2").getByRole("link", { name: r.refund.key })).toBeVisible();

  // The pack: a PDF from the production build (pdfkit finds its font metrics at run time).
  const link = page.getByRole("link", { name: "Download evidence pack" });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${r.project.key}-Audit_release_${r.stamp}-evidence-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
  const bytes = new Uint8Array(await readFile((await download.path())!));
  expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  const { text: pages } = await extractText(await getDocumentProxy(bytes), { mergePages: false });
  const text = pages.join("\n");
  expect(text).toContain(`Evidence pack: ${r.milestone.name}`);
  expect(text).toContain("Verdict: NO GO");
  expect(text).toContain("SHOP-1 Pay by card: OK (Staging OK)");
  expect(text).toContain("SHOP-2 Refund to card: NOK (Staging NOK)");
  expect(text).toContain(`Refund stays pending ${r.stamp}`);
  expect(text).toContain("result.record");

  // The footer's hash is the manifest's, which the stakeholder can fetch and check.
  const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), `/api${r.path}/evidence.json`);
  expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
  for (const p of pages) expect(p).toContain(`Manifest SHA-256 ${manifest.sha256}`);
});
