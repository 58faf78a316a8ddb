import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const auth = { authorization: `Bearer ${E2E.bootstrapKey}` };
const SHOTS = "test-results/screens";

async function api(request: APIRequestContext, method: "get" | "post" | "patch" | "delete", path: string, data?: unknown) {
  const res = await request[method](`/api${path}`, { headers: auth, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.status() === 204 ? null : res.json();
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A fresh milestone due in two days with one CRITICAL case failing on Staging, the tester's
 * comment saved with the failure.
 */
async function failingMilestone(request: APIRequestContext, label: string) {
  const stamp = Date.now();
  const milestone = await api(request, "post", "/projects/DEMO/milestones", { name: `${label} ${stamp}`, dueDate: inDays(2) });
  const testCase = await api(request, "post", "/projects/DEMO/test-cases", { title: `Refund to card ${stamp}`, priority: "CRITICAL" });
  const run = await api(request, "post", "/projects/DEMO/test-runs", { name: `Checks ${stamp}`, milestoneId: milestone.id, environment: "Staging", caseIds: [testCase.id] });
  const [entry] = (await api(request, "get", `/projects/DEMO/test-runs/${run.id}/entries`)).data;
  const comment = `Refund stays pending for 10 minutes ${stamp}`;
  await api(request, "post", `/projects/DEMO/test-runs/${run.id}/entries/${entry.id}/results`, { status: "FAILED", comment });
  return { milestone, testCase, run, comment };
}

/** No label may contradict another: NO GO never sits next to a green "no open failures". */
async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    // The first screen as a phone shows it, at full resolution.
    if (width === 390) await page.screenshot({ path: `${SHOTS}/${name}-${width}-top.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe.configure({ mode: "serial" });

test("the demo's waived failure, the rules in force and the schedule are on the release page", async ({ page }) => {
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/projects/DEMO/milestones");
  await page.getByTestId("milestones").getByRole("link", { name: "v2.4.0 Release", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("v2.4.0 Release");

  // DEMO-17's waiver is active: it is listed with its reason, who waived it and when.
  const waived = page.getByTestId("waived-failures");
  await expect(page.getByRole("heading", { name: "Waived (1)" })).toBeVisible();
  const row = waived.getByTestId("waived-DEMO-17");
  await expect(row).toContainText("VAT is shown per line for EU addresses");
  await expect(row).toContainText("One-cent VAT rounding difference accepted for 2.4.0 by finance");
  await expect(row).toContainText(/by .+/);
  await expect(row).toContainText("no expiry");
  await expect(row.getByRole("button", { name: /^Revoke the waiver of DEMO-17/ })).toBeVisible();
  await expect(page.getByTestId("open-failures")).not.toContainText("DEMO-17");

  // The rules in force, and the schedule labelled as such, with its forecast.
  await expect(page.getByTestId("rules")).toContainText("Rules: pass rate ≥ 95%; CRITICAL and HIGH failures block");
  await expect(page.getByTestId("risk")).toContainText(/^Schedule: (On track|At risk|Overdue|Not started)/);
  // The latest comment on an open failure is shown with it.
  await expect(page.getByTestId("open-failures").getByTestId("failure-comment").first()).toBeVisible();
  await expect(page.getByTestId("open-failures")).toContainText("Reproducible with every saved card");
  await shoot(page, "trust-milestone");

  // The dashboard's cards label the schedule the same way.
  await page.goto("/projects/DEMO");
  await expect(page.getByTestId("card-v2.4.0 Release").locator("[data-risk]")).toContainText(/^Schedule:/);
  await shoot(page, "trust-dashboard");
});

test("a tester waives a failure until a date, an admin revokes it, and an expired waiver reopens the failure", async ({ page, request }) => {
  const { milestone, testCase, run, comment } = await failingMilestone(request, "Waiver check");
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  const failures = page.getByTestId("open-failures");
  await expect(failures).toContainText(testCase.title);
  await expect(failures.getByTestId("failure-comment")).toContainText(comment);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "NO_GO");

  // The run page shows the tester's words next to the failed entry, too.
  await page.goto(`/projects/DEMO/runs/${run.id}`);
  await expect(page.getByTestId("entry-comment")).toContainText(comment);
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);

  // Waive it until a date: it leaves the open failures for the Waived section.
  await failures.getByRole("button", { name: /^Waive / }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Payment provider outage; refunds verified by hand");
  await dialog.getByLabel("Expires on (optional)").fill(inDays(7));
  await dialog.getByRole("button", { name: "Waive failure" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { name: "Waived (1)" })).toBeVisible();
  const waived = page.getByTestId("waived-failures");
  await expect(waived).toContainText("Payment provider outage; refunds verified by hand");
  await expect(waived).toContainText(/expires \d+ \w+/);
  await expect(page.getByTestId("open-failures")).toHaveCount(0);
  // Nothing open, and something was executed: only now may the page say so.
  await expect(page.getByText("No open failures")).toBeVisible();

  // Revoke, confirmed in place: the failure is open again.
  await waived.getByRole("button", { name: /^Revoke the waiver of / }).click();
  await waived.getByRole("button", { name: "Revoke waiver" }).click();
  await expect(page.getByRole("heading", { name: /^Waived/ })).toHaveCount(0);
  await expect(page.getByTestId("open-failures")).toContainText(testCase.title);

  // A waiver that runs out reopens the failure, and the page says it expired.
  const expiresAt = new Date(Date.now() + 4_000).toISOString();
  await api(request, "post", `/projects/DEMO/milestones/${milestone.id}/waivers`, { caseId: testCase.id, reason: "Accepted until the hotfix", expiresAt });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Waived (1)" })).toBeVisible();
  await page.waitForTimeout(Math.max(0, Date.parse(expiresAt) - Date.now()) + 500);
  await page.reload();
  await expect(page.getByRole("heading", { name: /^Waived/ })).toHaveCount(0);
  await expect(page.getByTestId("waiver-expired")).toContainText("Waiver expired");
  await expect(page.getByTestId("waiver-expired")).toContainText("Accepted until the hotfix");
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "NO_GO");
  await expect(page.getByTestId("verdict-reasons")).toContainText(testCase.key ?? "DEMO-");
  await shoot(page, "trust-expired-waiver");
});

test("an empty milestone is 'not started', and an environment without runs says so", async ({ page, request }) => {
  const empty = await api(request, "post", "/projects/DEMO/milestones", { name: `Phase without runs ${Date.now()}`, dueDate: inDays(2) });
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/DEMO/milestones/${empty.id}`);
  await expect(page.getByTestId("risk")).toHaveAttribute("data-risk", "NOT_STARTED");
  await expect(page.getByTestId("risk")).toContainText("Schedule: Not started");
  await expect(page.getByTestId("risk")).toContainText("No runs yet; due in 2 days");
  await expect(page.getByText("No open failures")).toHaveCount(0);
  await expect(page.getByText("No runs yet", { exact: true })).toBeVisible();
  await shoot(page, "trust-not-started");

  // A milestone with runs on Staging only, filtered to Production.
  const { milestone } = await failingMilestone(request, "Staging only");
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  await expect(page.getByTestId("risk")).not.toHaveAttribute("data-risk", "ON_TRACK"); // due in 2 days, a run incomplete
  await page.getByTestId("environment-filter").getByRole("link", { name: "Production", exact: true }).click();
  await expect(page).toHaveURL(/\?environment=/);
  await expect(page.getByTestId("risk")).toContainText("No runs in Production");
  // Open failures and the runs both say where nothing ran.
  await expect(page.getByText("No runs in Production", { exact: true })).toHaveCount(2);
  await expect(page.getByText("No open failures")).toHaveCount(0);
  await shoot(page, "trust-no-runs-in-production");

  // The milestones list labels the column as the schedule.
  await page.goto("/projects/DEMO/milestones");
  await expect(page.getByTestId("milestones").getByRole("columnheader", { name: "Schedule" })).toBeVisible();
  await expect(page.getByTestId(`milestone-${empty.id}`).locator("[data-risk]")).toHaveText("Not started");
});

test("an admin edits the go/no-go rules in Settings and the summary follows", async ({ page, request }) => {
  const { milestone } = await failingMilestone(request, "Rules check");
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/projects/DEMO/settings");
  const form = page.getByTestId("release-rules-form");
  await expect(form.getByLabel("Pass-rate threshold (%)")).toHaveValue("95");
  await expect(form.getByLabel("Critical")).toBeChecked();
  await expect(form.getByLabel("High")).toBeChecked();
  await shoot(page, "trust-settings");
  try {
    await form.getByLabel("Pass-rate threshold (%)").fill("90");
    await form.getByLabel("High").uncheck();
    await form.getByLabel("Medium").check();
    await form.getByLabel("Warning window (days)").fill("5");
    await form.getByRole("button", { name: "Save rules" }).click();
    await expect(form.getByRole("status")).toContainText("Saved");
    const settings = (await api(request, "get", "/projects/DEMO")).settings;
    expect(settings).toEqual({
      passRateThreshold: 90,
      blockingPriorities: ["CRITICAL", "MEDIUM"],
      warningWindowDays: 5,
      publicBadge: false,
      blockOn: "ALL_FAILURES",
      requireLatestBuild: false,
      requireCoverage: false,
    });
    // Out of range: the field is named, nothing is saved.
    await form.getByLabel("Pass-rate threshold (%)").evaluate((el: HTMLInputElement) => el.removeAttribute("max"));
    await form.getByLabel("Pass-rate threshold (%)").fill("101");
    await form.getByRole("button", { name: "Save rules" }).click();
    await expect(form.getByRole("alert")).toContainText("passRateThreshold");
    expect((await api(request, "get", "/projects/DEMO")).settings.passRateThreshold).toBe(90);

    await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
    await expect(page.getByTestId("rules")).toContainText("Rules: pass rate ≥ 90%; CRITICAL and MEDIUM failures block");
  } finally {
    await api(request, "patch", "/projects/DEMO", { settings: { passRateThreshold: 95, blockingPriorities: ["CRITICAL", "HIGH"], warningWindowDays: 3, publicBadge: false, blockOn: "ALL_FAILURES", requireLatestBuild: false, requireCoverage: false } });
  }
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  await expect(page.getByTestId("rules")).toContainText("Rules: pass rate ≥ 95%; CRITICAL and HIGH failures block");
});

test("exploratory sessions show their verdict and findings in run lists; the audit log names what changed", async ({ page, request }) => {
  const stamp = Date.now();
  const milestone = await api(request, "post", "/projects/DEMO/milestones", { name: `Session list ${stamp}`, dueDate: inDays(10) });
  const session = await api(request, "post", "/projects/DEMO/test-runs", { name: `Explore refunds ${stamp}`, milestoneId: milestone.id, environment: "Staging", kind: "EXPLORATORY", charter: "Refunds" });
  await api(request, "patch", `/projects/DEMO/test-runs/${session.id}`, { status: "IN_PROGRESS" });
  await api(request, "post", `/projects/DEMO/test-runs/${session.id}/notes`, { kind: "BUG", body: "Refund e-mail shows the wrong amount" });
  await api(request, "post", `/projects/DEMO/test-runs/${session.id}/notes`, { kind: "QUESTION", body: "Partial refunds?" });
  await api(request, "patch", `/projects/DEMO/test-runs/${session.id}`, { status: "COMPLETED", verdict: "PASSED_WITH_ISSUES" });

  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/DEMO/runs?milestone=${milestone.id}`);
  const row = page.getByTestId("runs").getByRole("row", { name: new RegExp(`Explore refunds ${stamp}`) });
  await expect(row.getByTestId("session-outcome")).toContainText("Passed with issues");
  await expect(row.getByTestId("session-outcome")).toContainText("1 bug · 1 question");
  await expect(row).not.toContainText("No entries yet");
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  await expect(page.getByTestId("runs-by-environment").getByTestId("session-outcome")).toContainText("1 bug · 1 question");

  // A case's steps edited: the audit log names the case and shows the steps before and after.
  const testCase = await api(request, "post", "/projects/DEMO/test-cases", { title: `Audit me ${stamp}`, steps: [{ action: "Open the order", expected: "The refund button shows" }] });
  await api(request, "patch", `/projects/DEMO/test-cases/${testCase.id}`, {
    steps: [{ action: "Open the order", expected: "The refund button shows" }, { action: "Refund", expected: "The customer gets an e-mail" }],
  });
  await page.goto("/projects/DEMO/audit?action=case.update");
  const entry = page.getByTestId("audit-log").getByRole("row", { name: new RegExp(`Audit me ${stamp}`) });
  await expect(entry.getByTestId("audit-entity")).toHaveText(`${testCase.key} Audit me ${stamp}`);
  await expect(entry).toContainText("The customer gets an e-mail");
  await expect(entry).not.toContainText('{"action"');
  await shoot(page, "trust-audit");
});

test("the dashboard explains a missing trend instead of drawing one point", async ({ page, request }) => {
  const key = `T${String(Date.now()).slice(-6)}`;
  await api(request, "post", "/projects", { name: `Trend ${key}`, key });
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${key}`);
  await expect(page.getByTestId("trend-sentence")).toContainText("The pass-rate trend appears once two milestones have completed.");
  await expect(page.getByTestId("trend-chart")).toHaveCount(0);
});
