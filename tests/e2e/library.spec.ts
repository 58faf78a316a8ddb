import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };

test.use({ viewport: { width: 1440, height: 1000 } });

test("a tester builds a suite with cases, filters the library, plans a run from the filter and finds it in My work", async ({ page, request }) => {
  mkdirSync("/tmp/shots", { recursive: true });
  const stamp = Date.now().toString(36);
  const suiteName = `Gift cards ${stamp}`;
  const tag = `giftcard-${stamp}`;

  await signIn(page);
  await page.getByRole("link", { name: "Demo Shop" }).first().click();
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Cases" }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/cases$/);
  await expect(page.getByTestId("case-row").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/library.png" });

  // A new suite, from the tree.
  await page.getByRole("button", { name: "+ New suite" }).click();
  const suiteDialog = page.getByRole("dialog");
  await suiteDialog.getByLabel("Name").fill(suiteName);
  await suiteDialog.getByRole("button", { name: "Create suite" }).click();
  await expect(page).toHaveURL(/suite=/);
  const suiteId = new URL(page.url()).searchParams.get("suite")!;
  await expect(page.getByTestId("suite-node").filter({ hasText: suiteName })).toHaveAttribute("data-suite", suiteName);
  await expect(page.getByRole("heading", { name: new RegExp(suiteName) })).toBeVisible();

  // A case with steps, written with the buttons and the keyboard; `c` opens the editor in this suite.
  await expect(async () => {
    await page.keyboard.press("c");
    await expect(page).toHaveURL(/\/cases\/new\?suite=/, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const editor = page.getByTestId("case-editor");
  // An empty title is refused in place, by the same schema the API uses.
  await editor.getByRole("button", { name: /Create case/ }).click();
  await expect(page.locator('[data-field-error="title"]')).toHaveText("Must not be empty");
  await editor.getByLabel("Title").fill(`Redeem a gift card ${stamp}`);
  await expect(editor.getByLabel("Suite")).toHaveValue(/.+/);
  await editor.getByLabel("Priority").selectOption("HIGH");
  await editor.getByLabel("Tags").fill(`${tag}, checkout`);
  await editor.getByLabel("Preconditions").fill("A **valid** gift card with a balance of 50 €");
  await expect(page.getByTestId("preconditions-preview").locator("strong")).toHaveText("valid");
  await editor.getByLabel("Step 1 action").fill("Open the cart with one item");
  await editor.getByLabel("Step 1 expected result").fill("The cart shows the total");
  await editor.getByRole("button", { name: "+ Add step" }).click();
  await expect(editor.getByLabel("Step 2 action")).toBeFocused();
  await page.keyboard.type("Confirm the order");
  await editor.getByLabel("Step 2 expected result").fill("The order is placed and paid by the card");
  // Alt+Enter adds a step below; Alt+↑ moves it up.
  await page.keyboard.press("Alt+Enter");
  await expect(editor.getByLabel("Step 3 action")).toBeFocused();
  await page.keyboard.type("Enter the gift card code");
  await page.keyboard.press("Alt+ArrowUp");
  await expect(editor.getByLabel("Step 2 action")).toHaveValue("Enter the gift card code");
  await expect(editor.getByLabel("Step 2 action")).toBeFocused();
  await editor.getByLabel("Step 2 expected result").fill("The balance is applied to the total");
  await expect(editor.getByTestId("step-row")).toHaveCount(3);
  await editor.getByRole("button", { name: /Create case/ }).click();

  // The case page says it was created once; the notice is not in the address to be repeated.
  await expect(page).toHaveURL(/\/projects\/DEMO\/cases\/DEMO-\d+$/);
  const key = /cases\/(DEMO-\d+)/.exec(page.url())![1];
  await expect(page.getByRole("status").filter({ hasText: `Created ${key}.` })).toBeVisible();
  await expect(page.getByTestId("case-title")).toHaveText(`Redeem a gift card ${stamp}`);

  // Editing the content saves version 2; both versions stay readable.
  await editor.getByLabel("Title").fill(`Redeem a gift card at checkout ${stamp}`);
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("save-status")).toHaveText("Saved as version 2.");
  await expect(page.getByTestId("case-title")).toHaveText(`Redeem a gift card at checkout ${stamp}`);
  // The form shows what was saved (the selects keep their values after saving).
  await expect(editor.getByLabel("Priority")).toHaveValue("HIGH");
  await expect(editor.getByLabel("Suite")).toHaveValue(suiteId);
  const versions = page.getByTestId("version-history");
  await expect(versions.getByRole("button", { name: /Version 2/ })).toBeVisible();
  await versions.getByRole("button", { name: /Version 1/ }).click();
  await expect(page.getByTestId("version-content")).toContainText(`Redeem a gift card ${stamp}`);
  await expect(page.getByTestId("version-content")).toContainText("Enter the gift card code");
  await page.screenshot({ path: "/tmp/shots/case-editor.png", fullPage: true });

  // A second, low-priority case in the same suite.
  await page.goto(`/projects/DEMO/cases/new?suite=${suiteId}`);
  await editor.getByLabel("Title").fill(`Gift card balance page ${stamp}`);
  await editor.getByLabel("Priority").selectOption("LOW");
  await editor.getByLabel("Tags").fill(tag);
  await editor.getByLabel("Step 1 action").fill("Open the balance page");
  await editor.getByRole("button", { name: /Create case/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Created DEMO-\d+\./ })).toBeVisible();

  // Filter the library by tag and priority: the filters live in the URL.
  await page.goto("/projects/DEMO/cases");
  await page.getByLabel("Tag", { exact: true }).selectOption(tag);
  await expect(page.getByTestId("case-row")).toHaveCount(2);
  await page.getByRole("group", { name: "Priority" }).getByRole("button", { name: "High" }).click();
  await expect(page).toHaveURL(new RegExp(`tag=${tag}.*priority=HIGH|priority=HIGH.*tag=${tag}`));
  await expect(page.getByTestId("case-row")).toHaveCount(1);
  await expect(page.getByTestId("case-row").first()).toHaveAttribute("data-key", key);
  await page.keyboard.press("/");
  await expect(page.getByLabel(/Search cases/)).toBeFocused();
  await page.keyboard.type("at checkout");
  await expect(page).toHaveURL(/q=at\+checkout/);
  await expect(page.getByTestId("case-count")).toHaveText(/^1 case matches/);

  // Plan a run from this filter: the dialog counts the matching cases before creating.
  await page.getByRole("button", { name: "Plan run from filter" }).click();
  const planDialog = page.getByRole("dialog");
  await expect(planDialog.getByRole("radio", { name: "Filter" })).toHaveAttribute("aria-checked", "true");
  await expect(planDialog.getByTestId("plan-count")).toHaveText("1 case");
  await planDialog.getByRole("group", { name: "Priorities" }).getByRole("button", { name: "Low" }).click();
  await planDialog.getByLabel("Filter text").fill("");
  await expect(planDialog.getByTestId("plan-count")).toHaveText("2 cases");
  await page.screenshot({ path: "/tmp/shots/plan-run.png" });
  const runName = `Gift cards ${stamp}`;
  await planDialog.getByLabel("Name").fill(runName);
  await planDialog.getByLabel("Milestone").selectOption({ label: "v2.4.0 Release" });
  await planDialog.getByLabel("Environment").selectOption({ label: "QA" });
  await planDialog.getByRole("button", { name: "Create run with 2 cases" }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/runs\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(runName);
  await expect(page.getByTestId("entry-row")).toHaveCount(2);
  const runId = /runs\/([^/?]+)/.exec(page.url())![1];

  // Assigned to me, the entries show in My work and open the execution view.
  const me = (await (await request.get(`/api/users?q=${encodeURIComponent(E2E.adminEmail)}`, { headers })).json()).data[0];
  const assign = await request.post(`/api/projects/DEMO/test-runs/${runId}/entries/assign`, { headers, data: { all: true, assigneeId: me.id } });
  expect(assign.status(), await assign.text()).toBe(200);
  await page.getByRole("link", { name: "My work" }).click();
  await expect(page.getByRole("heading", { name: "My work", level: 1 })).toBeVisible();
  const card = page.getByTestId("my-work-run").filter({ hasText: runName });
  await expect(card.getByTestId("my-work-entry")).toHaveCount(2);
  await page.screenshot({ path: "/tmp/shots/my-work.png", fullPage: true });
  await card.getByRole("link", { name: "Start", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/DEMO/runs/${runId}/execute/[^/]+$`));
});

test("bulk move, suite deletion archives its cases, and a CSV with a bad row imports nothing", async ({ page, request }) => {
  mkdirSync("/tmp/shots", { recursive: true });
  const stamp = Date.now().toString(36);
  const suite = (await (await request.post("/api/projects/DEMO/suites", { headers, data: { name: `Temp ${stamp}` } })).json()) as { id: string };
  const created = await request.post("/api/projects/DEMO/test-cases", { headers, data: { title: `Movable ${stamp}`, tags: [`temp-${stamp}`] } });
  const movable = (await created.json()) as { key: string };

  await signIn(page);
  await page.goto(`/projects/DEMO/cases?tag=temp-${stamp}`);
  await page.getByLabel(`Select ${movable.key}`).check();
  await expect(page.getByTestId("bulk-bar")).toContainText("1 selected");
  await page.screenshot({ path: "/tmp/shots/library-selection.png" });
  await page.getByTestId("bulk-bar").getByRole("button", { name: "Move…" }).click();
  await page.getByRole("dialog").getByLabel("Target suite").selectOption({ label: `Temp ${stamp}` });
  await page.getByRole("dialog").getByRole("button", { name: "Move" }).click();
  await expect(page.getByRole("status")).toContainText(`Moved 1 case to Temp ${stamp}`);

  // Deleting the suite says its cases will be archived, then archives them.
  const node = page.getByTestId("suite-node").filter({ hasText: `Temp ${stamp}` });
  await node.hover();
  await node.getByRole("button", { name: `Actions for suite Temp ${stamp}` }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await expect(page.getByTestId("delete-suite-warning")).toContainText("1 active case will be archived");
  await page.getByRole("dialog").getByRole("button", { name: "Delete and archive 1 case" }).click();
  await expect(page.getByTestId("suite-node").filter({ hasText: `Temp ${stamp}` })).toHaveCount(0);
  expect((await request.get(`/api/projects/DEMO/suites/${suite.id}`, { headers })).status()).toBe(404);
  await page.goto(`/projects/DEMO/cases?tag=temp-${stamp}&archived=1`);
  await expect(page.getByTestId("case-row")).toHaveCount(1);
  await expect(page.getByTestId("case-row").first()).toHaveAttribute("data-key", movable.key);

  // CSV import: one bad row, so nothing at all is written.
  await page.goto("/projects/DEMO/cases");
  await page.getByRole("button", { name: "Import CSV" }).click();
  const csv = [`title,priority,suite,tags,steps`, `Imported fine ${stamp},HIGH,Imported ${stamp},csv-${stamp},"Open => Opens"`, `Imported broken ${stamp},URGENT,,,`].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("dialog").getByRole("button", { name: "Import", exact: true }).click();
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("Nothing was imported");
  await expect(errors).toContainText("row 3: priority");
  await page.screenshot({ path: "/tmp/shots/csv-import-error.png" });
  const after = await (await request.get(`/api/projects/DEMO/test-cases?q=${stamp}&tag=csv-${stamp}`, { headers })).json();
  expect(after.data).toEqual([]);
  const suites = await (await request.get("/api/projects/DEMO/suites", { headers })).json();
  expect(suites.data.filter((s: { name: string }) => s.name === `Imported ${stamp}`)).toEqual([]);

  // Fixed, the same file goes in.
  await page.getByLabel("CSV file").setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv.replace("URGENT", "LOW")) });
  await page.getByRole("dialog").getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-outcome")).toContainText("2 created");
});

test("My work has an empty state for someone with nothing assigned", async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const email = `idle-${stamp}@e2e.test`;
  const password = "idle-password-123";
  const user = await request.post("/api/users", { headers, data: { email, name: "Idle Tester", password } });
  expect(user.status(), await user.text()).toBe(201);
  await signIn(page, email, password);
  await page.getByRole("link", { name: "My work" }).click();
  await expect(page.getByText("Nothing assigned to you right now")).toBeVisible();
});

test("a case page shows the case's recent results across runs", async ({ page }) => {
  mkdirSync("/tmp/shots", { recursive: true });
  await signIn(page);
  await page.goto("/projects/DEMO/cases");
  await page.getByTestId("case-row").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/cases\/DEMO-1$/);
  // The seeded demo ran DEMO-1 in earlier milestones: each result names its run, milestone and environment.
  const results = page.getByTestId("case-results");
  await expect(results.locator("tbody tr").first()).toBeVisible();
  await expect(results).toContainText("v2.4.0 Release");
  await results.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/projects\/DEMO\/runs\/[^/]+$/);
  await page.goBack();
  await page.screenshot({ path: "/tmp/shots/case-results.png", fullPage: true });
});
