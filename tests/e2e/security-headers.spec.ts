import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/** Records every CSP violation the page reports, so a blocked script or style fails the test. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

test("pages carry the security headers, every script has the response's nonce, and the page hydrates", async ({ page }) => {
  const violations = await watchCsp(page);
  const res = (await page.goto("/login"))!;
  const headers = res.headers();
  const csp = headers["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Next.js's own scripts, inline and external, all carry this response's nonce.
  const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce per response.
  const again = (await page.request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toContain(nonce!);

  // Client-side behaviour works: sign-in, the library's `/` shortcut, the recharts burn-up, the API reference.
  await signIn(page);
  await page.goto("/projects/DEMO/cases");
  // The shortcut exists once the page has hydrated, which may come after the load event: a key
  // pressed before it does nothing, so press again until it takes (a broken nonce never would).
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(page.getByLabel(/Search cases/)).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.goto("/projects/DEMO");
  await page.getByTestId("milestones").getByRole("link", { name: "v2.4.0 Release", exact: true }).click();
  await expect(page.getByTestId("burn-up-chart").locator("svg.recharts-surface").first()).toBeVisible();
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("API answers carry a CSP that loads nothing; an undecodable API path is a 400 in the error shape", async ({ request }) => {
  const res = await request.get("/api/openapi.json");
  expect(res.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  for (const path of ["/api/projects/%FF", "/api/projects/%ED%A0%80/milestones", "/api/projects/%00/milestones/x/badge.svg"]) {
    const bad = await request.get(path);
    expect(bad.status(), path).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/json");
    expect((await bad.json()).error.details[0].field).toBe("path");
  }
});

test("an undecodable page URL shows the not-found page", async ({ page }) => {
  await signIn(page);
  for (const path of ["/projects/%FF", "/projects/%ED%A0%80/milestones", "/projects/%00"]) {
    const res = (await page.goto(path))!;
    expect(res.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});
