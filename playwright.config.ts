import fs from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E } from "./tests/e2e/constants";

const port = Number(process.env.E2E_PORT || 3100);
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";


export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium when present; Playwright's own browser otherwise.
      executablePath: fs.existsSync(chromium) ? chromium : undefined,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      // One JSON line per request would bury the test output; warnings and errors still show.
      LOG_LEVEL: process.env.E2E_LOG_LEVEL || "warn",
      QA_STUDIO_ADMIN_EMAIL: E2E.adminEmail,
      QA_STUDIO_ADMIN_PASSWORD: E2E.adminPassword,
      QA_STUDIO_BOOTSTRAP_API_KEY: E2E.bootstrapKey,
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      // Slack goes to the fake Web API that tests/e2e/slack.spec.ts starts on this port.
      SLACK_BOT_TOKEN: E2E.slackToken,
      SLACK_API_URL: `http://127.0.0.1:${E2E.fakeSlackPort}/api/`,
      QA_STUDIO_NOTIFY_SCAN_SECONDS: "5",
      // The fake Jira of tests/e2e/exploratory.spec.ts listens on plain http://127.0.0.1.
      QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS: "1",
    },
  },
});
