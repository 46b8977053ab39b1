import { expect, test } from '@playwright/test';
import { E2E_ACCOUNTS } from './support/stack-info.ts';
import { readStack } from './support/stack-file.ts';
import { signIn } from './support/session.ts';

const stack = readStack();

test('an analyst works the defacement case: assignee, notes, a state change that asks first, filters', async ({
  page,
}) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/incidents/${stack.defacedIncidentId}`);
  const kase = page.getByTestId('case');
  await expect(kase).toBeVisible();

  await kase.getByTestId('assignee-input').fill('e2e-analyst');
  await kase.getByTestId('assign').click();
  await expect(kase.getByTestId('assignee')).toContainText('e2e-analyst');
  await expect(kase.getByTestId('assignee')).toContainText(`assigned by ${E2E_ACCOUNTS.analyst.username}`);

  // A note is text, never markup.
  const note = `Checked the CMS admin log <b>not bold</b> ${Date.now()}`;
  await kase.getByTestId('note-input').fill(note);
  await kase.getByTestId('add-note').click();
  await expect(kase.getByTestId('notes')).toContainText(note);
  await expect(kase.getByTestId('notes').locator('b')).toHaveCount(0);

  // Resolve asks first; cancelling changes nothing.
  const state = await page.getByTestId('incident-state').textContent();
  await page.getByTestId('action-resolve').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Resolve this incident by hand?');
  await dialog.getByTestId('confirm-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('incident-state')).toHaveText(state ?? '');
  await page.getByTestId('action-false-positive').click();
  await expect(page.getByRole('dialog')).toContainText('false positive');
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('incident-state')).toHaveText(state ?? '');

  // The note and the assignment are on the audit record, under the analyst's name.
  const audit = await page.request.get(`${stack.url}/api/incidents/${stack.defacedIncidentId}/case`);
  expect(audit.status()).toBe(200);
  expect(((await audit.json()) as { notes: { author: string; body: string }[] }).notes).toContainEqual(
    expect.objectContaining({ author: E2E_ACCOUNTS.analyst.username, body: note }),
  );

  // Filters go to the address bar and the server: a kind no incident has lists nothing; tampered lists the defacement.
  await page.goto(`${stack.url}/incidents`);
  await page.getByTestId('filter-kind').selectOption('down');
  await expect(page).toHaveURL(/kind=down/);
  await page.getByTestId('filter-kind').selectOption('tampered');
  await expect(page).toHaveURL(/kind=tampered/);
  const rows = page.getByTestId('incident-row');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('filter-severity').selectOption('low');
  await expect(page).toHaveURL(/severity=low/);
  await expect(page.getByTestId('incident-list').getByRole('link', { name: /procedures\/registration/ })).toHaveCount(
    0,
  );
  await page.getByTestId('filter-severity').selectOption('');
  await expect(
    page
      .getByTestId('incident-list')
      .getByRole('link', { name: /procedures\/registration/ })
      .first(),
  ).toBeVisible();
});
