import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";
import { startFakeJira } from "../helpers/fake-jira";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";
const SHOTS = "/tmp/shots";

test.use({ viewport: { width: 1440, height: 1000 } });

test("an exploratory session from the milestone page to its verdict, with the keyboard", async ({ page, request }) => {
  mkdirSync(SHOTS, { recursive: true });
  const milestones = await (await request.get("/api/projects/DEMO/milestones?q=v2.4.0 Release", { headers })).json();
  const milestone = milestones.data.find((m: { name: string }) => m.name === "v2.4.0 Release");
  const before = (await (await request.get(`/api/projects/DEMO/milestones/${milestone.id}/summary`, { headers })).json()).exploratory;

  await signIn(page);
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  const sessions = page.getByTestId("milestone-sessions");
  await expect(sessions).toBeVisible();
  await sessions.getByRole("button", { name: "New exploratory session" }).click();
  const dialog = page.getByRole("dialog");
  const name = `Explore wish list ${Date.now()}`;
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Charter").fill("Explore the **wish list** with a guest and a signed-in shopper, to discover lost items.");
  await dialog.getByLabel("Environment").selectOption({ label: "QA" });
  await dialog.getByLabel("Time box").selectOption("30");
  await dialog.getByRole("button", { name: "Create session" }).click();

  // The session opens running, with its charter and timer.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("session-view")).toBeVisible();
  await expect(page.getByText("wish list", { exact: true })).toBeVisible();
  await expect(page.getByTestId("timer-status")).toContainText("left");
  const runId = page.url().split("/runs/")[1];

  // Notes from the keyboard: N focuses, Ctrl+Enter adds, Alt+2 makes a bug while typing, 3 picks a question.
  await expect(async () => {
    await page.keyboard.press("n");
    await expect(page.getByLabel("Note", { exact: true })).toBeFocused({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.type("Guest wish list survives sign-in: 2 items kept.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("note")).toHaveCount(1);
  await expect(page.getByLabel("Note", { exact: true })).toHaveValue("");

  await page.keyboard.press("Alt+2");
  await expect(page.getByRole("radio", { name: /Bug/ })).toHaveAttribute("aria-checked", "true");
  await page.keyboard.type("Removing an item from the wish list removes it from the **cart** too.");
  await page.getByText("Link a defect").click();
  await page.getByLabel("Defect key").fill("SHOP-777");
  await page.getByLabel("Defect URL").fill("https://acme.atlassian.net/browse/SHOP-777");
  await page.getByLabel("Attach files").setInputFiles({ name: "cart.png", mimeType: "image/png", buffer: Buffer.from(PNG_BASE64, "base64") });
  await expect(page.getByTestId("pending-files").getByRole("listitem")).toHaveCount(1);
  await page.getByLabel("Note", { exact: true }).focus();
  const uploaded = page.waitForResponse((r) => r.request().method() === "POST" && /\/notes\/[^/]+\/attachments$/.test(new URL(r.url()).pathname));
  await page.keyboard.press("Control+Enter");
  expect((await uploaded).status()).toBe(201);
  await expect(page.getByTestId("note")).toHaveCount(2);
  const bug = page.locator('[data-testid="note"][data-kind="BUG"]');
  await expect(bug.locator("strong")).toHaveText("cart");
  await expect(bug.getByRole("link", { name: "SHOP-777" })).toHaveAttribute("href", "https://acme.atlassian.net/browse/SHOP-777");
  await expect(bug.getByRole("link", { name: /cart\.png/ })).toBeVisible();

  await page.keyboard.press("Escape");
  await page.keyboard.press("3");
  await expect(page.getByRole("radio", { name: /Question/ })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Note", { exact: true })).toBeFocused();
  await page.keyboard.type("Should a guest's wish list expire?");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("note")).toHaveCount(3);
  await expect(page.getByTestId("findings-bug")).toHaveText("1");
  await expect(page.getByTestId("findings-question")).toHaveText("1");

  // Filters.
  await page.getByTestId("note-filters").getByRole("button", { name: /Bugs/ }).click();
  await expect(page.getByTestId("note")).toHaveCount(1);
  await page.getByTestId("note-filters").getByRole("button", { name: /All/ }).click();
  await expect(page.getByTestId("note")).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/exploratory-session.png`, fullPage: true });

  // F opens the verdict dialog; a bug suggests "passed with issues".
  await page.keyboard.press("Escape");
  await page.keyboard.press("f");
  const verdict = page.getByRole("dialog");
  await expect(verdict.getByRole("heading", { name: "Finish the session" })).toBeVisible();
  await expect(verdict.getByLabel(/Passed with issues/)).toBeChecked();
  await verdict.getByLabel("Summary").fill("Wish list works for guests; removing items leaks into the cart (SHOP-777).");
  await page.screenshot({ path: `${SHOTS}/exploratory-verdict.png` });
  await verdict.getByRole("button", { name: "Finish session" }).click();
  await expect(page.getByTestId("session-verdict")).toContainText("Passed with issues");
  await expect(page.getByTestId("session-verdict")).toContainText("SHOP-777");
  await expect(page.getByRole("form", { name: "New note" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/exploratory-done.png`, fullPage: true });

  const run = await (await request.get(`/api/projects/DEMO/test-runs/${runId}`, { headers })).json();
  expect(run).toMatchObject({ kind: "EXPLORATORY", status: "COMPLETED", verdict: "PASSED_WITH_ISSUES", timeBoxMinutes: 30 });

  // The milestone counts the session and its findings.
  const after = (await (await request.get(`/api/projects/DEMO/milestones/${milestone.id}/summary`, { headers })).json()).exploratory;
  expect(after.done).toBe(before.done + 1);
  expect(after.findings.bug).toBe(before.findings.bug + 1);
  expect(after.findings.question).toBe(before.findings.question + 1);
  await page.goto(`/projects/DEMO/milestones/${milestone.id}`);
  await expect(page.getByTestId("sessions-done")).toContainText(`${after.done} of`);
  await expect(page.getByTestId("milestone-sessions").getByRole("link", { name })).toBeVisible();
  await page.getByTestId("milestone-sessions").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/exploratory-milestone.png`, fullPage: true });
});

test("an admin connects Jira, and a tester files a failed entry as a Jira defect and sees its status", async ({ page, request }) => {
  mkdirSync(SHOTS, { recursive: true });
  const token = "e2e-jira-token";
  const jira = await startFakeJira({ email: "qa-bot@e2e.test", token });
  try {
    await signIn(page);
    await page.goto("/admin/users");
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Integrations" }).click();
    await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
    await page.getByLabel("Jira site").fill(jira.url);
    await page.getByLabel("Account email").fill("qa-bot@e2e.test");
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Connect Jira" }).click();
    await expect(page.getByRole("status")).toContainText("stored encrypted");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByRole("status")).toContainText("Connected to Jira as QA Bot");
    await expect(page.getByLabel("API token")).toHaveValue("");
    await page.screenshot({ path: `${SHOTS}/jira-admin.png`, fullPage: true });

    await page.goto("/projects/DEMO/settings");
    await page.getByLabel("Jira project key").fill("SHOP");
    await page.getByRole("form", { name: "Jira project" }).getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("form", { name: "Jira project" }).getByRole("status")).toContainText("SHOP");

    // A failed entry of the demo's regression run.
    const runs = (await (await request.get("/api/projects/DEMO/test-runs?status=IN_PROGRESS&kind=MANUAL", { headers })).json()).data;
    const run = runs.find((r: { name: string }) => r.name === "Regression – Staging");
    const entries = (await (await request.get(`/api/projects/DEMO/test-runs/${run.id}/entries?limit=200`, { headers })).json()).data;
    // One without a linked defect yet (the demo links one failure to SHOP-482 already).
    let failed: { id: string; title: string } | undefined;
    for (const e of entries.filter((x: { status: string }) => x.status === "FAILED")) {
      const linked = (await (await request.get(`/api/projects/DEMO/test-runs/${run.id}/entries/${e.id}/defects`, { headers })).json()).data;
      if (!linked.length) {
        failed = e;
        break;
      }
    }
    if (!failed) throw new Error("The demo run has no failed entry without a defect");
    await page.goto(`/projects/DEMO/runs/${run.id}/execute/${failed.id}`);
    const defects = page.getByTestId("entry-defects");
    const filed = page.waitForResponse((r) => r.request().method() === "POST" && /\/defects\/jira$/.test(new URL(r.url()).pathname));
    await defects.getByRole("button", { name: "File defect in Jira (SHOP)" }).click();
    const link = await (await filed).json();
    expect(link.key).toMatch(/^SHOP-\d+$/);
    expect(jira.created()).toHaveLength(1);
    expect(jira.created()[0].body.fields.summary).toContain(failed.title);
    // The new link shows with the status Jira reports.
    await expect(defects.getByTestId("defect").filter({ hasText: link.key })).toContainText("To Do");
    await expect(defects.getByRole("button", { name: /File defect/ })).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/jira-defect.png`, fullPage: true });
  } finally {
    await jira.close();
  }
});

test("Complete on a session in the runs table opens the verdict dialog, with nothing pre-selected", async ({ page, request }) => {
  const name = `Explore coupons ${Date.now()}`;
  const created = await request.post("/api/projects/DEMO/test-runs", {
    headers,
    data: { name, milestone: "v2.4.0 Release", environment: "QA", kind: "EXPLORATORY", charter: "Coupons at checkout" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const session = await created.json();
  const started = await request.patch(`/api/projects/DEMO/test-runs/${session.id}`, { headers, data: { status: "IN_PROGRESS" } });
  expect(started.status(), await started.text()).toBe(200);

  await signIn(page);
  await page.goto("/projects/DEMO");
  const row = page.getByTestId("runs").getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: `Complete ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Finish the session" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio")).toHaveCount(4);
  await expect(dialog.locator("input[name=verdict]:checked")).toHaveCount(0);
  // Nothing was sent and no error lands in the table.
  await expect(row.getByRole("alert")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Finish session" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Choose a verdict.");
  await dialog.getByText("Passed with issues").click();
  await dialog.getByRole("button", { name: "Finish session" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Completed");
  const after = await (await request.get(`/api/projects/DEMO/test-runs/${session.id}`, { headers })).json();
  expect(after).toMatchObject({ status: "COMPLETED", verdict: "PASSED_WITH_ISSUES" });
});
