import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the project dashboard answers 'are we ready?' and filters by environment and milestone", async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  await signIn(page);
  await page.goto("/projects/DEMO");

  // Active milestones as cards: verdict, due-date risk, pass rate and progress, phases inside.
  const card = page.getByTestId("card-v2.4.0 Release");
  await expect(card.locator("[data-verdict]").first()).toHaveAttribute("data-verdict", "NO_GO");
  await expect(card.locator("[data-risk]")).toHaveAttribute("data-risk", /^(ON_TRACK|AT_RISK|OVERDUE|NOT_STARTED)$/);
  await expect(card.getByRole("img", { name: /^Pass rate: / })).toBeVisible();
  await expect(card.getByRole("img", { name: /^Progress: / })).toBeVisible();
  await expect(card.getByRole("list", { name: "Phases of v2.4.0 Release" })).toContainText("v2.4.0 – Staging sign-off");
  await expect(page.getByTestId("milestones")).not.toContainText("v2.3.0 Release");

  // Failures needing attention: critical first. With one completed milestone, a sentence stands in for the trend.
  const attention = page.getByTestId("attention");
  await expect(attention.locator("tbody tr").first()).toContainText("Critical");
  await expect(page.getByTestId("trend-sentence")).toContainText(/Only one milestone has completed so far: v2\.3\.0 Release, with a pass rate of \d+\.\d%/);
  await expect(page.getByTestId("trend-chart")).toHaveCount(0);
  await expect(page.getByTestId("runs").locator("tbody tr").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/dashboard.png", fullPage: true });

  // Filters live in the URL.
  const filters = page.getByTestId("dashboard-filters");
  await filters.getByLabel("Environment").selectOption({ label: "Staging" });
  await expect(page).toHaveURL(/\?environment=/);
  for (const env of await page.getByTestId("runs").locator("tbody tr td:nth-child(3)").allTextContents()) expect(env).toBe("Staging");
  for (const where of await attention.locator("tbody tr td:nth-child(3)").allTextContents()) expect(where).toContain("Staging");

  await filters.getByLabel("Milestone").selectOption({ label: "v2.4.0 – Staging sign-off" });
  await expect(page).toHaveURL(/milestone=.+&environment=|environment=.+&milestone=/);
  await expect(page.getByTestId("milestones").locator("article")).toHaveCount(1);
  await expect(page.getByTestId("card-v2.4.0 – Staging sign-off")).toBeVisible();
  for (const m of await page.getByTestId("runs").locator("tbody tr td:nth-child(2)").allTextContents()) expect(m).toBe("v2.4.0 – Staging sign-off");
  // The same URL opened afresh shows the same view.
  await page.reload();
  await expect(filters.getByLabel("Milestone")).toHaveValue(/.+/);
  await expect(page.getByTestId("milestones").locator("article")).toHaveCount(1);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO$/);
});

test("the milestones list nests phases, filters by status, and its form shows field errors inline", async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  await signIn(page);
  await page.goto("/projects/DEMO");
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Milestones" }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/milestones$/);
  const list = page.getByTestId("milestones");
  const rows = list.locator("tbody tr");
  // ACTIVE is the default view; the phase follows its release, indented.
  await expect(page.getByRole("navigation", { name: "Milestone status" }).getByRole("link", { name: "Active" })).toHaveAttribute("aria-current", "page");
  const names = await rows.locator("td:first-child a").allTextContents();
  expect(names.indexOf("v2.4.0 – Staging sign-off")).toBe(names.indexOf("v2.4.0 Release") + 1);
  const release = list.getByRole("row", { name: /^v2\.4\.0 Release/ });
  await expect(release.locator("[data-verdict]")).toHaveAttribute("data-verdict", "NO_GO");
  await expect(release.locator("[data-risk]")).toBeVisible();
  await expect(release.getByRole("img", { name: /^Done: / })).toBeVisible();
  await expect(list).not.toContainText("v2.3.0 Release");
  await page.screenshot({ path: "test-results/screens/milestones.png", fullPage: true });

  await page.getByRole("link", { name: "Completed", exact: true }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(list).toContainText("v2.3.0 Release");

  // Create: the API's own schema checks the form, errors sit under their field.
  await page.getByRole("button", { name: "New milestone" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("   ");
  await dialog.getByRole("button", { name: "Create milestone" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByRole("alert")).toHaveText("Must not be empty");
  const name = `Sprint 42 e2e ${Date.now()}`;
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Part of").selectOption({ label: "v2.4.0 Release" });
  await dialog.getByRole("button", { name: "Create milestone" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Active", exact: true }).click();
  await expect(list.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await list.getByRole("button", { name: `Archive ${name}` }).click();
  await expect(list).not.toContainText(name);
});

test("the runs list filters by milestone, environment, status and kind in the URL", async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  await signIn(page);
  await page.goto("/projects/DEMO/runs");
  const runs = page.getByTestId("runs");
  await expect(runs.locator("tbody tr").first()).toBeVisible();
  await expect(runs.getByRole("img", { name: /entries: / }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/runs.png", fullPage: true });

  const filters = page.getByTestId("run-filters");
  await filters.getByLabel("Status").selectOption("COMPLETED");
  await expect(page).toHaveURL(/status=COMPLETED/);
  for (const s of await runs.locator("tbody tr td:nth-child(4)").allTextContents()) expect(s).toBe("Completed");
  await filters.getByLabel("Environment").selectOption({ label: "Staging" });
  await expect(page).toHaveURL(/environment=/);
  for (const e of await runs.locator("tbody tr td:nth-child(3)").allTextContents()) expect(e).toBe("Staging");
  // Two filters chosen in quick succession both stay (the second builds on the first).
  await filters.getByLabel("Milestone").selectOption({ label: "v2.3.0 Release (Completed)" });
  await filters.getByLabel("Kind").selectOption("MANUAL");
  await expect(page).toHaveURL(/kind=MANUAL/);
  await expect(page).toHaveURL(/milestone=/);
  const url = page.url();
  await page.goto(url);
  await expect(filters.getByLabel("Kind")).toHaveValue("MANUAL");
  for (const m of await runs.locator("tbody tr td:nth-child(2)").allTextContents()) expect(m).toBe("v2.3.0 Release");
});
