/**
 * `npm run screenshots`: the dashboard's main views against a live demo, as PNGs in
 * docs/screenshots/ for the README. Starts the same stack as the browser tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startStack } from '../e2e/support/start-stack.ts';
import { E2E_ACCOUNTS } from '../e2e/support/stack-info.ts';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'ja-JP',
      deviceScaleFactor: 1,
    });
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
      ['settings', '/settings', 'channel-table'],
    ];
    for (const [name, path, testId] of views) {
      await page.goto(`${url}${path}`);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState('networkidle');
      const file = join(OUT, `${name}.png`);
      if (name === 'overview') await page.screenshot({ path: file });
      else await wholePage(page, file);
      process.stdout.write(`${file}\n`);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/**
 * The whole page, taken with a viewport as tall as the page rather than with `fullPage`. The incident's
 * captured page is framed from the capture origin (another origin, sandboxed), so Chromium runs that
 * frame in a renderer process of its own, and a capture beyond the viewport (`fullPage`) does not
 * paint an out-of-process frame lying outside the viewport: the frame was shot blank, though it had
 * loaded. With the viewport over the whole page the frame is on screen and painted like the rest; the
 * sandbox and the capture origin's CSP are as the console serves them.
 */
async function wholePage(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  // Strings: they run in the page, and this script is type-checked without the DOM's types.
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  try {
    for (const frame of page.frames()) if (frame !== page.mainFrame()) await frame.waitForLoadState('load');
    // Two animation frames: the resized page and its frames have been laid out and painted.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
