import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };
// The demo token holds the RFC 6238 sample secret "12345678901234567890" (Base32 below).
const DEMO_SEED = Buffer.from("12345678901234567890", "ascii");

/** RFC 6238 with SHA1, 6 digits, 30 s, computed here independently of the app's code. */
function codeAt(ms: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 1000 / 30)));
  const mac = createHmac("sha1", DEMO_SEED).update(counter).digest();
  const o = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(bin % 1_000_000).padStart(6, "0");
}
const codesNow = () => [codeAt(Date.now() - 3000), codeAt(Date.now()), codeAt(Date.now() + 3000)];

test.use({ viewport: { width: 1440, height: 1000 } });

test("a viewer reads the shared 2FA code in the execution view, in settings and through the API, and each read is audited", async ({ browser, request }) => {
  mkdirSync("/tmp/shots", { recursive: true });
  const email = `vera-${Date.now()}@example.test`;
  const password = "viewer-password-123";
  expect((await request.post("/api/users", { headers, data: { email, name: "Vera Viewer", password } })).status()).toBe(201);
  expect((await request.post("/api/projects/DEMO/members", { headers, data: { email, role: "VIEWER" } })).status()).toBe(201);

  const tokens = (await (await request.get("/api/projects/DEMO/authenticator-tokens", { headers })).json()).data;
  const token = tokens.find((t: { name: string }) => t.name === "2fa-admin");
  expect(token).toMatchObject({ issuer: "Demo Shop", algorithm: "SHA1", digits: 6, period: 30 });
  expect(JSON.stringify(tokens)).not.toMatch(/secret|GEZDGNBV/i);

  // A run of the cases tagged with the token's name; the tagged login case shows the code.
  const res = await request.post("/api/projects/DEMO/test-runs", {
    headers,
    data: { name: `2FA regression ${Date.now()}`, milestone: "v2.4.0 Release", environment: "Staging", filter: { tags: ["2fa-admin"] } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const run = await res.json();

  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await signIn(page, email, password);
  await page.goto(`/projects/DEMO/runs/${run.id}`);
  await page.getByTestId("entry-row").getByRole("link").first().click();
  await expect(page.getByTestId("case-title")).toHaveText("Sign in with email and password");
  const widget = page.getByTestId("totp-code");
  await expect(widget).toHaveCount(1);
  await expect(widget).toContainText("2fa-admin");
  const value = widget.getByTestId("totp-value");
  await expect(value).toHaveText(/^\d{3} \d{3}$/);
  expect(codesNow()).toContain(await value.getAttribute("data-code"));
  await page.screenshot({ path: "/tmp/shots/execute-totp.png" });

  // `y` copies it (the viewer cannot record results, but may read the code).
  await page.keyboard.press("y");
  await expect(widget.getByRole("button", { name: "Copy the code for 2fa-admin" })).toHaveText("Copied");
  expect(codesNow()).toContain(await page.evaluate(() => navigator.clipboard.readText()));

  // In the project settings the viewer sees the token (no edit controls) and can show its code.
  await page.goto("/projects/DEMO/settings");
  const section = page.getByTestId("authenticator-tokens");
  await expect(section.getByTestId("token-row")).toContainText("2fa-admin");
  await expect(section.getByRole("button", { name: "Edit 2fa-admin" })).toHaveCount(0);
  await expect(section.getByRole("button", { name: "Add token" })).toHaveCount(0);
  await section.getByRole("button", { name: "Show code for 2fa-admin" }).click();
  await expect(section.getByTestId("totp-value")).toHaveText(/^\d{3} \d{3}$/);

  // The API, with the viewer's browser session, for automated login tests.
  const api = await page.evaluate(async (id) => {
    const r = await fetch(`/api/projects/DEMO/authenticator-tokens/${id}/code`);
    return { status: r.status, cache: r.headers.get("cache-control"), body: await r.json() };
  }, token.id);
  expect(api.status).toBe(200);
  expect(api.cache).toBe("no-store");
  expect(Object.keys(api.body).sort()).toEqual(["code", "digits", "period", "timeRemaining"]);
  expect(codesNow()).toContain(api.body.code);
  // A viewer cannot change or delete the token.
  const forged = await page.evaluate(async (id) => (await fetch(`/api/projects/DEMO/authenticator-tokens/${id}`, { method: "DELETE" })).status, token.id);
  expect(forged).toBe(403);

  // Every read is in the audit log, under the viewer's name: execution view, settings and API.
  const log = await (await request.get("/api/projects/DEMO/audit-log?entityType=authenticator_token&limit=200", { headers })).json();
  const reads = log.data.filter((e: { action: string; actor: { email: string } | null }) => e.action === "authenticator.code_read" && e.actor?.email === email);
  expect(reads.length).toBeGreaterThanOrEqual(3);
  expect(reads[0]).toMatchObject({ entityId: token.id, after: { name: "2fa-admin" } });
  await context.close();
});

test("an admin adds a token from an otpauth:// URI in the settings and its code appears", async ({ page }) => {
  await signIn(page);
  await page.goto("/projects/DEMO/settings");
  const section = page.getByTestId("authenticator-tokens");
  await section.getByRole("button", { name: "Add token" }).click();
  const dialog = page.getByRole("dialog");
  const name = `ops-${Date.now()}`;
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: "otpauth:// URI" }).click();
  await dialog.getByLabel("URI").fill("otpauth://totp/Shop:ops@shop.test?secret=JBSWY3DPEHPK3PXP&issuer=Shop&algorithm=SHA256&digits=8&period=60");
  await page.screenshot({ path: "/tmp/shots/settings-add-token.png" });
  await dialog.getByRole("button", { name: "Add token" }).click();
  await expect(dialog).toBeHidden();
  const row = section.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("SHA256 · 8 digits · 60s");
  await expect(row).toContainText("Shop · ops@shop.test");
  await row.getByRole("button", { name: `Show code for ${name}` }).click();
  await expect(row.getByTestId("totp-value")).toHaveText(/^\d{4} \d{4}$/);
  await page.screenshot({ path: "/tmp/shots/settings-tokens.png", fullPage: true });
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(section.getByTestId("token-row").filter({ hasText: name })).toHaveCount(0);
});
