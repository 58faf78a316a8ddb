import { expect, type Page } from "@playwright/test";
import { E2E } from "./constants";

export async function signIn(page: Page, email = E2E.adminEmail, password = E2E.adminPassword) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/projects$/);
}
