import { expect, test } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

test("a signed-out visitor is sent to the login page", async ({ page }) => {
  await page.goto("/projects/DEMO");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("sign in, see the demo project, its milestones and recent runs", async ({ page }) => {
  await signIn(page);
  await expect(page.getByTestId("current-user")).toHaveText(E2E.adminEmail);
  await page.screenshot({ path: "test-results/screens/projects.png", fullPage: true });
  await page.getByRole("link", { name: /Demo Shop/ }).click();
  await expect(page).toHaveURL(/\/projects\/DEMO/);
  const milestones = page.getByTestId("milestones");
  await expect(milestones).toContainText("v2.4.0 Release");
  await expect(milestones).toContainText("due in 5 days");
  await expect(milestones).not.toContainText("v2.3.0 Release");
  // Recent runs: other specs may have added newer runs to the demo, so look in the demo's release.
  await expect(page.getByTestId("runs").getByRole("row")).not.toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/project.png", fullPage: true });
  await page.getByTestId("milestones").getByRole("link", { name: "v2.4.0 Release" }).first().click();
  await expect(page.getByTestId("runs-by-environment")).toContainText("Regression – Staging");
  await page.goto("/projects/DEMO");
  await page.getByRole("link", { name: "Milestones", exact: true }).click();
  await page.getByRole("link", { name: "All", exact: true }).click();
  await expect(milestones).toContainText("v2.3.0 Release");
  await expect(milestones).toContainText("Completed");
  await expect(milestones).toContainText("Archived");
});

test("create an API key, see it once, and use it", async ({ page, request }) => {
  await signIn(page);
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name").fill("Nightly CI");
  await page.getByRole("button", { name: "Create key" }).click();
  const plain = page.getByTestId("plain-key");
  await expect(plain).toHaveText(/^qas_[A-Za-z0-9_-]{43}$/);
  const key = (await plain.textContent())!;
  await expect(page.getByTestId("api-keys")).toContainText("Nightly CI");
  await page.screenshot({ path: "test-results/screens/api-keys.png", fullPage: true });

  const res = await request.get("/api/projects", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  expect((await res.json()).data.map((p: { key: string }) => p.key)).toContain("DEMO");

  await page.reload();
  await expect(page.getByTestId("api-keys")).toContainText(key.slice(0, 12));
  expect(await page.content()).not.toContain(key);
});

test("the article's three curl calls work against the running app", async ({ request }) => {
  const headers = { authorization: `Bearer ${E2E.bootstrapKey}`, "content-type": "application/json" };
  const env = await request.get("/api/projects/DEMO/environments", { headers });
  const staging = (await env.json()).data.find((e: { name: string }) => e.name === "Staging");

  const created = await request.post("/api/projects/DEMO/milestones", {
    headers,
    data: { name: "v2.5.0 Release", description: "Regression and smoke for May release", dueDate: "2026-06-06T23:59:59.000Z", status: "ACTIVE" },
  });
  expect(created.status()).toBe(201);
  const milestone = await created.json();

  const list = await request.get("/api/projects/DEMO/milestones", { headers });
  expect(list.status()).toBe(200);
  expect((await list.json()).data.map((m: { id: string }) => m.id)).toContain(milestone.id);

  const run = await request.post("/api/projects/DEMO/test-runs", {
    headers,
    data: { name: "Regression – Staging", milestoneId: milestone.id, environmentId: staging.id, status: "IN_PROGRESS" },
  });
  expect(run.status()).toBe(201);
  expect(await run.json()).toMatchObject({
    status: "IN_PROGRESS",
    milestone: { id: milestone.id, name: "v2.5.0 Release" },
    environment: { id: staging.id, name: "Staging" },
  });
});

test("unknown keys get 401 in the error shape", async ({ request }) => {
  const res = await request.get("/api/projects", { headers: { authorization: "Bearer qas_nope" } });
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
});
