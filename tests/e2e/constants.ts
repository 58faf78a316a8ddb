/** Credentials the e2e server is started with (playwright.config.ts) and the specs sign in with. */
export const E2E = {
  adminEmail: "admin@e2e.test",
  adminPassword: "e2e-password-123",
  bootstrapKey: "qas_e2eBootstrapKey0123456789abcdefghijklmnopqrstuv",
  slackToken: "xoxb-e2e-token",
  fakeSlackPort: Number(process.env.E2E_FAKE_SLACK_PORT || 3199),
};
