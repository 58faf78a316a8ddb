import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };
// A 2×2 red PNG, the "screenshot" pasted on the failure.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

test.use({ viewport: { width: 1440, height: 1000 } });

test("a tester plans a run from a filter and executes it with the keyboard only", async ({ page, request }) => {
  mkdirSync("test-results/screens", { recursive: true });
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
    await page.screenshot({ path: "test-results/screens/execute.png", fullPage: true });

    const saved = page.waitForResponse((r) => r.request().method() === "POST" && /\/entries\/[^/]+\/results$/.test(new URL(r.url()).pathname));
    const uploaded = page.waitForResponse((r) => r.request().method() === "POST" && /\/attachments$/.test(new URL(r.url()).pathname));
    await page.keyboard.press("n");
    const body = await (await saved).json();
    expect(body.result.status).toBe("FAILED");
    expect(body.result.defect).toMatchObject({ key: "SHOP-1234", tracker: "JIRA" });
    failedResultId = body.result.id;
    expect((await uploaded).status()).toBe(201);
  }

  // The last save returns to the run page, counts updated.
  await expect(page).toHaveURL(new RegExp(`/projects/DEMO/runs/${run.id}$`));
  await expect(page.getByTestId("count-passed")).toHaveText(String(total - 1));
  await expect(page.getByTestId("count-failed")).toHaveText("1");
  await expect(page.getByTestId("count-untested")).toHaveText("0");
  await expect(page.getByTestId("run-progress")).toContainText(`${total} of ${total} executed`);
  await page.screenshot({ path: "test-results/screens/run.png", fullPage: true });

  // Filters live in the URL.
  await page.getByTestId("entry-filters").getByRole("link", { name: "Failed", exact: true }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByTestId("entry-row")).toHaveCount(1);

  // The screenshot is stored on the failed result.
  const files = await request.get(`/api/projects/DEMO/results/${failedResultId}/attachments`, { headers });
  expect(files.status()).toBe(200);
  const list = (await files.json()).data;
  expect(list).toHaveLength(1);
  expect(list[0].contentType).toBe("image/png");

  const runNow = await (await request.get(`/api/projects/DEMO/test-runs/${run.id}`, { headers })).json();
  expect(runNow.counts).toMatchObject({ total, passed: total - 1, failed: 1, untested: 0 });
});
