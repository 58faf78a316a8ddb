import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("a stakeholder reads the milestone verdict, filters by environment and signs off", async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  await signIn(page);
  await page.goto("/projects/DEMO");
  await page.getByTestId("milestones").getByRole("link", { name: "v2.4.0 Release" }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/milestones\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("v2.4.0 Release");

  // The verdict, readable at a glance: NO GO with its reasons.
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "NO_GO");
  await expect(verdict).toContainText("NO GO");
  await expect(page.getByTestId("verdict-reasons").getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("risk")).toBeVisible();
  // Open failures: critical first.
  const failures = page.getByTestId("open-failures");
  await expect(failures.locator("tbody tr").first()).toContainText("Critical");
  await expect(page.getByTestId("status-chart")).toBeVisible();

  // Filter by environment.
  const filter = page.getByTestId("environment-filter");
  await expect(filter.getByRole("link", { name: "All environments" })).toHaveAttribute("aria-current", "page");
  await filter.getByRole("link", { name: "Staging", exact: true }).click();
  await expect(page).toHaveURL(/\?environment=/);
  await expect(filter.getByRole("link", { name: "Staging", exact: true })).toHaveAttribute("aria-current", "page");
  const runs = page.getByTestId("runs-by-environment");
  await expect(runs.getByTestId("env-Staging")).toBeVisible();
  await expect(runs.locator("[data-testid^='env-']")).toHaveCount(1);
  for (const env of await failures.locator("tbody tr td:nth-child(3)").allTextContents()) expect(env).toBe("Staging");
  await expect(page.getByTestId("share-link")).toHaveValue(/\/milestones\/.+\?environment=/);

  // Sign off with a comment.
  const comment = `Reviewed the Staging numbers ${Date.now()}`;
  await page.getByRole("button", { name: "Sign off" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Comment").fill(comment);
  await dialog.getByRole("button", { name: "Sign off" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("signoffs")).toContainText(comment);

  await filter.getByRole("link", { name: "All environments" }).click();
  await expect(page).not.toHaveURL(/\?environment=/);
  await expect(page.getByTestId("signoffs")).toContainText(comment);
  await page.screenshot({ path: "test-results/screens/milestone.png", fullPage: true });

  // The print view keeps the verdict and the tables and drops the controls.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Sign off" })).toBeHidden();
  await expect(page.getByTestId("verdict")).toBeVisible();
  await expect(failures).toBeVisible();
  await page.screenshot({ path: "test-results/screens/milestone-print.png", fullPage: true });
});
