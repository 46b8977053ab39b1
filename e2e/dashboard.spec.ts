import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_ACCOUNTS } from './support/stack-info.ts';
import { readStack } from './support/stack-file.ts';
import { signIn } from './support/session.ts';

const stack = readStack();

/** Routes of the list the server's OpenAPI document does not have (endpoints other work adds). */
async function missingRoutes(request: APIRequestContext, paths: string[]): Promise<string[]> {
  const doc = (await (await request.get(`${stack.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  return paths.filter((p) => !(p in doc.paths));
}

test('an analyst signs in and sees the demo estate with its problems', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst);
  const tree = page.getByTestId('estate-tree');
  await expect(tree).toBeVisible();
  for (const name of ['法務省', '総務省', '裁判所'])
    await expect(tree.getByRole('heading', { name: new RegExp(`^${name}`), level: 2 })).toBeVisible();
  await expect(page.locator('[data-testid="page-row"][data-status="tampered"]').first()).toBeVisible();
  await expect(page.getByTestId('status-counts')).toContainText('Tampered');

  // Filters are applied by the server: only tampered pages come back.
  await page.getByRole('combobox', { name: 'Status' }).selectOption('tampered');
  await expect(page).toHaveURL(/status=tampered/);
  const rows = page.getByTestId('page-row');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) expect(await row.getAttribute('data-status')).toBe('tampered');
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto(stack.url);
  await page.locator('input[name="username"]').fill(E2E_ACCOUNTS.analyst.username);
  await page.locator('input[name="password"]').fill('not-the-password');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('alert')).toContainText('not right');
});

test('the defacement incident names and highlights the inserted element', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, '/incidents');
  await page
    .getByTestId('incident-list')
    .getByRole('link', { name: /procedures\/registration/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/incidents\/\d+$/);
  const view = page.getByTestId('incident-view');
  await expect(view).toBeVisible();
  // The inserted element, as escaped text, marked as inserted.
  await expect(view.locator('.snippet.inserted', { hasText: 'Hacked by Kuro Team' }).first()).toBeVisible();
  await expect(view.getByTestId('timeline')).not.toBeEmpty();
});

test('the defacement incident shows baseline and current screenshots and the inserted element in the diff', async ({
  page,
  request,
}) => {
  const missing = await missingRoutes(request, [
    '/api/checks/{id}/render',
    '/api/checks/{id}/diff',
    '/api/renders/{id}.png',
  ]);
  // These routes are part of Mamori now: a missing one is a regression, not a reason to skip.
  expect(missing).toEqual([]);
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/incidents/${stack.defacedIncidentId}`);
  await expect(page.getByTestId('screenshots')).toBeVisible();
  // Known issue: the render summary does not always name a baseline screenshot (server side); the
  // dashboard must show one whenever it does, and the current screenshot always.
  const incident = (await (await page.request.get(`${stack.url}/api/incidents/${stack.defacedIncidentId}`)).json()) as {
    incident: { lastCheckId: number };
  };
  const render = (await (
    await page.request.get(`${stack.url}/api/checks/${incident.incident.lastCheckId}/render`)
  ).json()) as { baselineScreenshot: string | null };
  const shown = render.baselineScreenshot ? ['screenshot-baseline', 'screenshot-current'] : ['screenshot-current'];
  if (!render.baselineScreenshot)
    test
      .info()
      .annotations.push({ type: 'known issue', description: 'the render summary named no baseline screenshot' });
  for (const id of shown) {
    const img = page.getByTestId(id);
    await expect(img).toBeVisible();
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
  }
  await expect(page.getByTestId('inserted-element').first()).toContainText('Hacked by Kuro Team');
  await expect(page.getByTestId('inserted-element').locator('mark').first()).toBeVisible();
});

test('the defacement incident’s evidence is listed and exported as a download', async ({ page, request }) => {
  const missing = await missingRoutes(request, ['/api/incidents/{id}/evidence', '/api/incidents/{id}/evidence/export']);
  // These routes are part of Mamori now: a missing one is a regression, not a reason to skip.
  expect(missing).toEqual([]);
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/incidents/${stack.defacedIncidentId}`);
  await expect(page.getByTestId('evidence-list')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-evidence').click();
  const file = await download;
  expect(await file.failure()).toBeNull();
  expect(file.suggestedFilename()).not.toMatch(/\.html?$/);
});

test('a member of another organisation neither lists the defacement nor opens it by address', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.courtsMember, '/incidents');
  // Every state, not only the active ones (the state filter replaced the Active/All tabs).
  await page.getByTestId('filter-state').selectOption('');
  await expect(page).toHaveURL(/state=any/);
  await expect(page.getByTestId('incident-list').or(page.getByText('インシデントはありません。'))).toBeVisible();
  await expect(page.getByRole('link', { name: /procedures\/registration/ })).toHaveCount(0);

  await page.goto(`${stack.url}/`);
  await expect(page.getByTestId('estate-tree')).toBeVisible();
  await expect(page.getByTestId('estate-tree').getByRole('heading', { name: /^法務省/, level: 2 })).toHaveCount(0);

  await page.goto(`${stack.url}/incidents/${stack.defacedIncidentId}`);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.goto(`${stack.url}/pages/${stack.defacedPageId}`);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('the member of the defaced organisation sees it, in Japanese and in Tokyo time', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.mojMember, `/incidents/${stack.defacedIncidentId}`);
  await expect(page.getByTestId('incident-view')).toBeVisible();
  await expect(page.getByRole('heading', { name: '挿入された要素' })).toBeVisible();
  await expect(page.getByTestId('incident-view')).toContainText('JST');
  await page.getByTestId('locale-switch').selectOption('en');
  await expect(page.getByRole('heading', { name: 'What was inserted' })).toBeVisible();
});

test('the threats and claims board shows the announcement, its targets and the checked claim', async ({
  page,
  request,
}) => {
  const missing = await missingRoutes(request, ['/api/threats', '/api/claims']);
  // These routes are part of Mamori now: a missing one is a regression, not a reason to skip.
  expect(missing).toEqual([]);
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, '/threats');
  const threat = page.getByTestId('threat').filter({ hasText: '#OpKokkai' }).first();
  await expect(threat).toBeVisible();
  await expect(threat).toContainText('法務省');
  const claim = page.getByTestId('claim').filter({ hasText: 'hacked by Kuro Team' }).first();
  await expect(claim).toBeVisible();
  await expect(claim.locator('.badge')).not.toHaveText('Pending');
});

test('an admin sees the demo’s notification channel in Settings, with its figures, and sends a test through it', async ({
  page,
  request,
}) => {
  expect(await missingRoutes(request, ['/api/channels', '/api/channels/{name}/test'])).toEqual([]);
  await signIn(page, stack.url, E2E_ACCOUNTS.admin, '/settings');
  // The first-start admin's account is in Japanese (the default); this test reads English.
  await page.getByTestId('locale-switch').selectOption('en');
  const row = page.getByTestId('channel-row').filter({ hasText: 'soc-webhook' });
  await expect(row).toBeVisible();
  // The destination is the receiver's host only: its path and ?token= never reach the page.
  await expect(row).toContainText(/127\.0\.0\.1:\d+/);
  await expect(row).not.toContainText('/hooks/');
  await expect(row).not.toContainText('token');
  await expect(row).toContainText('all organisations: high and above');
  await expect(page.getByTestId('maintenance-table')).toContainText('CMS upgrade (demo)');
  const delivered = async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row).toBeVisible();
    return Number((await row.getByTestId('channel-delivered').textContent())?.replace(/\D/g, ''));
  };
  // The demo's incidents were delivered to the SOC receiver.
  await expect.poll(delivered).toBeGreaterThan(0);
  const before = await delivered();
  await row.getByTestId('send-test').click();
  await expect(page.getByTestId('channel-message')).toContainText(/Test notification #\d+ queued for soc-webhook/);
  await expect.poll(delivered).toBeGreaterThan(before);
  await expect(row.getByTestId('channel-status')).toHaveText('Delivering');
});

test('an analyst sees the channels but cannot send a test; a member does not see them', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, '/settings');
  await expect(page.getByTestId('channel-row').filter({ hasText: 'soc-webhook' })).toBeVisible();
  await expect(page.getByTestId('send-test')).toHaveCount(0);
  await page.getByRole('button', { name: 'Log out' }).click();
  await signIn(page, stack.url, E2E_ACCOUNTS.mojMember, '/settings');
  await expect(page.getByTestId('settings-view')).toBeVisible();
  await expect(page.getByTestId('channels')).toBeVisible();
  await expect(page.getByTestId('channel-row')).toHaveCount(0);
});

test('an account with a one-time password must choose its own before it sees anything', async ({ page, request }) => {
  const login = await request.post(`${stack.url}/api/auth/login`, {
    data: { username: E2E_ACCOUNTS.admin.username, password: E2E_ACCOUNTS.admin.password },
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const account = { username: `e2e-newcomer-${Date.now()}`, password: 'handed-over-once' };
  const created = await request.post(`${stack.url}/api/users`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { ...account, role: 'analyst', locale: 'en' },
  });
  expect(created.status()).toBe(201);
  expect(((await created.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);

  await page.goto(stack.url);
  await page.locator('input[name="username"]').fill(account.username);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  const form = page.getByTestId('change-password');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('estate-tree')).toHaveCount(0);
  // The server holds the session back too, not only the dashboard.
  expect((await page.request.get(`${stack.url}/api/overview`)).status()).toBe(403);
  await form.locator('input[name="current-password"]').fill(account.password);
  await form.locator('input[name="new-password"]').fill('chosen-by-the-analyst');
  await form.locator('input[name="new-password-again"]').fill('chosen-by-the-analyst');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('who')).toBeVisible();
  await expect(page.getByTestId('estate-tree')).toBeVisible();
});
