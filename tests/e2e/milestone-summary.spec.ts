import fs from "node:fs";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { parseCsv } from "../../lib/cases/csv";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const auth = { authorization: `Bearer ${E2E.bootstrapKey}` };

async function api(request: APIRequestContext, method: "get" | "post", path: string, data?: unknown) {
  const res = await request[method](`/api${path}`, { headers: auth, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** A VIEWER of DEMO (a stakeholder), created through the API and signed in in a fresh context. */
async function stakeholder(browser: Browser, request: APIRequestContext) {
  const email = `stakeholder-${Date.now()}@e2e.test`;
  const password = "stakeholder-password-1";
  await api(request, "post", "/users", { email, name: "Stella Stakeholder", password });
  await api(request, "post", "/projects/DEMO/members", { email, role: "VIEWER" });
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1360, height: 900 });
  await signIn(page, email, password);
  return { context, page };
}

test("a stakeholder reads the verdict, filters by environment, exports CSV, signs off and sees the page follow CI", async ({ browser, request }) => {
  const { context, page } = await stakeholder(browser, request);
  await page.goto("/projects/DEMO");
  await page.getByTestId("milestones").getByRole("link", { name: "v2.4.0 Release", exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/milestones\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("v2.4.0 Release");
  const milestoneId = new URL(page.url()).pathname.split("/").pop()!;

  // The verdict, readable at a glance: NO GO with its reasons, risk, critical failures first, charts.
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "NO_GO");
  await expect(verdict).toContainText("NO GO");
  await expect(page.getByTestId("verdict-reasons").getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("risk")).toBeVisible();
  const failures = page.getByTestId("open-failures");
  await expect(failures.locator("tbody tr").first()).toContainText("Critical");
  await expect(page.getByTestId("status-chart")).toBeVisible();
  await expect(page.getByTestId("burn-up-chart")).toBeVisible();
  await expect(page.getByTestId("burn-up-chart")).toHaveAttribute("aria-label", /^Burn-up: \d+ of \d+ entries executed by .+; due /);
  // A viewer signs off but neither waives nor completes.
  await expect(page.getByRole("button", { name: "Complete milestone" })).toHaveCount(0);
  await expect(failures.getByRole("button", { name: /^Waive / })).toHaveCount(0);

  // Filter by environment: the URL carries it, so the view can be shared.
  const filter = page.getByTestId("environment-filter");
  await expect(filter.getByRole("link", { name: "All environments" })).toHaveAttribute("aria-current", "page");
  await filter.getByRole("link", { name: "Staging", exact: true }).click();
  await expect(page).toHaveURL(/\?environment=/);
  await expect(filter.getByRole("link", { name: "Staging", exact: true })).toHaveAttribute("aria-current", "page");
  const environmentId = new URL(page.url()).searchParams.get("environment")!;
  const runs = page.getByTestId("runs-by-environment");
  await expect(runs.getByTestId("env-Staging")).toBeVisible();
  await expect(runs.locator("[data-testid^='env-']")).toHaveCount(1);
  for (const env of await failures.locator("tbody tr td:nth-child(3)").allTextContents()) expect(env).toBe("Staging");
  await expect(page.getByTestId("share-link")).toHaveValue(new RegExp(`/milestones/${milestoneId}\\?environment=${environmentId}$`));

  // Export the filtered entries as CSV: one row per entry the summary counts, all on Staging.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^DEMO-milestone-.+-Staging-entries\.csv$/);
  const records = parseCsv(fs.readFileSync((await download.path())!, "utf8"));
  const [header, ...rows] = records.map((r) => r.fields);
  expect(header).toEqual(["milestone", "run", "run_id", "run_status", "run_kind", "environment", "case_key", "case_title", "priority", "status", "flaky", "executed_at", "assignee", "defect"]);
  const summary = await (await page.request.get(`/api/projects/DEMO/milestones/${milestoneId}/summary?environment=${environmentId}`)).json();
  expect(rows.length).toBe(summary.counts.total);
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r[5]))).toEqual(new Set(["Staging"]));
  expect(rows.filter((r) => r[9] === "PASSED").length).toBe(summary.counts.passed);
  expect(rows.filter((r) => r[9] === "FAILED").length).toBe(summary.counts.failed);
  for (const r of rows) expect(r[6]).toMatch(/^DEMO-\d+$/);

  // Sign off with a comment.
  const comment = `Reviewed the Staging numbers ${Date.now()}`;
  await page.getByRole("button", { name: "Sign off" }).click();
  const dialog = page.getByRole("dialog");
  // The dialog restates the verdict being signed and pre-selects no decision.
  await expect(dialog.getByTestId("signoff-verdict")).toContainText(/The verdict you are signing is (GO|NO GO)/);
  await expect(dialog.getByRole("radio", { name: "Approve" })).not.toBeChecked();
  await expect(dialog.getByRole("radio", { name: "Reject" })).not.toBeChecked();
  await dialog.getByLabel("Comment").fill(comment);
  await dialog.getByRole("button", { name: "Sign off" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Choose Approve or Reject.");
  await dialog.getByRole("radio", { name: "Approve" }).check();
  await dialog.getByRole("button", { name: "Sign off" }).click();
  await expect(dialog).toBeHidden();
  const mine = page.getByTestId("signoffs").getByRole("listitem").filter({ hasText: comment });
  await expect(mine).toContainText("Stella Stakeholder");
  await expect(mine).not.toContainText("Stale");

  // CI posts into the Staging sign-off phase while the page is open: the page refreshes itself
  // (no reload), the phase's run rolls up into the release's list, and the sign-off turns stale.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const phase = (await api(request, "get", `/projects/DEMO/milestones?q=${encodeURIComponent("Staging sign-off")}`)).data[0];
  expect(phase.parentId).toBe(milestoneId);
  const runName = `Nightly e2e ${Date.now()}`;
  const run = await api(request, "post", "/projects/DEMO/test-runs", { name: runName, milestoneId: phase.id, environmentId, kind: "AUTOMATED" });
  await api(request, "post", `/projects/DEMO/test-runs/${run.id}/results`, { results: [{ testKey: "e2e › auto-refresh", title: "auto-refresh", status: "passed" }] });
  const phaseRun = runs.getByRole("listitem").filter({ hasText: runName });
  await expect(phaseRun).toBeVisible({ timeout: 20_000 });
  await expect(phaseRun.getByTestId("run-phase")).toHaveText("v2.4.0 – Staging sign-off");
  await expect(mine).toContainText("Stale", { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await api(request, "post", `/projects/DEMO/test-runs/${run.id}/complete`);

  await filter.getByRole("link", { name: "All environments" }).click();
  await expect(page).not.toHaveURL(/\?environment=/);
  await expect(page.getByTestId("signoffs")).toContainText(comment);
  await page.screenshot({ path: "test-results/screens/milestone.png", fullPage: true });

  // The print view keeps the verdict, the tables and the chart, and drops the controls.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Sign off" })).toBeHidden();
  await expect(page.getByTestId("export-csv")).toBeHidden();
  await expect(page.getByTestId("environment-filter")).toBeHidden();
  await expect(page.getByTestId("verdict")).toBeVisible();
  await expect(failures).toBeVisible();
  await expect(page.getByTestId("burn-up-chart")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/milestone-print.png", fullPage: true });
  await context.close();
});

test("an admin completes a NO GO milestone with an override, and the override stays on it", async ({ page, request }) => {
  const name = `Hotfix 2.4.1 e2e ${Date.now()}`;
  const milestone = await api(request, "post", "/projects/DEMO/milestones", { name, dueDate: "2030-01-15" });
  const run = await api(request, "post", "/projects/DEMO/test-runs", { name: "Hotfix smoke", milestoneId: milestone.id, environment: "Staging", kind: "AUTOMATED" });
  await api(request, "post", `/projects/DEMO/test-runs/${run.id}/results`, {
    results: [
      { testKey: "hotfix › pays", title: "pays", status: "passed" },
      { testKey: "hotfix › refunds", title: "refunds", status: "failed", error: { message: "expected 200" } },
    ],
  });

  await signIn(page);
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "NO_GO");
  await page.getByRole("button", { name: "Complete milestone" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Complete", exact: true }).click();
  // Refused: the unmet checklist items, then the override.
  const unmet = dialog.getByTestId("unmet");
  await expect(unmet).toContainText("not completed");
  await expect(unmet).toContainText("Nobody has signed off");
  const reason = "Security fix must ship tonight; refunds failure is tracked separately";
  await dialog.getByLabel("Override reason").fill(reason);
  await dialog.getByRole("button", { name: "Complete anyway" }).click();
  await expect(dialog).toBeHidden();

  const record = page.getByTestId("completion-record");
  await expect(record).toContainText("with an override of the release checklist");
  await expect(record).toContainText(reason);
  await expect(record).toContainText("runs incomplete");
  await expect(page.getByRole("button", { name: "Complete milestone" })).toHaveCount(0);

  // Still shown after archiving and restoring, and on the milestones list.
  await page.goto("/projects/DEMO/milestones?status=completed");
  const row = page.getByTestId("milestones").getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Completed with override");
  await row.getByRole("button", { name: `Archive ${name}` }).click();
  await expect(page.getByTestId("milestones")).not.toContainText(name);
  await page.goto("/projects/DEMO/milestones?status=archived");
  await page.getByTestId("milestones").getByRole("button", { name: `Restore ${name}` }).click();
  await expect(page.getByTestId("milestones")).not.toContainText(name);
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  await expect(page.getByTestId("completion-record")).toContainText(reason);
  const audit = await (await request.get(`/api/projects/DEMO/audit-log?limit=50`, { headers: auth })).json();
  expect(audit.data.some((e: { action: string; entityId: string }) => e.action === "milestone.complete_override" && e.entityId === milestone.id)).toBe(true);
});
