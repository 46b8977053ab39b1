/**
 * Real Chromium: Chromium reads only the last --disable-features switch, so the one the launcher adds
 * after Playwright's must still switch off everything Playwright's does, or a Playwright upgrade that
 * adds to its list would be silently undone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlackHole, type BlackHole } from './black-hole.ts';
import { DEFAULT_EXECUTABLE_PATH, executableProblem, launchChromium } from './browser-launch.ts';
import { findBrowserPid } from './browser-processes.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

describe.skipIf(chromiumMissing !== null || process.platform !== 'linux')('the launched browser', () => {
  let hole: BlackHole;
  let close: () => Promise<void> = () => Promise.resolve();
  let switches: string[] = [];

  beforeAll(async () => {
    hole = await startBlackHole();
    const marker = `launch-test-${process.pid}`;
    const browser = await launchChromium({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      timeoutMs: 30_000,
      blackHolePort: hole.port,
      marker,
    });
    close = () => browser.close();
    const pid = findBrowserPid(marker);
    if (pid === null) throw new Error('the launched browser is not in /proc');
    switches = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  }, 60_000);

  afterAll(async () => {
    await close();
    await hole?.close();
  }, 60_000);

  it("switches off every feature Playwright's own --disable-features does, and RenderDocument", () => {
    const lists = switches
      .filter((s) => s.startsWith('--disable-features='))
      .map((s) => s.slice('--disable-features='.length).split(','));
    expect(lists.length).toBeGreaterThanOrEqual(1);
    const effective = new Set(lists.at(-1));
    for (const list of lists) for (const feature of list) expect(effective).toContain(feature);
    expect(effective).toContain('RenderDocument');
  });
});
