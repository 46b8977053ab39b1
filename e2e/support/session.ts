import { expect, type Page } from '@playwright/test';

/** Signs in through the login form, as a person would. */
export async function signIn(
  page: Page,
  baseUrl: string,
  account: { username: string; password: string },
  path = '/',
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.locator('input[name="username"]').fill(account.username);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('who')).toBeVisible();
}
