/**
 * Real Chromium: a slot reused for the next render shows the page to a first-time visitor. The page
 * here writes a cookie and local and session storage on load, from a timer and as it is left, and
 * reports what it found; rendered again in the same slot it must find nothing.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { executableProblem, DEFAULT_EXECUTABLE_PATH } from './browser-launch.ts';
import { RenderService } from './render-service.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

const REMEMBERING_PAGE = `<!doctype html><html><head><title>remembers</title></head><body><p id="found"></p><script>
const found = [document.cookie, localStorage.getItem('seen'), sessionStorage.getItem('seen')].filter(Boolean);
document.getElementById('found').textContent = 'found:' + (found.join('|') || 'nothing');
const mark = (when) => {
  document.cookie = 'seen-' + when + '=1; max-age=3600; path=/';
  localStorage.setItem('seen', when);
  sessionStorage.setItem('seen', when);
};
mark('load');
setInterval(() => mark('timer'), 20);
addEventListener('pagehide', () => mark('pagehide'));
addEventListener('visibilitychange', () => mark('visibilitychange'));
addEventListener('freeze', () => mark('freeze'));
</script></body></html>`;

describe.skipIf(chromiumMissing !== null)('a reused render slot', () => {
  let server: TestServer;
  let service: RenderService;

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      if ((req.url ?? '').startsWith('/remember'))
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(REMEMBERING_PAGE);
      else res.writeHead(404).end();
    });
    // One slot, so every render reuses the page the one before it left.
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

  it('keeps nothing a page stored, on load, from a timer or as it was left', async () => {
    const first = await service.render({ url: `${server.origin}/remember`, screenshots: false });
    expect(first.html).toContain('found:nothing');
    for (let i = 0; i < 3; i++) {
      // Give the last page's timer time to write again, had it still been running.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await service.render({ url: `${server.origin}/remember?${i}`, screenshots: false });
      expect(again.html).toContain('found:nothing');
    }
    expect(service.stats().contextsCreated).toBe(1);
  }, 90_000);
});
