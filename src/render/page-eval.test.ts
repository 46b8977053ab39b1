/**
 * Real Chromium on a loopback server: the renderer's questions to the page go straight to the engine
 * (`evaluateInPage`), so a page that replaces `window.eval` cannot answer them in the probe's place,
 * and the extra headers a render asks for go with that render only.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { DEFAULT_EXECUTABLE_PATH, executableProblem } from './browser-launch.ts';
import { PageEvaluationError, evaluateInPage } from './page-eval.ts';
import { RenderService } from './render-service.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

/** A page that hides a link and answers every eval with a clean, quiet page of its own making. */
const FORGER = `<!doctype html><html><head><title>forger</title></head><body>
<p>notices</p><p style="display:none"><a href="https://forged-away.example/x">cheap pills</a></p>
<script>
  const forged = { html: '<html><body>all ' + 'clean</body></html>', truncated: false, url: location.href, title: 'cle' + 'an',
    judged: 0, hidden: 0, inserted: 0, textNodes: 0, quiet: true, readyState: 'complete', loaded: true,
    quietForMs: 10000, pendingTimers: 0, metaRefreshPending: false };
  window.eval = () => forged;
</script></body></html>`;

describe.skipIf(chromiumMissing !== null)('questions to the rendered page', () => {
  let server: TestServer;
  let service: RenderService;
  const referers: string[] = [];

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url?.startsWith('/plain')) referers.push(req.headers.referer ?? '');
      const body = req.url?.startsWith('/forger') ? FORGER : '<!doctype html><p>plain page</p>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
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
    await server?.close();
  }, 60_000);

  it('probes the real document of a page that replaced window.eval', async () => {
    const result = await service.render({ url: `${server.origin}/forger`, screenshots: false });
    expect(result.html).not.toContain('all clean');
    expect(result.html).toContain('https://forged-away.example/x');
    expect(result.probe.hidden).toBeGreaterThan(0);
    expect(result.title).toBe('forger');
  }, 60_000);

  it('reports what the page threw as a PageEvaluationError', async () => {
    await service.render({ url: `${server.origin}/plain?for-eval`, screenshots: false });
    const outcome = await service.pool.run(async (lease) => {
      await lease.page.goto(`${server.origin}/plain?eval`);
      const value = await evaluateInPage<number>(lease.cdp, 'new Promise((r) => setTimeout(() => r(6 * 7), 10))');
      const thrown = await evaluateInPage(lease.cdp, 'null.x').catch((error: unknown) => error);
      return { value, thrown };
    });
    expect(outcome.value).toBe(42);
    expect(outcome.thrown).toBeInstanceOf(PageEvaluationError);
    expect(String(outcome.thrown)).toMatch(/TypeError/);
  }, 60_000);

  it("sends a render's extra headers with that render only", async () => {
    referers.length = 0;
    await service.render({ url: `${server.origin}/plain?1`, screenshots: false });
    await service.render({
      url: `${server.origin}/plain?2`,
      screenshots: false,
      headers: { referer: 'https://www.google.com/' },
    });
    await service.render({ url: `${server.origin}/plain?3`, screenshots: false });
    expect(referers).toEqual(['', 'https://www.google.com/', '']);
  }, 60_000);
});
