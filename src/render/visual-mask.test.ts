/**
 * Real Chromium on a loopback page whose news list changes on every visit: the regions the rendered
 * baseline learnt as churning come back as boxes with the screenshots, and with them masked the pixel
 * diff of two renders finds nothing, where unmasked it finds the news text.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgePage } from '../core/judge.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { executableProblem, DEFAULT_EXECUTABLE_PATH } from './browser-launch.ts';
import { RenderService } from './render-service.ts';
import { diffScreenshots } from './visual-diff.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

const HEADLINES = [
  'Budget for the coming year published',
  'Road works on the eastern route',
  'Consultation on data rules opens',
  'New office hours from April',
];

function page(visit: number): string {
  const items = [0, 1]
    .map((i) => `<li>${HEADLINES[(visit + i) % HEADLINES.length]} (${visit + i} December)</li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><title>Ministry</title></head><body style="margin:0;font:16px sans-serif">
<h1 style="height:60px;margin:0">Ministry notices</h1><ul class="news" style="margin:0;height:80px">${items}</ul>
<p style="margin:0">Contact the ministry by post or telephone during office hours.</p></body></html>`;
}

describe.skipIf(chromiumMissing !== null)('masking learnt churning regions in the pixel diff', () => {
  let server: TestServer;
  let service: RenderService;
  let visits = 0;

  beforeAll(async () => {
    server = await startHttpServer((_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(visits++));
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

  it('returns the boxes of the volatile regions and leaves them out of the diff', async () => {
    const url = `${server.origin}/`;
    const first = await service.renderModel({ url, screenshots: true });
    const learnt = judgePage(first.model, null, { minSamples: 1 });
    const second = await service.renderModel({ url, screenshots: true });
    const relearnt = judgePage(second.model, learnt.baseline, { minSamples: 1 });
    expect(relearnt.verdict.kind).toBe('changed');
    const volatile = relearnt.baseline?.volatilePaths ?? [];
    expect(volatile.some((p) => p.includes('ul.news'))).toBe(true);

    const third = await service.renderModel({ url, screenshots: true, maskPaths: volatile });
    expect(first.result.masks).toEqual([]);
    expect(third.result.masks.length).toBeGreaterThan(0);
    // The list sits below the 60 px heading: the boxes are where it is drawn.
    for (const box of third.result.masks) expect(box.y).toBeGreaterThanOrEqual(59);

    const before = second.result.screenshots!.viewport;
    const after = third.result.screenshots!.viewport;
    const unmasked = diffScreenshots(before, after);
    const masked = diffScreenshots(before, after, third.result.masks);
    if (!unmasked.ok || !masked.ok) throw new Error('screenshots not comparable');
    expect(unmasked.diff.changedPixels).toBeGreaterThan(100);
    expect(masked.diff.maskedPixels).toBeGreaterThan(0);
    expect(masked.diff.changedPixels).toBe(0);
  }, 120_000);

  it('ignores paths that are not selectors instead of failing the render', async () => {
    const { result } = await service.renderModel({
      url: `${server.origin}/`,
      screenshots: true,
      maskPaths: ['html>>body[', 'ul.news>li'],
    });
    expect(result.masks.length).toBe(2);
  }, 60_000);
});
