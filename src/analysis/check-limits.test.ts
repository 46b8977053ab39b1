import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openRuntime, type Runtime } from '../app/runtime.ts';
import { loadConfig } from '../config/load.ts';
import { syncEstate } from '../estate/sync-config.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import type { Page } from '../store/types.ts';

/**
 * A long but ordinary news list. 120,000 items (9 MB, under the 10 MiB body cap) take about half a
 * second of analysis even on a quiet machine, well past the deadline below; a faster analyser that
 * made it fit would need this page made longer, not the deadline longer.
 */
function newsPage(items: number): string {
  const list = Array.from(
    { length: items },
    (_, i) => `<li><a href="/news/${i}">Notice number ${i} about the ward office</a></li>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><title>News</title></head><body><h1>News</h1><ul class="news">${list}</ul></body></html>`;
}

const DEADLINE_MS = 200;

/** The check path through the app's composition: real fetch from loopback, SQLite, the worker pool. */
describe('a check whose page cannot be analysed within limits', () => {
  let server: TestServer;
  let dir: string;
  let runtime: Runtime;
  const pages = new Map<string, Page>();
  const bodies: Record<string, string> = { '/small': newsPage(20), '/heavy': newsPage(120_000) };

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(bodies[req.url ?? ''] ?? '<h1>Not here</h1>');
    });
    dir = mkdtempSync(join(tmpdir(), 'mamori-analysis-'));
    const loaded = loadConfig({
      env: {},
      cwd: dir,
      overrides: {
        database: { url: `sqlite:${join(dir, 'mamori.db')}` },
        dataDir: join(dir, 'data'),
        log: { level: 'silent' },
        network: { allowLoopback: true },
        politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
        render: { enabled: false },
        evidence: { enabled: false },
        analysis: { workers: 1, timeoutMs: DEADLINE_MS },
        estate: {
          organisations: [
            {
              slug: 'ward-office',
              name: 'Ward office',
              sites: [
                { origin: server.origin, name: 'Ward', pages: [`${server.origin}/small`, `${server.origin}/heavy`] },
              ],
            },
          ],
        },
      },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    runtime = await openRuntime(loaded.config, pino({ level: 'silent' }));
    await syncEstate(runtime.store, loaded.config.estate.organisations, Date.now());
    for (const path of Object.keys(bodies))
      pages.set(path, (await runtime.store.getPageByUrl(`${server.origin}${path}`))!);
  });

  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is judged suspicious with the limit named, keeps its body, learns nothing, and never stalls this thread', async () => {
    // An ordinary page first: it is analysed in the pool like any other, and its baseline starts.
    const small = await runtime.checks.checkPage(pages.get('/small')!.id);
    expect(small?.check.verdict).not.toBe('suspicious');
    expect((await runtime.store.getPage(pages.get('/small')!.id))?.baseline?.samples).toBe(1);

    let largestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      largestGap = Math.max(largestGap, performance.now() - last);
      last = performance.now();
    }, 50);
    const heavy = await runtime.checks.checkPage(pages.get('/heavy')!.id).finally(() => clearInterval(ticker));
    expect(largestGap).toBeLessThan(1000);
    expect(heavy?.check.verdict).toBe('suspicious');
    expect(heavy?.check.reasons).toEqual([
      expect.objectContaining({
        code: 'analysis-limit',
        message: `The page could not be analysed within limits (time: ${DEADLINE_MS} ms).`,
      }),
    ]);
    // The check's duration includes the analysis it waited for.
    expect(heavy?.check.durationMs).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(heavy?.check.bodyKept).toBe(true);
    expect(await runtime.blobs.get(heavy!.check.bodySha256!)).not.toBeNull();
    expect((await runtime.store.getPage(pages.get('/heavy')!.id))?.baseline).toBeNull();

    // The same body again: the standing verdict, without spending another deadline on it.
    const again = await runtime.checks.checkPage(pages.get('/heavy')!.id);
    expect(again?.check.verdict).toBe('suspicious');
    expect(again?.check.reasons.map((r) => r.code)).toEqual(['analysis-limit']);
    expect(runtime.analysis.stats().replaced.time).toBe(1);
    expect((await runtime.store.getPage(pages.get('/heavy')!.id))?.baseline).toBeNull();

    // The pool carries on for the other pages.
    const smallAgain = await runtime.checks.checkPage(pages.get('/small')!.id);
    expect(smallAgain?.check.verdict).not.toBe('suspicious');
  }, 90_000);
});
