/**
 * The status page in Chromium (playwright-core, /usr/bin/chromium) from its own listener: a visitor
 * sees each site's state and the announcements, the page runs no script, and nothing internal shows.
 */
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreWithHandle } from '../store/open-store.ts';
import { T0 } from '../store/estate-fixtures.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { executableProblem, DEFAULT_EXECUTABLE_PATH } from '../render/browser-launch.ts';
import { createStatusApp } from './status-app.ts';
import { buildStatusDocument } from './status-document.ts';
import { FORBIDDEN, seedEstate, SETTINGS } from './test-status-estate.ts';

const problem = await executableProblem(DEFAULT_EXECUTABLE_PATH);
if (problem !== null) console.warn(`Skipping the status page Chromium test: ${problem}`);

describe.skipIf(problem !== null)('the status page in Chromium', () => {
  let dir: TempDir;
  let store: EstateStore;
  let server: ServerType;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await makeTempDir();
    ({ store } = await openStoreWithHandle({ url: `sqlite:${dir.path}/m.db` }));
    await store.migrate();
    await seedEstate(store);
    const app = createStatusApp({
      build: () => buildStatusDocument(store, SETTINGS),
      maxAgeSeconds: 60,
      now: () => T0,
    });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await chromium.launch({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await store?.close();
    await dir?.remove();
  });

  it('shows each site’s state and the announcements, runs no script, shows nothing internal', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => violations.push(m.text()));
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toMatch(/^public, max-age=/);
    await expect.poll(() => page.title()).toBe('Alpha status');
    const siteState = (name: string) =>
      page.locator('li.site', { hasText: name }).locator('.status').first().getAttribute('data-status');
    expect(await siteState('Alpha web')).toBe('up');
    expect(await siteState('Alpha mail')).toBe('down');
    expect(await page.locator('#overall .status').getAttribute('data-status')).toBe('degraded');
    expect(await page.locator('#announcements h3').allTextContents()).toEqual(['Planned maintenance', 'Welcome']);
    // The inline style applies (the CSP allows it): "down" is drawn red.
    const colour = await page
      .locator('li.site', { hasText: 'Alpha mail' })
      .locator('.status')
      .evaluate((e: unknown) => {
        // The tests compile without the DOM library: the browser's own types, as far as used here.
        type View = { getComputedStyle(element: unknown): { color: string } };
        return (e as { ownerDocument: { defaultView: View } }).ownerDocument.defaultView.getComputedStyle(e).color;
      });
    expect(colour).toBe('rgb(207, 34, 46)');
    const text = await page.locator('body').innerText();
    for (const secret of FORBIDDEN) expect(text, secret).not.toContain(secret);
    expect(await page.locator('script').count()).toBe(0);
    expect(violations.filter((v) => v.includes('Content Security Policy'))).toEqual([]);
    await context.close();
  }, 120_000);
});
