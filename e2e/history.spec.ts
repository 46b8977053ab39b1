import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_ACCOUNTS } from './support/stack-info.ts';
import { readStack } from './support/stack-file.ts';
import { signIn } from './support/session.ts';

const stack = readStack();

test('an analyst browses a defaced page’s history: timeline, two versions diffed, an evidence record and its WARC', async ({
  page,
}) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.analyst, `/pages/${stack.defacedPageId}`);
  await page.getByTestId('open-history').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/pages/${stack.defacedPageId}/history$`));

  // The timeline lists several versions, newest first, with their verdicts.
  const rows = page.getByTestId('capture-row');
  await expect(rows.nth(1)).toBeVisible();
  await expect(page.getByTestId('capture-timeline').locator('.badge.status-tampered').first()).toBeVisible();

  // Pick the oldest kept version as A and the newest as B: the defacement shows as added text.
  const kept = page.getByTestId('capture-row').filter({ has: page.locator('[data-testid="pick-a"]:enabled') });
  await kept.last().getByTestId('pick-a').check();
  await kept.first().getByTestId('pick-b').check();
  const diff = page.getByTestId('version-diff');
  await expect(diff.getByTestId('diff')).toBeVisible();
  await expect(diff.locator('.diff-added ins').first()).toBeVisible();
  // Version B is shown only from the capture origin, in a sandbox.
  const frame = page.getByTestId('capture-frame');
  await expect(frame).toHaveAttribute('sandbox', '');
  expect(new URL((await frame.getAttribute('src')) ?? '').origin).not.toBe(new URL(stack.url).origin);

  // Open the evidence record of a kept capture: hashes, the HTTP head, and the WARC to download.
  await page.getByTestId('open-record').first().click();
  const record = page.getByTestId('evidence-record');
  await expect(record.getByTestId('entry-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(record.getByTestId('prev-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(record.getByTestId('response-head')).toContainText('HTTP/1.1');
  const [download] = await Promise.all([page.waitForEvent('download'), record.getByTestId('warc-download').click()]);
  expect(download.suggestedFilename()).toMatch(/\.warc\.gz$/);
  const warc = gunzipSync(readFileSync(await download.path()));
  expect(warc.subarray(0, 8).toString()).toBe('WARC/1.1');
});

test('a member of another organisation cannot open the page’s history', async ({ page }) => {
  await signIn(page, stack.url, E2E_ACCOUNTS.courtsMember, `/pages/${stack.defacedPageId}/history`);
  await expect(page.getByTestId('not-found').first()).toBeVisible();
  const res = await page.request.get(`${stack.url}/api/pages/${stack.defacedPageId}/captures`);
  expect(res.status()).toBe(404);
});
