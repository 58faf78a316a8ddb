import { expect, test } from "@playwright/test";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack";
import { E2E } from "./constants";
import { signIn } from "./helpers";

/**
 * Slack end to end: the server (started with SLACK_API_URL pointing here) talks to this fake
 * Slack Web API. An admin sets the channel, sends a test message, and then the scheduled scan
 * delivers a due reminder to the same channel and to the notification centre.
 */
let fake: FakeSlack;
const auth = { authorization: `Bearer ${E2E.bootstrapKey}` };

test.beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [E2E.slackToken], port: E2E.fakeSlackPort });
});
test.afterAll(async () => {
  await fake.close();
});

test("an admin connects Slack, sends a test message, and due reminders arrive once", async ({ page, request }) => {
  const key = `SL${Date.now().toString(36).slice(-6).toUpperCase()}`;
  const created = await request.post("/api/projects", { headers: auth, data: { name: "Slack Shop", key } });
  expect(created.status()).toBe(201);

  await page.setViewportSize({ width: 1360, height: 1000 });
  await signIn(page);
  await page.goto(`/projects/${key}/settings`);
  const form = page.getByRole("form", { name: "Slack settings" });
  await expect(form).toBeVisible();
  await form.getByLabel("Slack channel").fill("#e2e-releases");
  await form.getByLabel("Due reminders (days before the due date)").fill("3, 1, 0");
  await form.getByRole("checkbox", { name: /Run completed/ }).uncheck();
  await form.getByRole("button", { name: "Save Slack settings" }).click();
  await expect(form.getByText("Slack settings saved.")).toBeVisible();

  await form.getByRole("button", { name: "Send test message" }).click();
  await expect(page.getByTestId("slack-test-result")).toHaveText("Test message sent to #e2e-releases in Fake Team.");
  const testMessages = fake.messages.filter((m) => m.channel === "#e2e-releases" && m.text.includes("Test message from QA Studio"));
  expect(testMessages).toHaveLength(1);
  expect(testMessages[0].text).toContain(`Slack Shop (${key})`);
  await page.screenshot({ path: "/tmp/shots/slack-settings.png", fullPage: true });

  const saved = await request.get(`/api/projects/${key}/slack`, { headers: auth });
  expect(await saved.json()).toMatchObject({ channel: "#e2e-releases", events: { runCompleted: false, milestoneDue: true }, botTokenConfigured: true });

  // A milestone due tomorrow: the next scan (every 5 s here) posts one reminder.
  const due = new Date(Date.now() + 86_400_000).toISOString();
  const ms = await request.post(`/api/projects/${key}/milestones`, { headers: auth, data: { name: "v3.0 Launch", dueDate: due } });
  expect(ms.status()).toBe(201);
  await expect.poll(() => fake.messages.filter((m) => m.channel === "#e2e-releases" && m.text.includes("v3.0 Launch is due in 1 day")).length, { timeout: 30_000 }).toBe(1);
  const reminder = fake.messages.find((m) => m.text.includes("v3.0 Launch is due in 1 day"))!;
  expect(JSON.stringify(reminder.blocks)).toContain("Open milestone");
  // Later scans send nothing more for the same threshold.
  await page.waitForTimeout(11_000);
  expect(fake.messages.filter((m) => m.text.includes("v3.0 Launch is due in 1 day"))).toHaveLength(1);

  // The same alert in the notification centre, with the bell's unread count.
  await page.goto("/notifications");
  await expect(page.getByTestId("notification-bell")).toBeVisible();
  const list = page.getByTestId("notification-list");
  await expect(list.getByRole("link", { name: "v3.0 Launch is due in 1 day" })).toBeVisible();
  await expect(list.getByText("Sent to Slack").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/notifications.png", fullPage: true });
  await page.keyboard.press("Shift+R");
  await expect(page.getByTestId("unread-summary")).toHaveText("All caught up");
  await expect(page.getByTestId("notification-unread")).toHaveCount(0);
});

test("the settings page says plainly when Slack rejects the token", async ({ page, request }) => {
  const key = `SX${Date.now().toString(36).slice(-6).toUpperCase()}`;
  await request.post("/api/projects", { headers: auth, data: { name: "Wrong Token", key } });
  fake.validTokens.delete(E2E.slackToken);
  try {
    await signIn(page);
    await page.goto(`/projects/${key}/settings`);
    const form = page.getByRole("form", { name: "Slack settings" });
    await form.getByLabel("Slack channel").fill("#e2e-wrong");
    await form.getByRole("button", { name: "Save Slack settings" }).click();
    await expect(form.getByText("Slack settings saved.")).toBeVisible();
    await form.getByRole("button", { name: "Send test message" }).click();
    await expect(page.getByTestId("slack-test-result")).toContainText("Slack rejected the bot token (invalid_auth)");
  } finally {
    fake.validTokens.add(E2E.slackToken);
  }
});
