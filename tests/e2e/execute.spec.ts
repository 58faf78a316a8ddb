import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };
// A 2×2 red PNG, the "screenshot" pasted on the failure.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

test.use({ viewport: { width: 1440, height: 1000 } });

test("a tester plans a run from a filter, executes it with the keyboard only, and re-runs the failures while a colleague watches", async ({ page, request, browser }) => {
  mkdirSync("test-results/screens", { recursive: true });
  mkdirSync("/tmp/shots", { recursive: true });
  const name = `Critical path ${Date.now()}`;
  const res = await request.post("/api/projects/DEMO/test-runs", {
    headers,
    data: { name, milestone: "v2.4.0 Release", environment: "QA", filter: { priorities: ["CRITICAL"] } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const run = await res.json();
  const total: number = run.counts.total;
  expect(total).toBeGreaterThan(1);

  await signIn(page);
  await page.goto(`/projects/DEMO/runs/${run.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("run-milestone")).toHaveText("v2.4.0 Release");
  await expect(page.getByTestId("entry-row")).toHaveCount(total);

  // Start executing: `e` opens the first open entry.
  // (retried: the key listener is attached once the page has hydrated)
  await expect(async () => {
    await page.keyboard.press("e");
    await expect(page).toHaveURL(new RegExp(`/runs/${run.id}/execute/`), { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  const failAt = 1;
  let failedResultId = "";
  let failedEntry = "";
  let failedHadSteps = false;
  for (let i = 0; i < total; i++) {
    await expect(page.getByTestId("entry-position")).toHaveText(new RegExp(`^\\s*${i + 1}\\s+of\\s+${total}\\s*$`));
    const steps = page.getByTestId("steps").locator(":scope > li");
    const stepCount = (await page.getByTestId("steps").count()) ? await steps.count() : 0;
    if (i !== failAt) {
      if (stepCount) await page.keyboard.press("a");
      await page.keyboard.press("p");
      await expect(page.getByRole("radio", { name: /Passed/ })).toHaveAttribute("aria-checked", "true");
      await page.keyboard.press("n");
      continue;
    }
    failedHadSteps = stepCount > 0;
    // The failure: step 1 passes, the last step fails (two presses: pass → fail), with a comment, a defect and a screenshot.
    if (stepCount) {
      await page.keyboard.press("1");
      await expect(page.getByTestId("step-1")).toHaveAttribute("data-status", "PASSED");
      if (stepCount > 1 && stepCount <= 9) {
        await page.keyboard.press(String(stepCount));
        await page.keyboard.press(String(stepCount));
        await expect(page.getByTestId(`step-${stepCount}`)).toHaveAttribute("data-status", "FAILED");
      }
    }
    await page.keyboard.press("?");
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();

    await page.keyboard.press("f");
    await expect(page.getByRole("radio", { name: /Failed/ })).toHaveAttribute("aria-checked", "true");
    await page.keyboard.press("c");
    await expect(page.getByLabel(/^Comment/)).toBeFocused();
    // Typing letters in the comment must not trigger shortcuts (p, n, f…).
    await page.keyboard.type("Checkout **fails** with `HTTP 500` <script>alert(1)</script> after pressing pay.");
    await expect(page.getByRole("radio", { name: /Failed/ })).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("comment-preview").locator("strong")).toHaveText("fails");
    await expect(page.getByTestId("comment-preview").locator("code")).toHaveText("HTTP 500");
    await expect(page.getByTestId("comment-preview").locator("script")).toHaveCount(0);
    await page.keyboard.press("Escape");
    await page.keyboard.press("d");
    await expect(page.getByLabel("Defect key")).toBeFocused();
    await page.keyboard.type("SHOP-1234");
    await page.keyboard.press("Tab"); // tracker
    await page.keyboard.press("Tab"); // URL
    await expect(page.getByLabel("Defect URL")).toBeFocused();
    await page.keyboard.type("https://acme.atlassian.net/browse/SHOP-1234");
    await page.keyboard.press("Escape");

    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "image.png", { type: "image/png" }));
      document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, PNG_BASE64);
    await expect(page.getByTestId("attachments").getByRole("listitem")).toHaveCount(1);
    // A log file dragged in from the desktop joins it.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["POST /pay 500\n"], "checkout.log", { type: "text/plain" }));
      document.body.dispatchEvent(new DragEvent("dragenter", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect(page.getByTestId("drop-overlay")).toBeVisible();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["POST /pay 500\n"], "checkout.log", { type: "text/plain" }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect(page.getByTestId("drop-overlay")).toBeHidden();
    await expect(page.getByTestId("attachments").getByRole("listitem")).toHaveCount(2);
    await page.screenshot({ path: "test-results/screens/execute.png", fullPage: true });
    await page.screenshot({ path: "/tmp/shots/execute-failure.png" });

    const saved = page.waitForResponse((r) => r.request().method() === "POST" && /\/entries\/[^/]+\/results$/.test(new URL(r.url()).pathname));
    const uploaded = page.waitForResponse((r) => r.request().method() === "POST" && /\/attachments$/.test(new URL(r.url()).pathname));
    await page.keyboard.press("n");
    const body = await (await saved).json();
    expect(body.result.status).toBe("FAILED");
    expect(body.result.defect).toMatchObject({ key: "SHOP-1234", tracker: "JIRA" });
    failedResultId = body.result.id;
    failedEntry = body.result.entryId;
    expect((await uploaded).status()).toBe(201);
  }

  // The last save returns to the run page, counts updated.
  await expect(page).toHaveURL(new RegExp(`/projects/DEMO/runs/${run.id}$`));
  await expect(page.getByTestId("count-passed")).toHaveText(String(total - 1));
  await expect(page.getByTestId("count-failed")).toHaveText("1");
  await expect(page.getByTestId("count-untested")).toHaveText("0");
  await expect(page.getByTestId("run-progress")).toContainText(`${total} of ${total} executed`);
  await page.screenshot({ path: "test-results/screens/run.png", fullPage: true });
  await page.screenshot({ path: "/tmp/shots/run-executed.png", fullPage: true });

  // Filters live in the URL.
  await page.getByTestId("entry-filters").getByRole("link", { name: "Failed", exact: true }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByTestId("entry-row")).toHaveCount(1);
  await expect(page.getByTestId("entry-filters").getByRole("link", { name: "Failed", exact: true })).toHaveAttribute("aria-current", "true");

  // The failed entry's execution view shows what the tester wrote under the attempt.
  await page.goto(`/projects/DEMO/runs/${run.id}/execute/${failedEntry}`);
  const attempt = page.getByTestId("attempt").first();
  await expect(attempt).toContainText("Failed");
  await expect(attempt.locator("strong")).toHaveText("fails");
  await expect(attempt.locator("code")).toHaveText("HTTP 500");
  await expect(attempt.locator("script")).toHaveCount(0);
  await expect(attempt.getByTestId("attempt-defect").getByRole("link", { name: "SHOP-1234" })).toHaveAttribute("href", "https://acme.atlassian.net/browse/SHOP-1234");
  if (failedHadSteps) await expect(attempt.getByTestId("attempt-steps")).toContainText("Step 1");

  // The screenshot is stored on the failed result.
  const files = await request.get(`/api/projects/DEMO/results/${failedResultId}/attachments`, { headers });
  expect(files.status()).toBe(200);
  const list = (await files.json()).data;
  expect(list.map((a: { contentType: string }) => a.contentType).sort()).toEqual(["image/png", "text/plain"]);

  const runNow = await (await request.get(`/api/projects/DEMO/test-runs/${run.id}`, { headers })).json();
  expect(runNow.counts).toMatchObject({ total, passed: total - 1, failed: 1, untested: 0 });

  // Re-run the failures: a new run of the one failed entry, in the same milestone and environment.
  await page.goto(`/projects/DEMO/runs/${run.id}`);
  await page.getByRole("button", { name: "Re-run failures (1)" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${run.id}$`));
  await expect(page).toHaveURL(/\/projects\/DEMO\/runs\/[^/]+$/);
  const rerunId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${name} (re-run)`);
  await expect(page.getByTestId("run-milestone")).toHaveText("v2.4.0 Release");
  await expect(page.getByTestId("entry-row")).toHaveCount(1);
  await expect(page.getByTestId("count-untested")).toHaveText("1");

  // Hand it to a second tester in bulk, who watches the run from another browser.
  const rita = await createTester(request, "Rita Regression");
  await page.getByLabel("Select every entry shown").check();
  await page.getByLabel("to", { exact: true }).selectOption({ label: rita.name });
  await page.getByRole("button", { name: "Assign selected", exact: true }).click();
  await expect(page.getByTestId("bulk-assign")).toContainText("1 entry assigned to Rita Regression");
  await expect(page.getByTestId("entry-assignee")).toHaveText(/Rita Regression/);

  const other = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const watcher = await other.newPage();
  await signIn(watcher, rita.email, rita.password);
  await watcher.goto(`/projects/DEMO/runs/${rerunId}?assignee=me`);
  await expect(watcher.getByTestId("entry-row")).toHaveCount(1);
  await expect(watcher.getByTestId("count-passed")).toHaveText("0");
  await watcher.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  // Rita also has the entry itself open in a second tab.
  const [rerunEntry] = (await (await request.get(`/api/projects/DEMO/test-runs/${rerunId}/entries`, { headers })).json()).data;
  const ritaTab = await other.newPage();
  await ritaTab.goto(`/projects/DEMO/runs/${rerunId}/execute/${rerunEntry.id}`);
  await expect(ritaTab.getByTestId("execute-view")).toContainText("0 of 1 executed");

  // The first tester executes the re-run with the keyboard; the watcher's page follows without a reload.
  await startExecuting(page, rerunId);
  await page.keyboard.press("a");
  await page.keyboard.press("p");
  await page.keyboard.press("n");
  await expect(page).toHaveURL(new RegExp(`/runs/${rerunId}$`));
  await expect(watcher.getByTestId("count-passed")).toHaveText("1", { timeout: 15_000 });
  await expect(watcher.getByTestId("run-progress")).toContainText("1 of 1 executed");
  await expect(watcher.getByTestId("entry-row")).toHaveAttribute("data-status", "PASSED");
  expect(await watcher.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  // Her open execution view says a colleague recorded the entry meanwhile, and shows the progress.
  await expect(ritaTab.getByTestId("concurrent-attempt")).toContainText("recorded this entry as", { timeout: 15_000 });
  await expect(ritaTab.getByTestId("execute-view")).toContainText("1 of 1 executed");
  await ritaTab.screenshot({ path: "/tmp/shots/execute-concurrent.png" });
  await watcher.screenshot({ path: "/tmp/shots/run-watcher.png", fullPage: true });
  await other.close();
});

test("no control surprises: help and skip link by keyboard, Shift letters, confirmations and safe defaults", async ({ page, request }) => {
  const name = `Safe defaults ${Date.now()}`;
  const res = await request.post("/api/projects/DEMO/test-runs", {
    headers,
    data: { name, milestone: "v2.4.0 Release", environment: "QA", filter: { priorities: ["CRITICAL"] } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const run = await res.json();
  const total: number = run.counts.total;
  expect((await request.patch(`/api/projects/DEMO/test-runs/${run.id}`, { headers, data: { status: "IN_PROGRESS" } })).status()).toBe(200);

  await signIn(page);
  await page.goto(`/projects/DEMO/runs/${run.id}`);
  // `?` on the run page opens the help; it takes focus and keeps it; Esc closes it.
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(async () => {
    await page.keyboard.press("?");
    await expect(help).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(help).toContainText("Execute: open the first open entry");
  for (let i = 0; i < 4; i++) {
    expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press(i % 2 ? "Shift+Tab" : "Tab");
  }
  expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Assign all needs a chosen tester; unassigning is its own action.
  const bulk = page.getByTestId("bulk-assign");
  await expect(bulk.getByRole("button", { name: `Assign all ${total}` })).toBeDisabled();
  await expect(bulk.getByLabel("to", { exact: true })).toHaveValue("");
  await page.getByLabel("Select every entry shown").check();
  await expect(bulk.getByRole("button", { name: "Assign selected", exact: true })).toBeDisabled();
  await bulk.getByLabel("to", { exact: true }).selectOption({ index: 1 });
  await expect(bulk.getByRole("button", { name: `Assign all ${total}` })).toBeEnabled();
  await bulk.getByRole("button", { name: "Assign selected", exact: true }).click();
  await expect(bulk).toContainText(`${total} entries assigned to`);
  await page.getByLabel("Select every entry shown").check();
  await bulk.getByRole("button", { name: "Unassign selected" }).click();
  await expect(bulk).toContainText(`${total} entries unassigned.`);

  // Complete with untested entries asks first, naming how many; dismissing changes nothing.
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole("button", { name: `Complete ${name}` }).click();
  await expect.poll(() => asked).toContain(`${total} untested entries`);
  expect((await (await request.get(`/api/projects/DEMO/test-runs/${run.id}`, { headers })).json()).status).toBe("IN_PROGRESS");

  // Shift+E works like e (Caps Lock sends the same capital letter).
  await page.keyboard.press("Shift+E");
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}/execute/`));
  await expect(page.getByTestId("execute-view")).toBeVisible();
  await expect(async () => {
    await page.keyboard.press("Shift+F");
    await expect(page.getByRole("radio", { name: /Failed/ })).toHaveAttribute("aria-checked", "true", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press("Shift+P");
  await expect(page.getByRole("radio", { name: /Passed/ })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("link", { name: "Next without saving J" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Skip J", exact: true })).toHaveCount(0);

  // The skip link is the first stop and leads past the entry strip to the result form.
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Tab");
  let first = "";
  for (let i = 0; i < 30 && first !== "Skip to the result form"; i++) {
    first = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    if (first !== "Skip to the result form") await page.keyboard.press("Tab");
  }
  expect(first).toBe("Skip to the result form");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("form", { name: "Result" })).toBeFocused();

  // The help opened by its button gives focus back to the button when Esc closes it.
  const button = page.getByRole("button", { name: "Shortcuts ?" });
  await button.click();
  await expect(help).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(button).toBeFocused();
});

test("New run pre-selects no environment and the nearest-due top-level milestone", async ({ page, request }) => {
  const active = (await (await request.get("/api/projects/DEMO/milestones?status=ACTIVE&limit=100", { headers })).json()).data as {
    id: string;
    name: string;
    parentId: string | null;
    dueDate: string | null;
  }[];
  const top = active.filter((m) => !m.parentId && m.dueDate).sort((a, b) => Date.parse(a.dueDate!) - Date.parse(b.dueDate!));
  expect(top.length).toBeGreaterThan(0);
  await signIn(page);
  await page.goto("/projects/DEMO");
  await page.getByRole("button", { name: "New run" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Environment")).toHaveValue("");
  await expect(dialog.getByLabel("Milestone")).toHaveValue(top[0].id);
  const phase = active.find((m) => m.parentId);
  if (phase) await expect(dialog.getByLabel("Milestone")).not.toHaveValue(phase.id);
  // Without an environment the run is not created.
  await dialog.getByLabel("Name").fill(`No env ${Date.now()}`);
  await dialog.getByRole("radio", { name: "Empty run" }).click();
  await dialog.getByRole("button", { name: "Create run" }).click();
  await expect(dialog).toBeVisible();
  expect(await dialog.getByLabel("Environment").evaluate((el) => (el as HTMLSelectElement).validity.valueMissing)).toBe(true);
});

/** Presses `e` on the run page until the key listener (attached after hydration) opens the execution view. */
async function startExecuting(page: Page, runId: string) {
  await expect(async () => {
    await page.keyboard.press("e");
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}/execute/`), { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

/** A TESTER of the demo project with a known password, created through the API. */
async function createTester(request: import("@playwright/test").APIRequestContext, name: string) {
  const email = `${name.split(" ")[0].toLowerCase()}-${Date.now()}@example.test`;
  const password = "tester-password-123";
  const user = await request.post("/api/users", { headers, data: { email, name, password } });
  expect(user.status(), await user.text()).toBe(201);
  const member = await request.post("/api/projects/DEMO/members", { headers, data: { email, role: "TESTER" } });
  expect(member.status(), await member.text()).toBe(201);
  return { email, name, password };
}
