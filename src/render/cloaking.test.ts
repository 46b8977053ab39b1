/**
 * Cloaking on a real loopback server: one page shows spam links only to a crawler's user agent,
 * another redirects visitors only when they come from a search engine. The browser view comes from
 * real Chromium; the crawler and referrer views from the real fetcher.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysePage } from '../core/analyse.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import type { Fetcher } from '../fetch/types.ts';
import { TEST_LIMITS, startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { DEFAULT_EXECUTABLE_PATH, executableProblem } from './browser-launch.ts';
import { checkCloaking, compareWithBrowser } from './cloaking.ts';
import { RenderService } from './render-service.ts';

const PAGE = (extra: string) =>
  `<!doctype html><html><head><title>Parks</title></head><body><h1>City parks</h1><p>Opening hours of the city parks and the rules for barbecues in summer.</p>${extra}</body></html>`;
const SPAM =
  '<div><a href="https://casino.example/">best online casino bonus</a><p>Play the best online casino games with a huge welcome bonus today, every day, with free spins for new players and more.</p><p>Slots, poker and roulette with instant withdrawals and the biggest jackpots of the year, only here.</p></div>';

describe('compareWithBrowser', () => {
  const url = 'https://parks.example.jp/';
  it('names external links and text only the crawler is shown', () => {
    const reasons = compareWithBrowser(analysePage(PAGE(SPAM), url), analysePage(PAGE(''), url));
    expect(reasons.map((r) => r.code)).toEqual(['cloaked-links', 'cloaked-content']);
    expect(reasons[0]?.message).toContain('casino.example');
  });
  it('finds nothing when both see the same page', () => {
    expect(compareWithBrowser(analysePage(PAGE(SPAM), url), analysePage(PAGE(SPAM), url))).toEqual([]);
  });
  it('does not call a change made between the render and the fetches cloaking, when visitors are served it too', () => {
    // The browser saw the page before the spam went in; the visitor's copy, fetched beside the
    // crawler's, already has it: a change (for the other detectors), not content for crawlers only.
    const browserBefore = analysePage(PAGE(''), url);
    expect(compareWithBrowser(analysePage(PAGE(SPAM), url), browserBefore, analysePage(PAGE(SPAM), url))).toEqual([]);
    expect(
      compareWithBrowser(analysePage(PAGE(SPAM), url), browserBefore, analysePage(PAGE(''), url)).map((r) => r.code),
    ).toEqual(['cloaked-links', 'cloaked-content']);
  });
});

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

describe.skipIf(chromiumMissing !== null)('checkCloaking against a cloaking server', () => {
  let server: TestServer;
  let fetcher: Fetcher;
  let service: RenderService;

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const ua = req.headers['user-agent'] ?? '';
      const referer = req.headers.referer ?? '';
      if (req.url === '/by-referrer' && referer.includes('google.')) {
        res.writeHead(302, { location: 'https://casino.example/landing' }).end();
        return;
      }
      const spam = req.url === '/by-agent' && /Googlebot/.test(ua);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(spam ? SPAM : ''));
    });
    fetcher = createFetcher({
      limits: TEST_LIMITS,
      policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
      userAgent: 'Mamori-test',
    });
    service = new RenderService({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      concurrency: 1,
      timeoutMs: 45_000,
      recyclePagesAfter: 20,
      restartBrowserAfter: 200,
      policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await fetcher?.close();
    await server?.close();
  }, 60_000);

  it('finds content served only to a crawler, and a redirect only for visitors from a search engine', async () => {
    const byAgent = await service.renderModel({ url: `${server.origin}/by-agent`, screenshots: false });
    const agentReasons = await checkCloaking(
      fetcher,
      `${server.origin}/by-agent`,
      byAgent.model,
      'Mozilla/5.0 Chrome/150',
    );
    expect(agentReasons.map((r) => r.code)).toEqual(['cloaked-links', 'cloaked-content']);

    const byReferrer = await service.renderModel({ url: `${server.origin}/by-referrer`, screenshots: false });
    const referrerReasons = await checkCloaking(
      fetcher,
      `${server.origin}/by-referrer`,
      byReferrer.model,
      'Mozilla/5.0 Chrome/150',
    );
    expect(referrerReasons.map((r) => r.code)).toEqual(['referrer-cloaking']);

    const honest = await service.renderModel({ url: `${server.origin}/plain`, screenshots: false });
    expect(await checkCloaking(fetcher, `${server.origin}/plain`, honest.model, 'Mozilla/5.0 Chrome/150')).toEqual([]);
  }, 90_000);
});
