import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { Authorization: `Bearer ${E2E.bootstrapKey}` };
const SHOTS = "test-results/screens";

/** The pages to check, by name, with the demo project's ids filled in. */
async function demoPages(request: APIRequestContext) {
  const milestones = (await (await request.get("/api/projects/DEMO/milestones?limit=100", { headers })).json()).data as { id: string; name: string }[];
  const release = milestones.find((m) => m.name === "v2.4.0 Release") ?? milestones[0];
  const runs = (await (await request.get("/api/projects/DEMO/test-runs?limit=100", { headers })).json()).data as { id: string; kind: string; counts: { total: number } }[];
  const run = runs.find((r) => r.kind !== "EXPLORATORY" && r.counts.total > 0)!;
  const entry = (await (await request.get(`/api/projects/DEMO/test-runs/${run.id}/entries?limit=1`, { headers })).json()).data[0] as { id: string; caseKey: string };
  return {
    axe: {
      dashboard: "/projects/DEMO",
      "milestone summary": `/projects/DEMO/milestones/${release.id}`,
      "run page": `/projects/DEMO/runs/${run.id}`,
      "execution view": `/projects/DEMO/runs/${run.id}/execute/${entry.id}`,
      "case library": "/projects/DEMO/cases",
      "case editor": `/projects/DEMO/cases/${entry.caseKey}`,
      settings: "/projects/DEMO/settings",
      "audit log": "/projects/DEMO/audit",
    } as Record<string, string>,
    more: {
      projects: "/projects",
      "my work": "/my-work",
      notifications: "/notifications",
      milestones: "/projects/DEMO/milestones",
      runs: "/projects/DEMO/runs",
      "new case": "/projects/DEMO/cases/new",
      members: "/projects/DEMO/members",
      "API keys": "/settings/api-keys",
      "admin users": "/admin/users",
      "admin integrations": "/admin/integrations",
    } as Record<string, string>,
  };
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`).join("\n")}`);
}

async function pageWidth(page: Page) {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
}

test.describe("every page at 1440 px: no critical or serious axe violations", () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test("login", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByLabel("Email")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("signed-in pages", async ({ page, request }) => {
    test.setTimeout(180_000);
    mkdirSync(SHOTS, { recursive: true });
    const { axe } = await demoPages(request);
    await signIn(page);
    const found: string[] = [];
    for (const [name, url] of Object.entries(axe)) {
      await page.goto(url);
      await expect(page.locator("main")).toBeVisible();
      await page.waitForLoadState("networkidle");
      for (const v of await seriousViolations(page)) found.push(`${name} (${url}): ${v}`);
      if (name === "run page" || name === "execution view" || name === "case library") {
        await page.screenshot({ path: `${SHOTS}/${name.replace(/ /g, "-")}-1440.png`, fullPage: true });
      }
    }
    expect(found).toEqual([]);
  });
});

test.describe("every page at 390 px: nothing scrolls sideways", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("login", async ({ page }) => {
    await page.goto("/login");
    const w = await pageWidth(page);
    expect(w.scroll).toBeLessThanOrEqual(w.inner);
  });

  test("signed-in pages, with the top bar collapsed into a menu", async ({ page, request }) => {
    test.setTimeout(180_000);
    mkdirSync(SHOTS, { recursive: true });
    const { axe, more } = await demoPages(request);
    await signIn(page);
    const wide: string[] = [];
    for (const [name, url] of Object.entries({ ...axe, ...more })) {
      await page.goto(url);
      await expect(page.locator("main")).toBeVisible();
      await page.waitForLoadState("networkidle");
      const w = await pageWidth(page);
      if (w.scroll > w.inner) wide.push(`${name} (${url}): ${w.scroll} px wide`);
      if (name === "run page" || name === "execution view" || name === "case library") {
        await page.screenshot({ path: `${SHOTS}/${name.replace(/ /g, "-")}-390.png`, fullPage: true });
      }
    }
    expect(wide).toEqual([]);

    // The links sit behind Menu, which opens and leads on.
    await page.goto("/projects");
    await expect(page.getByRole("link", { name: "My work" })).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    await expect(page.getByTestId("main-menu")).toBeVisible();
    await page.getByTestId("main-menu").getByRole("link", { name: "My work" }).click();
    await expect(page).toHaveURL(/\/my-work$/);
    await expect(page.getByTestId("main-menu")).toBeHidden();
  });
});

test("the site has a favicon", async ({ request }) => {
  const res = await request.get("/icon.svg");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("image/svg+xml");
});
