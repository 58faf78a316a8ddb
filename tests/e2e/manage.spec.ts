import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("an admin plans a milestone, and a run moves from planned to completed", async ({ page }) => {
  await signIn(page);
  await page.goto("/projects/DEMO");
  await page.getByRole("button", { name: "New milestone" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("v2.6.0 Release");
  await dialog.getByLabel("Due date").fill("2030-03-15");
  await dialog.getByRole("button", { name: "Create milestone" }).click();
  await expect(dialog).toBeHidden();
  // The dashboard shows the nearest-due cards; the milestones list shows every active one.
  await page.goto("/projects/DEMO/milestones");
  const milestones = page.getByTestId("milestones");
  await expect(milestones).toContainText("v2.6.0 Release");
  await expect(milestones).toContainText("15 Mar 2030");
  await page.goto("/projects/DEMO");

  await page.getByRole("button", { name: "New run" }).click();
  const runDialog = page.getByRole("dialog");
  await runDialog.getByLabel("Name").fill("Smoke – QA (e2e)");
  await runDialog.getByLabel("Milestone").selectOption({ label: "v2.6.0 Release" });
  await runDialog.getByLabel("Environment").selectOption({ label: "QA" });
  // Without conditions the dialog plans every case; these runs start empty.
  await runDialog.getByRole("radio", { name: "Empty run" }).click();
  await runDialog.getByRole("button", { name: "Create run" }).click();
  const row = page.getByTestId("runs").getByRole("row", { name: /Smoke – QA \(e2e\)/ });
  await expect(row).toContainText("Planned");
  await expect(row).toContainText("v2.6.0 Release");
  await row.getByRole("button", { name: "Start Smoke – QA (e2e)" }).click();
  await expect(row).toContainText("In Progress");
  await row.getByRole("button", { name: "Complete Smoke – QA (e2e)" }).click();
  await expect(row).toContainText("Completed");
  await expect(row.getByRole("button")).toHaveCount(0);
  // The milestones list (the dashboard shows cards) has the row, and archiving hides it from the active view.
  await page.goto("/projects/DEMO/milestones");
  await expect(milestones.getByRole("row", { name: /v2.6.0 Release/ })).toContainText("1/1 completed");
  await milestones.getByRole("button", { name: "Archive v2.6.0 Release" }).click();
  await expect(milestones).not.toContainText("v2.6.0 Release");
});

test("an admin manages environments; one in use cannot be deleted", async ({ page }) => {
  await signIn(page);
  await page.goto("/projects/DEMO/settings");
  const list = page.getByTestId("environments");
  await page.getByLabel("New environment").fill("Performance");
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(list).toContainText("Performance");
  await list.getByRole("button", { name: "Rename Performance" }).click();
  await list.getByLabel("New name for Performance").fill("Perf");
  await list.getByRole("button", { name: "Save" }).click();
  await expect(list).toContainText("Perf");
  page.once("dialog", (d) => d.accept());
  await list.getByRole("button", { name: "Delete Perf" }).click();
  await expect(list).not.toContainText("Perf");

  page.once("dialog", (d) => d.accept());
  await list.getByRole("button", { name: "Delete Staging" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "used by" })).toBeVisible();
  await expect(list).toContainText("Staging");
  await page.screenshot({ path: "test-results/screens/settings.png", fullPage: true });
});
