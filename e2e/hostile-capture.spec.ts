import { expect, test, type Page } from '@playwright/test';
import { PAYLOAD_MARK } from './support/hostile-site.ts';
import { E2E_ACCOUNTS } from './support/stack-info.ts';
import { readStack } from './support/stack-file.ts';
import { signIn } from './support/session.ts';

const stack = readStack();

/** Everything a payload could do that the page can observe: dialogs, console lines, requests. */
function watch(page: Page) {
  const seen = { dialogs: [] as string[], console: [] as string[], requests: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('request', (r) => seen.requests.push(r.url()));
  return seen;
}

test('a captured page with <script> and onerror payloads never runs inside the app', async ({ page }) => {
  const seen = watch(page);
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/incidents/${stack.hostileIncidentId}`);
  const view = page.getByTestId('incident-view');
  await expect(view).toBeVisible();
  // The payload is shown, as text, so the analyst can read it.
  await expect(view.locator('.snippet', { hasText: PAYLOAD_MARK }).first()).toBeVisible();
  await expect(view.getByTestId('timeline')).not.toBeEmpty();
  // A capture, when the server offers one, is framed from another origin with every sandbox flag on.
  const frames = page.getByTestId('capture-frame');
  for (const frame of await frames.all()) {
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(new URL((await frame.getAttribute('src')) ?? '').origin).not.toBe(new URL(stack.url).origin);
  }
  await page.goto(`${stack.url}/pages/${stack.hostilePageId}`);
  await expect(page.getByTestId('page-view')).toBeVisible();
  await expect(page.getByTestId('reasons')).toBeVisible();
  // Give an onerror or a late script every chance to fire.
  await page.waitForTimeout(2000);

  expect(seen.dialogs).toEqual([]);
  expect(seen.console.filter((m) => m.includes(PAYLOAD_MARK))).toEqual([]);
  expect(seen.requests.filter((u) => u.startsWith(stack.beaconUrl) || u.includes(PAYLOAD_MARK))).toEqual([]);
});

test('an analyst acknowledges the incident from its page (a write with the session’s CSRF token)', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/incidents/${stack.hostileIncidentId}`);
  await expect(page.getByTestId('incident-state')).toHaveText('open');
  await page.getByTestId('action-acknowledge').click();
  // State changes ask first.
  await expect(page.getByTestId('incident-state')).toHaveText('open');
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('incident-state')).toHaveText('acknowledged');
  await expect(page.getByTestId('timeline')).toContainText(E2E_ACCOUNTS.analyst.username);
});

test('a member sees no analyst actions', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.mojMember, `/incidents/${stack.defacedIncidentId}`);
  await expect(page.getByTestId('incident-view')).toBeVisible();
  await expect(page.getByTestId('action-resolve')).toHaveCount(0);
});
