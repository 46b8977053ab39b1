/**
 * `npm run screenshots`: the dashboard's main views against a live demo, as PNGs in
 * docs/screenshots/ for the README. Starts the same stack as the browser tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startStack } from '../e2e/support/start-stack.ts';
import { E2E_ACCOUNTS } from '../e2e/support/stack-info.ts';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', deviceScaleFactor: 1 });
    const { url } = stack.info;
    await page.goto(url);
    await page.locator('input[name="username"]').fill(E2E_ACCOUNTS.analyst.username);
    await page.locator('input[name="password"]').fill(E2E_ACCOUNTS.analyst.password);
    await page.locator('form button[type="submit"]').click();
    await page.getByTestId('who').waitFor();
    const views: [string, string, string][] = [
      ['overview', '/', 'estate-tree'],
      ['incident', `/incidents/${stack.info.defacedIncidentId}`, 'incident-view'],
      ['page', `/pages/${stack.info.defacedPageId}`, 'page-view'],
      ['threats', '/threats', 'threats-view'],
    ];
    for (const [name, path, testId] of views) {
      await page.goto(`${url}${path}`);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState('networkidle');
      const file = join(OUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: name !== 'overview' });
      process.stdout.write(`${file}\n`);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
