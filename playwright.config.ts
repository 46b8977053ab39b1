import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the dashboard against a live demo (see e2e/global-setup.ts), in Debian's Chromium:
 * a browser is never downloaded. One worker: the tests share one running estate.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    acceptDownloads: true,
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
    trace: 'off',
  },
});
