// A small Playwright project that reports to QA Studio through our reporter, run by
// tests/e2e/reporter.spec.ts against the built app (QA_STUDIO_URL, QA_STUDIO_API_KEY,
// QA_STUDIO_PROJECT, QA_STUDIO_MILESTONE, QA_STUDIO_ENVIRONMENT and QA_STUDIO_CI_BUILD_ID come from
// there). Its tests need no browser.
import { createRequire } from "node:module";
import { defineConfig } from "@playwright/test";

// A user's config names "qa-studio/reporter" and Playwright finds it in node_modules. This
// repository does not install itself there, so the same name is resolved here through the
// package's own "exports" (a self-reference), which checks that the export works.
const reporter = createRequire(import.meta.url).resolve("qa-studio/reporter");

export default defineConfig({
  testDir: "specs",
  outputDir: "../../test-results/reporter-project",
  fullyParallel: true,
  workers: 1,
  retries: 1,
  reporter: [["list"], [reporter, { runName: "Reporter e2e", failOnError: true, spoolDir: "../../test-results/reporter-project/spool" }]],
});
