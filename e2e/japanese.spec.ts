import { expect, test } from '@playwright/test';
import { REASON_TEXT, SEVERITY_TEXT, STATE_TEXT } from '../src/messages/index.ts';
import { E2E_ACCOUNTS } from './support/stack-info.ts';
import { readStack } from './support/stack-file.ts';
import { signIn } from './support/session.ts';

const stack = readStack();

test('switched to Japanese, an incident’s reasons, severity, state and title read in Japanese', async ({ page }) => {
  // The analyst reads English: the switch, not the account, brings the Japanese.
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/incidents/${stack.defacedIncidentId}`);
  const view = page.getByTestId('incident-view');
  const reasons = view.getByTestId('reasons').locator('li');
  await expect(reasons.first()).toBeVisible();
  await expect(view.getByRole('heading', { level: 1 })).not.toContainText('検知');

  await page.getByTestId('locale-switch').selectOption('ja');

  const state = view.getByTestId('incident-state');
  const stateCode = (await state.getAttribute('data-state')) ?? '';
  await expect(state).toHaveText(STATE_TEXT[stateCode]!.ja);

  const severity = view.getByRole('heading', { level: 1 }).locator('[data-severity]');
  const severityCode = (await severity.getAttribute('data-severity')) ?? '';
  await expect(severity).toHaveText(SEVERITY_TEXT[severityCode]!.ja);
  await expect(view.getByRole('heading', { level: 1 })).toContainText('改ざんを検知');

  // Each reason keeps its code and evidence; its sentence is the catalogue's Japanese for that code.
  const count = await reasons.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const item = reasons.nth(i);
    const code = (await item.locator('code').first().textContent()) ?? '';
    const text = REASON_TEXT[code];
    expect(text, `reason ${code} has catalogue text`).toBeDefined();
    await expect(item.getByTestId('reason-text')).toHaveText(text!.ja);
    const badge = item.locator('[data-severity]');
    await expect(badge).toHaveText(SEVERITY_TEXT[(await badge.getAttribute('data-severity')) ?? '']!.ja);
  }

  // The incident list says the same in Japanese.
  await page.goto(`${stack.url}/incidents`);
  const row = page
    .getByTestId('incident-row')
    .filter({ has: page.locator(`a[href$="/incidents/${stack.defacedIncidentId}"]`) });
  await expect(row.getByTestId('incident-row-state')).toHaveText(STATE_TEXT[stateCode]!.ja);
});

test('switched to Japanese, a site’s DNS watch finding reads in Japanese, its code and evidence unchanged', async ({
  page,
}) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/sites/${stack.hijackedSiteId}`);
  const card = page.getByTestId('watch-dns');
  const reason = card
    .getByTestId('reasons')
    .locator('li')
    .filter({ has: page.locator('code', { hasText: /^dns-ns-changed$/ }) });
  await expect(reason).toBeVisible();
  const text = REASON_TEXT['dns-ns-changed'];
  expect(text, 'dns-ns-changed has catalogue text').toBeDefined();
  await expect(reason.getByTestId('reason-text')).toHaveText(text!.en);

  await page.getByTestId('locale-switch').selectOption('ja');
  await expect(reason.getByTestId('reason-text')).toHaveText(text!.ja);
  // The before → after the watch recorded is the same in both languages.
  await expect(reason.locator('pre')).toContainText('ns1.bulletproof-dns.example');
});
