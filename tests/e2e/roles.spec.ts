import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const stamp = Date.now();
const tester = { email: `tess-${stamp}@example.test`, name: "Tess Tester" };
const viewer = { email: `val-${stamp}@example.test`, name: "Val Viewer" };

/** An admin creates a user (invite), and returns the temporary password shown once. */
async function invite(page: Page, who: { email: string; name: string }): Promise<string> {
  await page.goto("/admin/users");
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Name", { exact: true }).fill(who.name);
  await page.getByRole("button", { name: "Create user" }).click();
  const password = page.getByTestId("plain-password");
  await expect(password).not.toBeEmpty();
  const value = (await password.textContent())!.trim();
  await page.getByRole("button", { name: "Done" }).click();
  return value;
}

async function addMember(page: Page, email: string, role: string) {
  await page.goto("/projects/DEMO/members");
  await page.getByLabel("Add a member by email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: /^Add/ }).click();
  await expect(page.getByTestId("members")).toContainText(email);
}

async function newSession(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

test("an admin invites a tester and a viewer; each can do exactly what the role allows", async ({ page, browser, request }) => {
  await signIn(page);
  const testerPassword = await invite(page, tester);
  const viewerPassword = await invite(page, viewer);
  await addMember(page, tester.email, "TESTER");
  await addMember(page, viewer.email, "VIEWER");

  // The viewer reads the milestones but gets no edit controls, and a forged write is refused.
  const v = await newSession(browser, viewer.email, viewerPassword);
  await v.page.goto("/projects/DEMO");
  await expect(v.page.getByTestId("milestones")).toContainText("v2.4.0 Release");
  await expect(v.page.getByRole("button", { name: "New milestone" })).toHaveCount(0);
  await expect(v.page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await expect(v.page.getByRole("button", { name: "New run" })).toHaveCount(0);
  const forged = await v.page.evaluate(async () => {
    const res = await fetch("/api/projects/DEMO/milestones", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Sneaky" }),
    });
    return { status: res.status, body: await res.json() };
  });
  expect(forged.status).toBe(403);
  expect(forged.body.error.code).toBe("FORBIDDEN");
  await v.page.goto("/projects/DEMO/settings");
  await expect(v.page.getByText("Only project admins can change settings")).toBeVisible();

  // The tester plans and executes a run, but cannot manage milestones.
  const t = await newSession(browser, tester.email, testerPassword);
  await t.page.goto("/projects/DEMO");
  await expect(t.page.getByRole("button", { name: "New milestone" })).toHaveCount(0);
  await t.page.getByRole("button", { name: "New run" }).click();
  const dialog = t.page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(`Tess's smoke ${stamp}`);
  await dialog.getByLabel("Environment").selectOption({ label: "QA" });
  // Without conditions the dialog plans every case; these runs start empty.
  await dialog.getByRole("radio", { name: "Empty run" }).click();
  await dialog.getByRole("button", { name: "Create run" }).click();
  const row = t.page.getByTestId("runs").getByRole("row", { name: new RegExp(`Tess's smoke ${stamp}`) });
  await row.getByRole("button", { name: /^Start / }).click();
  await expect(row).toContainText("In Progress");
  await row.getByRole("button", { name: /^Complete / }).click();
  await expect(row).toContainText("Completed");

  // The audit log names the right actor for each of those writes.
  const audit = await request.get(`/api/projects/DEMO/audit-log?limit=100`, { headers: { authorization: `Bearer ${E2E.bootstrapKey}` } });
  const entries: { action: string; actor: { email: string } | null; after: Record<string, unknown> | null }[] = (await audit.json()).data;
  const by = (action: string, email: string) => entries.some((e) => e.action === action && e.actor?.email === email);
  expect(by("member.add", E2E.adminEmail)).toBe(true);
  expect(by("run.create", tester.email)).toBe(true);
  expect(by("run.update", tester.email)).toBe(true);
  expect(by("run.complete", tester.email) || entries.some((e) => e.action === "run.update" && e.actor?.email === tester.email && e.after?.status === "COMPLETED")).toBe(true);
  expect(entries.some((e) => e.actor?.email === viewer.email)).toBe(false);

  // Disabling the tester signs them out on their next request.
  page.once("dialog", (d) => d.accept());
  await page.goto("/admin/users");
  await page.getByRole("button", { name: `Disable ${tester.email}` }).click();
  await expect(page.getByTestId("users").getByRole("row", { name: new RegExp(tester.email) })).toContainText("Disabled");
  await t.page.goto("/projects/DEMO");
  await expect(t.page).toHaveURL(/\/login/);
  const apiAfterDisable = await t.page.evaluate(async () => (await fetch("/api/projects")).status);
  expect(apiAfterDisable).toBe(401);

  await v.context.close();
  await t.context.close();
});

test("sign-out, a password set by an admin and a reset each end the user's other sessions: the old cookie gets 401 and pages go to /login", async ({ browser, request }) => {
  const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };
  const email = `sam-${stamp}@example.test`;
  let password = "first password 1";
  const created = await request.post("/api/users", { headers, data: { email, name: "Sam Sessions", password } });
  expect(created.status()).toBe(201);
  const userId = (await created.json()).id as string;
  const sessions: { context: { close(): Promise<void> }; page: Page }[] = [];
  const open = async () => {
    const s = await newSession(browser, email, password);
    sessions.push(s);
    expect(await s.page.evaluate(async () => (await fetch("/api/projects")).status)).toBe(200);
    return s;
  };
  const expectEnded = async (s: { page: Page }) => {
    // The API first (a page visit with an ended session must not revive it), then a page.
    expect(await s.page.evaluate(async () => (await fetch("/api/projects")).status)).toBe(401);
    await s.page.goto("/my-work");
    await expect(s.page).toHaveURL(/\/login/);
  };

  // Signing out in one browser ends the session in the other as well.
  const first = await open();
  const second = await open();
  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(/\/login/);
  await expectEnded(second);

  // An admin sets a new password: the session signed in with the old one ends.
  const third = await open();
  password = "second password 2";
  expect((await request.patch(`/api/users/${userId}`, { headers, data: { password } })).status()).toBe(200);
  await expectEnded(third);

  // A generated reset: the same, and the new password signs in.
  const fourth = await open();
  const reset = await request.patch(`/api/users/${userId}`, { headers, data: { generatePassword: true } });
  expect(reset.status()).toBe(200);
  password = (await reset.json()).temporaryPassword;
  await expectEnded(fourth);
  await open();

  for (const s of sessions) await s.context.close();
});
