import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const auth = { authorization: `Bearer ${E2E.bootstrapKey}` };

async function api(request: APIRequestContext, method: "get" | "post" | "patch", path: string, data?: unknown) {
  const res = await request[method](`/api${path}`, { headers: auth, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** One CI run of a build, with its results, completed. */
async function ciRun(request: APIRequestContext, key: string, milestone: string, build: string, results: Record<string, "passed" | "failed">) {
  const run = await api(request, "post", `/projects/${key}/test-runs`, {
    name: `CI ${build}`, milestone, environment: "Staging", kind: "AUTOMATED", status: "IN_PROGRESS", ciBuildId: `ci-${key}-${build}`, build,
  });
  await api(request, "post", `/projects/${key}/test-runs/${run.id}/results`, {
    results: Object.entries(results).map(([testKey, status]) => ({ testKey, status, tags: testKey === "login" ? ["@critical"] : [] })),
  });
  await api(request, "post", `/projects/${key}/test-runs/${run.id}/complete`);
  return run;
}

test("the milestone page compares with the last release and names the builds", async ({ page, request }) => {
  const key = `RG${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await api(request, "post", "/projects", { name: `Regressions ${key}`, key });
  await api(request, "post", `/projects/${key}/environments`, { name: "Staging" });
  const previous = await api(request, "post", `/projects/${key}/milestones`, { name: "v2.3.0", dueDate: "2026-01-15" });
  await ciRun(request, key, "v2.3.0", "a1b2c3d", { login: "passed", cart: "passed", search: "failed" });
  await api(request, "post", `/projects/${key}/milestones/${previous.id}/complete`, { override: { reason: "Shipped with the known search bug" } });
  const current = await api(request, "post", `/projects/${key}/milestones`, { name: "v2.4.0", dueDate: "2099-06-30" });
  await ciRun(request, key, "v2.4.0", "e4f5a6b", { login: "failed", cart: "passed", search: "passed" });

  const summary = await api(request, "get", `/projects/${key}/milestones/${current.id}/summary`);
  expect(summary.regressions).toEqual({ baseline: { id: previous.id, name: "v2.3.0" }, new: 1, stillFailing: 0, fixed: 1 });
  expect(summary.latestBuild).toBe("e4f5a6b");

  await page.setViewportSize({ width: 1360, height: 900 });
  await signIn(page);
  await page.goto(`/projects/${key}/milestones/${current.id}`);
  await expect(page.getByRole("heading", { name: "Compared with v2.3.0" })).toBeVisible();
  const counts = page.getByTestId("regression-counts");
  await expect(counts).toContainText("New failures1");
  await expect(counts).toContainText("Still failing0");
  await expect(counts).toContainText("Fixed1");
  await expect(page.getByTestId("open-failures").getByTestId("regression")).toHaveText("New since baseline");
  await expect(page.getByTestId("builds")).toContainText("Latest build e4f5a6b · every latest result is from this build");

  await page.getByRole("button", { name: "Show the cases" }).click();
  const details = page.getByTestId("compare-details");
  await expect(details.getByRole("region", { name: "New failures" })).toContainText(`${key}-`);
  await expect(details.getByRole("heading", { name: "New failures (1)" })).toBeVisible();
  await expect(details.getByRole("heading", { name: "Fixed (1)" })).toBeVisible();
  await expect(details.getByRole("heading", { name: "Not run now (0)" })).toBeVisible();

  // Only new failures block, and results must come from the latest build: set in the rules form.
  await page.goto(`/projects/${key}/settings`);
  const form = page.getByTestId("release-rules-form");
  await form.getByLabel("Block on").selectOption("NEW_FAILURES");
  await form.getByLabel("Require the latest build").check();
  await form.getByRole("button", { name: "Save rules" }).click();
  await expect(form.getByRole("status")).toContainText("Saved");
  expect((await api(request, "get", `/projects/${key}`)).settings).toMatchObject({ blockOn: "NEW_FAILURES", requireLatestBuild: true });
  await page.goto(`/projects/${key}/milestones/${current.id}`);
  await expect(page.getByTestId("rules")).toContainText("failures block (only new ones since the baseline)");
  await expect(page.getByTestId("verdict-reasons")).toContainText(`1 new failure of priority CRITICAL or HIGH (passed in the baseline): ${key}-`);

  // Choosing no baseline: the section says so and failures are no longer labelled against one.
  await api(request, "patch", `/projects/${key}/milestones/${current.id}`, { baselineMilestoneId: null });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Compared with the last release" })).toBeVisible();
  await expect(page.getByText(/^No baseline:/)).toBeVisible();
  await expect(page.getByTestId("open-failures").getByTestId("regression")).toHaveCount(0);
});
