import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };

test.use({ viewport: { width: 1440, height: 1000 } });

async function post(request: APIRequestContext, url: string, data: unknown, method: "post" | "put" = "post") {
  const res = await request[method](url, { headers, data });
  expect(res.ok(), `${url}: ${await res.text()}`).toBe(true);
  return res.json();
}

/** A project of its own (the demo project stays as other specs expect it), with two requirements in a milestone's scope. */
async function coverageProject(request: APIRequestContext) {
  const key = `RQ${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await post(request, "/api/projects", { name: `Traceability ${key}`, key });
  const base = `/api/projects/${key}`;
  const staging = await post(request, `${base}/environments`, { name: "Staging" });
  const production = await post(request, `${base}/environments`, { name: "Production" });
  const milestone = await post(request, `${base}/milestones`, { name: "v3.0" });
  for (const [k, title] of [["SHOP-12", "Pay with card"], ["SHOP-13", "Refunds"], ["SHOP-14", "Gift cards"]]) await post(request, `${base}/requirements`, { key: k, title });
  const pay = await post(request, `${base}/test-cases`, { title: "Pay with a saved card", requirementKeys: ["SHOP-12"] });
  const refund = await post(request, `${base}/test-cases`, { title: "Refund an order", requirementKeys: ["SHOP-13"] });
  await post(request, `${base}/milestones/${milestone.id}/requirements`, { keys: ["SHOP-12", "SHOP-13", "SHOP-14"] }, "put");
  const run = await post(request, `${base}/test-runs`, { name: "Staging regression", milestoneId: milestone.id, environmentId: staging.id, caseIds: [pay.key, refund.key] });
  const entries = (await (await request.get(`${base}/test-runs/${run.id}/entries`, { headers })).json()).data as { id: string; caseKey: string }[];
  const entryOf = (caseKey: string) => entries.find((e) => e.caseKey === caseKey)!.id;
  await post(request, `${base}/test-runs/${run.id}/entries/${entryOf(pay.key)}/results`, { status: "PASSED" });
  await post(request, `${base}/test-runs/${run.id}/entries/${entryOf(refund.key)}/results`, { status: "FAILED", comment: "Refund stays pending" });
  const prodRun = await post(request, `${base}/test-runs`, { name: "Production smoke", milestoneId: milestone.id, environmentId: production.id, caseIds: [refund.key] });
  return { key, base, milestone, staging, production, pay, refund, run, prodRun, refundEntry: entryOf(refund.key) };
}

test("a stakeholder reads the milestone's Coverage: requirement × environment, each cell opening its entries", async ({ page, request }) => {
  const p = await coverageProject(request);
  await signIn(page);
  await page.goto(`/projects/${p.key}/milestones/${p.milestone.id}`);
  const section = page.getByRole("region", { name: "Coverage" });
  await expect(section.getByTestId("coverage-totals")).toHaveText("1 of 3 verified · 1 NOK · 0 not run · 1 uncovered");
  const table = section.getByTestId("coverage-table");
  await expect(table.getByRole("columnheader")).toHaveText(["Requirement", "All environments", "Production", "Staging"]);
  const pay = table.getByTestId("coverage-SHOP-12");
  await expect(pay.getByRole("cell")).toHaveText([/SHOP-12\s*Pay with card/, /^OK/, "Uncovered", /^OK/]);
  await expect(table.getByTestId("coverage-SHOP-13").getByRole("cell")).toHaveText([/SHOP-13/, /^NOK/, /^Not run/, /^NOK/]);
  await expect(table.getByTestId("coverage-SHOP-14")).toContainText("No linked case");
  await expect(table.getByTestId("coverage-SHOP-14").getByRole("cell").nth(1)).toHaveText("Uncovered");

  const { violations } = await new AxeBuilder({ page }).include("[data-testid=coverage]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => v.id)).toEqual([]);

  // The Staging cell of SHOP-13 opens its entry; the link goes to the execution view of the failed entry.
  await table.getByTestId("coverage-SHOP-13").getByLabel("SHOP-13 in Staging: NOK; show entries").click();
  const link = table.getByTestId("coverage-SHOP-13").getByRole("link", { name: p.refund.key });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/projects/${p.key}/runs/${p.run.id}/execute/${p.refundEntry}$`));

  // Filtered to Production: one column, and the totals say so.
  await page.goto(`/projects/${p.key}/milestones/${p.milestone.id}?environment=${p.production.id}`);
  await expect(page.getByTestId("coverage-totals")).toHaveText("0 of 3 verified · 0 NOK · 1 not run · 2 uncovered in Production");
  await expect(page.getByTestId("coverage-table").getByRole("columnheader")).toHaveText(["Requirement", "Production"]);

  // A tester narrows the scope in the page: an unknown key is refused by name, then the list saves.
  await page.goto(`/projects/${p.key}/milestones/${p.milestone.id}`);
  await page.getByRole("button", { name: "Edit scope" }).click();
  const dialog = page.getByRole("dialog", { name: "Requirements in scope" });
  await expect(dialog.getByLabel("Requirement keys")).toHaveValue("SHOP-12\nSHOP-13\nSHOP-14");
  await dialog.getByLabel("Requirement keys").fill("SHOP-12, SHOP-13\nNOPE-1");
  await dialog.getByRole("button", { name: "Save scope" }).click();
  await expect(dialog.getByRole("alert")).toContainText("NOPE-1");
  await dialog.getByLabel("Requirement keys").fill("SHOP-12, SHOP-13");
  await dialog.getByRole("button", { name: "Save scope" }).click();
  await expect(page.getByTestId("coverage-totals")).toHaveText("1 of 2 verified · 1 NOK · 0 not run · 0 uncovered");
});

test("a tester imports TestRail's XML export from the Cases page, then sees row-numbered errors for a broken CSV", async ({ page, request }) => {
  const key = `TR${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await post(request, "/api/projects", { name: `TestRail move ${key}`, key });
  await signIn(page);
  await page.goto(`/projects/${key}/cases`);
  await page.getByRole("button", { name: "Import from TestRail" }).click();
  const dialog = page.getByRole("dialog", { name: "Import test cases from TestRail" });
  const xml = fs.readFileSync(path.join(import.meta.dirname, "../fixtures/testrail/cases.xml"));
  await dialog.getByLabel("TestRail export (CSV or XML)").setInputFiles({ name: "suite.xml", mimeType: "application/xml", buffer: xml });
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByTestId("import-outcome")).toHaveText("Imported: 3 created, 0 updated, 0 unchanged, 3 suites created, 2 requirements created.");

  // The same export again updates nothing and duplicates nothing.
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByTestId("import-outcome")).toHaveText("Imported: 0 created, 0 updated, 3 unchanged.");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("case-row")).toHaveCount(3);
  const card = await (await request.get(`/api/projects/${key}/test-cases/${key}-1`, { headers })).json();
  expect(card).toMatchObject({ externalId: "C201", priority: "HIGH", requirementKeys: ["REQ-7", "SHOP-12"] });

  await page.getByRole("button", { name: "Import from TestRail" }).click();
  const csv = ["ID,Title,Section Hierarchy,Priority", "C9,Fine,Web,High", "C10,Broken,Web,Urgent"].join("\n");
  await dialog.getByLabel("TestRail export (CSV or XML)").setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  const errors = dialog.getByTestId("import-errors");
  await expect(errors).toContainText("Nothing was imported");
  await expect(errors).toContainText('row 3: Priority: "Urgent" is not one of Critical, High, Medium, Low');
  expect((await (await request.get(`/api/projects/${key}/test-cases`, { headers })).json()).data).toHaveLength(3);
});
