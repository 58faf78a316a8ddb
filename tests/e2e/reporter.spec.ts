import { spawn } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { fileURLToPath } from "node:url";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./constants";
import { signIn } from "./helpers";

const headers = { authorization: `Bearer ${E2E.bootstrapKey}` };
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Outcome = { code: number | null; output: string };

/** Runs one shard of tests/reporter-project with our reporter, as a CI job would. */
function runShard(shard: string, env: Record<string, string>): Promise<Outcome> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CI: "", FORCE_COLOR: "0", ...env };
  // The outer Playwright's worker variables would confuse the inner runner.
  for (const k of Object.keys(childEnv)) if (/^(PW_|TEST_|PLAYWRIGHT_)/.test(k)) delete childEnv[k];
  return new Promise((resolve, reject) => {
    // Concurrent shards each clean their output directory at start: one per shard.
    const outputDir = `--output=test-results/reporter-project/shard-${shard.replace("/", "-of-")}`;
    const child = spawn("npx", ["playwright", "test", "-c", "tests/reporter-project/playwright.config.ts", `--shard=${shard}`, outputDir], {
      cwd: repoRoot,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Critical and serious axe findings of the page as shown. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function api(request: APIRequestContext, method: "get" | "post" | "delete", path: string, data?: unknown) {
  const res = await request[method](path, { headers, data });
  expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

test("two shards of a Playwright project report into one run through our reporter", async ({ request, baseURL }) => {
  test.setTimeout(180_000);
  const key = `RP${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await api(request, "post", "/api/projects", { name: `Reporter e2e ${key}`, key });
  await api(request, "post", `/api/projects/${key}/milestones`, { name: "v2.4.0", status: "ACTIVE" });
  const ciBuildId = `reporter-e2e-${key}`;
  const sha = `e4f5a6b${Date.now().toString(16)}`;
  const env = {
    QA_STUDIO_URL: baseURL!,
    QA_STUDIO_API_KEY: E2E.bootstrapKey,
    QA_STUDIO_PROJECT: key,
    QA_STUDIO_MILESTONE: "v2.4.0",
    // A new name: the shards create it together, converging on one environment.
    QA_STUDIO_ENVIRONMENT: "Reporter E2E",
    QA_STUDIO_CI_BUILD_ID: ciBuildId,
    // The commit under test, as GitHub Actions names it; the reporter records it as the run's build.
    GITHUB_SHA: sha,
    QA_STUDIO_BUILD: "",
  };

  const shards = await Promise.all([runShard("1/2", env), runShard("2/2", env)]);
  for (const [i, s] of shards.entries()) {
    // The project has a failing test, so each shard holding it exits 1; the reporter itself adds nothing.
    expect(s.output, `shard ${i + 1}`).toMatch(new RegExp(`\\[qa-studio\\] ${escape(`${baseURL}/projects/${key}/runs/`)}\\S+ \\(run \\S+\\) · .* · shard ${i + 1}/2: `));
    expect(s.output, `shard ${i + 1}`).not.toMatch(/did not receive|rejected|Reporter error|Could not/);
    expect(s.code, `shard ${i + 1}:\n${s.output}`).toBe(/\d+ failed/.test(s.output) ? 1 : 0);
  }
  expect(shards.map((s) => Number(/(\d+)\/\1 results stored/.exec(s.output)?.[1] ?? 0)).reduce((a, b) => a + b)).toBe(8);

  const runs = (await api(request, "get", `/api/projects/${key}/test-runs?ciBuildId=${ciBuildId}`)).data;
  expect(runs).toHaveLength(1);
  const run = await api(request, "get", `/api/projects/${key}/test-runs/${runs[0].id}`);
  expect(run).toMatchObject({
    name: "Reporter e2e",
    kind: "AUTOMATED",
    status: "COMPLETED",
    completionReason: "SHARDS",
    shards: { total: 2, completed: [1, 2] },
    milestone: { name: "v2.4.0" },
    environment: { name: "Reporter E2E" },
    build: sha,
    // test.fail counts as passed; the flaky test passed on its retry.
    counts: { total: 6, passed: 4, failed: 1, blocked: 0, skipped: 1, retest: 0, untested: 0, flaky: 1 },
  });

  // The milestone's summary names the build its results came from.
  const summary = await api(request, "get", `/api/projects/${key}/milestones/${run.milestone.id}/summary`);
  expect(summary).toMatchObject({ latestBuild: sha, counts: { stale: 0 } });
  expect((await api(request, "get", `/api/projects/${key}/test-runs?build=${sha}`)).data.map((r: { id: string }) => r.id)).toEqual([run.id]);

  const entries: { title: string; caseId: string; status: string; flaky: boolean; attempts: number; priority: string; automationKey: string }[] = (
    await api(request, "get", `/api/projects/${key}/test-runs/${run.id}/results?limit=50`)
  ).data;
  const byTitle = Object.fromEntries(entries.map((e) => [e.title, e]));
  expect(Object.fromEntries(entries.map((e) => [e.automationKey, [e.status, e.attempts, e.flaky]]))).toEqual({
    "cart.spec.ts › Cart › adds an item": ["PASSED", 1, false],
    "cart.spec.ts › Cart › applies a voucher": ["FAILED", 2, false],
    "cart.spec.ts › Cart › ships abroad": ["SKIPPED", 1, false],
    "checkout.spec.ts › Checkout › rounds prices": ["PASSED", 1, false],
    "checkout.spec.ts › Checkout › adds floats exactly (known bug)": ["PASSED", 1, false],
    "checkout.spec.ts › Checkout › reaches the payment provider": ["PASSED", 2, true],
  });
  expect(byTitle["adds an item"].priority).toBe("CRITICAL");

  // Both failed attempts of the failing test carry their screenshot and JSON attachment.
  const history = (await api(request, "get", `/api/projects/${key}/test-cases/${byTitle["applies a voucher"].caseId}/history`)).data;
  expect(history.map((h: { attempt: number }) => h.attempt).sort()).toEqual([0, 1]);
  for (const h of history) {
    const files = (await api(request, "get", `/api/projects/${key}/results/${h.resultId}/attachments`)).data;
    const names = files.map((f: { filename: string }) => f.filename);
    expect(names).toEqual(expect.arrayContaining(["cart.png", "cart-state.json"]));
    const png = files.find((f: { filename: string }) => f.filename === "cart.png");
    expect(png).toMatchObject({ contentType: "image/png", sizeBytes: 16 });
    const bytes = await request.get(png.url, { headers });
    expect(bytes.status()).toBe(200);
    expect((await bytes.body()).toString("hex")).toBe("89504e470d0a1a0a0000000d49484452");
  }
});

test("the reporter reads the quarantine at start and marks those results; they are recorded, shown and do not block", async ({ request, baseURL, page }) => {
  test.setTimeout(180_000);
  const key = `RQ${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await api(request, "post", "/api/projects", { name: `Quarantine e2e ${key}`, key });
  const milestone = await api(request, "post", `/api/projects/${key}/milestones`, { name: "v2.5.0", status: "ACTIVE" });
  const env = (build: string, extra: Record<string, string> = {}) => ({
    QA_STUDIO_URL: baseURL!,
    QA_STUDIO_API_KEY: E2E.bootstrapKey,
    QA_STUDIO_PROJECT: key,
    QA_STUDIO_MILESTONE: "v2.5.0",
    QA_STUDIO_ENVIRONMENT: "Quarantine E2E",
    QA_STUDIO_CI_BUILD_ID: `quarantine-e2e-${key}-${build}`,
    ...extra,
  });

  // A first build creates the cases; nothing is quarantined yet, so nothing is marked.
  const first = await runShard("1/1", env("a"));
  expect(first.output).not.toMatch(/quarantined tests marked|Could not read the project's quarantine/);
  const cases = (await api(request, "get", `/api/projects/${key}/test-cases?limit=50`)).data as { id: string; key: string; title: string }[];
  const voucher = cases.find((c) => c.title === "applies a voucher")!;
  const quarantine = await api(request, "post", `/api/projects/${key}/test-cases/${voucher.key}/quarantine`, { reason: "Voucher service flaky in CI" });
  expect(quarantine).toMatchObject({ caseKey: voucher.key, automationKey: "cart.spec.ts › Cart › applies a voucher", daysLeft: 14 });

  // The next build: its two attempts of the failing, quarantined test are marked; the rest are not.
  const second = await runShard("1/1", env("b"));
  expect(second.output).toContain("2 results of quarantined tests marked (1 test)");
  const runs = (await api(request, "get", `/api/projects/${key}/test-runs?ciBuildId=quarantine-e2e-${key}-b`)).data;
  const entries = (await api(request, "get", `/api/projects/${key}/test-runs/${runs[0].id}/results?limit=50`)).data as {
    automationKey: string;
    status: string;
    quarantined: boolean;
  }[];
  expect(Object.fromEntries(entries.map((e) => [e.automationKey, [e.status, e.quarantined]]))).toMatchObject({
    "cart.spec.ts › Cart › applies a voucher": ["FAILED", true],
    "cart.spec.ts › Cart › adds an item": ["PASSED", false],
    "checkout.spec.ts › Checkout › rounds prices": ["PASSED", false],
  });
  const history = (await api(request, "get", `/api/projects/${key}/test-cases/${voucher.key}/history`)).data as { run: { id: string }; quarantined: boolean }[];
  expect(history.filter((h) => h.run.id === runs[0].id).map((h) => h.quarantined)).toEqual([true, true]);

  // The verdict lists it under quarantined failures, not open ones.
  const summary = await api(request, "get", `/api/projects/${key}/milestones/${milestone.id}/summary`);
  expect(summary.quarantinedFailures.map((f: { caseKey: string; quarantine: { reason: string } }) => [f.caseKey, f.quarantine.reason])).toEqual([
    [voucher.key, "Voucher service flaky in CI"],
  ]);
  expect(summary.openFailures).toEqual([]);

  // With quarantine: "ignore" nothing is marked.
  const third = await runShard("1/1", env("c", { QA_STUDIO_QUARANTINE: "ignore" }));
  expect(third.output).not.toMatch(/quarantined tests marked/);

  // People see it: the run page marks the entry, the milestone page lists it, the project page shows the quarantine.
  await signIn(page);
  await page.goto(`/projects/${key}/runs/${runs[0].id}`);
  const row = page.getByTestId("entry-row").filter({ hasText: "applies a voucher" });
  await expect(row.getByTestId("entry-quarantined")).toHaveText("quarantined");
  await expect(page.getByTestId("entry-quarantined")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: /Failure clusters/ })).toBeVisible();
  await page.getByText(/^Example: /).first().click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto(`/projects/${key}/milestones/${milestone.id}`);
  await expect(page.getByRole("heading", { name: "Quarantined (1)" })).toBeVisible();
  await expect(page.getByTestId(`quarantined-${voucher.key}`)).toContainText("Voucher service flaky in CI");
  expect(await seriousViolations(page)).toEqual([]);
  // A cluster becomes a rule in one step (the dialog's pattern is filled in).
  await page.getByRole("button", { name: /Make rule from the cluster/ }).first().click();
  const dialog = page.getByRole("dialog", { name: "Make a known-failure rule" });
  await expect(dialog.getByLabel(/Pattern/)).not.toHaveValue("");
  await dialog.getByLabel("Defect key").fill("SHOP-77");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText(/Rule “.*” saved/)).toBeVisible();
  const rules = (await api(request, "get", `/api/projects/${key}/failure-rules`)).data as { defect: { key: string } }[];
  expect(rules.map((r) => r.defect.key)).toEqual(["SHOP-77"]);
  await page.goto(`/projects/${key}`);
  const listed = page.getByTestId(`quarantine-${voucher.key}`);
  await expect(listed).toContainText("14 days left");
  await expect(listed).toContainText("Voucher service flaky in CI");
  expect(await seriousViolations(page)).toEqual([]);
  // Lifting it from the page: its failure blocks again.
  await listed.getByRole("button", { name: `Lift the quarantine of ${voucher.key}` }).click();
  await listed.getByRole("button", { name: "Lift quarantine" }).click();
  await expect(page.getByText("No quarantined cases")).toBeVisible();
  const after = await api(request, "get", `/api/projects/${key}/milestones/${milestone.id}/summary`);
  expect(after.openFailures.map((f: { caseKey: string }) => f.caseKey)).toEqual([voucher.key]);

  // Quarantined again from the milestone page's open failure, for 3 days.
  await page.goto(`/projects/${key}/milestones/${milestone.id}`);
  await page.getByRole("button", { name: `Quarantine ${voucher.key}` }).click();
  const form = page.getByRole("dialog", { name: `Quarantine ${voucher.key}` });
  await form.getByLabel("Reason").fill("Still flaky after the fix");
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("Expires on (optional)").fill(day);
  await form.getByRole("button", { name: "Quarantine case" }).click();
  await expect(page.getByRole("heading", { name: "Quarantined (1)" })).toBeVisible();
  await expect(page.getByTestId(`quarantined-${voucher.key}`)).toContainText("Still flaky after the fix");
  const again = (await api(request, "get", `/api/projects/${key}/quarantine`)).data;
  expect(again.map((q: { caseKey: string; expiresAt: string }) => [q.caseKey, q.expiresAt])).toEqual([[voucher.key, `${day}T23:59:59.999Z`]]);
});
