/**
 * Real Chromium: the full-page PNG is taken again only when something below the first screen may have
 * changed. The same page rendered again with the signature of the last full-page PNG takes none; a
 * changed text, or an image whose content changed under the same address, takes one; a page holding
 * what its document cannot name (a subresource without validators, a canvas) always takes one.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { executableProblem, DEFAULT_EXECUTABLE_PATH } from './browser-launch.ts';
import { RenderService } from './render-service.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function tallPage(below: string, image: string, extra = ''): string {
  return `<!doctype html><html><head><title>tall</title></head><body>
<h1>Top of the page</h1><div style="height:1600px"></div>
<p id="below">${below}</p><img src="${image}" width="40" height="40" alt="">${extra}</body></html>`;
}

describe.skipIf(chromiumMissing !== null)('the full-page screenshot of a page rendered before', () => {
  let server: TestServer;
  let service: RenderService;
  const site = { below: 'first text', imageTag: '"v1"' };

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '').split('?')[0];
      const html = { 'content-type': 'text/html; charset=utf-8' };
      if (path === '/tall') res.writeHead(200, html).end(tallPage(site.below, '/image.gif'));
      else if (path === '/unnamed') res.writeHead(200, html).end(tallPage('same', '/chunked.gif'));
      else if (path === '/canvas') res.writeHead(200, html).end(tallPage('same', '/image.gif', '<canvas></canvas>'));
      else if (path === '/image.gif')
        res.writeHead(200, { 'content-type': 'image/gif', etag: site.imageTag, 'cache-control': 'no-cache' }).end(GIF);
      else if (path === '/chunked.gif') {
        // No length, no validator: nothing says whether the picture is the one drawn last time.
        res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
        res.write(GIF.subarray(0, 10));
        res.end(GIF.subarray(10));
      } else res.writeHead(404).end();
    });
    service = new RenderService({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      concurrency: 1,
      timeoutMs: 30_000,
      recyclePagesAfter: 50,
      restartBrowserAfter: 200,
      policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await server?.close();
  }, 60_000);

  const render = (path: string, knownBelowFold?: string) =>
    service.render({
      url: `${server.origin}${path}`,
      screenshots: true,
      ...(knownBelowFold ? { knownBelowFold } : {}),
    });

  it('is not taken again while nothing below the first screen changed, and is when something did', async () => {
    const first = await render('/tall');
    expect(first.belowFold).toMatch(/^[0-9a-f]{64}$/);
    expect(first.screenshots?.fullPage).toBeInstanceOf(Buffer);

    const same = await render('/tall', first.belowFold ?? undefined);
    expect(same.belowFold).toBe(first.belowFold);
    expect(same.screenshots?.fullPage).toBeNull();
    expect(same.screenshots?.viewport.subarray(1, 4).toString()).toBe('PNG');

    site.below = 'defaced text';
    const text = await render('/tall', first.belowFold ?? undefined);
    expect(text.belowFold).not.toBe(first.belowFold);
    expect(text.screenshots?.fullPage).toBeInstanceOf(Buffer);

    site.imageTag = '"v2"';
    const image = await render('/tall', text.belowFold ?? undefined);
    expect(image.belowFold).not.toBe(text.belowFold);
    expect(image.screenshots?.fullPage).toBeInstanceOf(Buffer);
  }, 90_000);

  it('is always taken for a page holding what its document cannot name', async () => {
    for (const path of ['/unnamed', '/canvas']) {
      const first = await render(path);
      expect(first.belowFold, path).toBeNull();
      const again = await render(path, 'f'.repeat(64));
      expect(again.belowFold, path).toBeNull();
      expect(again.screenshots?.fullPage, path).toBeInstanceOf(Buffer);
    }
  }, 90_000);
});
