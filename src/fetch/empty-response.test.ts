import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, failure, page, startHttpServer, type TestServer } from './test-servers.ts';
import { createFetcher } from './undici-fetcher.ts';
import type { Fetcher } from './types.ts';

describe('success statuses with no page in them', () => {
  let server: TestServer;
  let fetcher: Fetcher;
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === '/no-content') res.writeHead(204).end();
      else if (req.url === '/reset') res.writeHead(205, { 'content-length': '0' }).end();
      else if (req.url === '/empty') res.writeHead(200, { 'content-length': '0' }).end();
      else if (req.url === '/empty-html') res.writeHead(200, { 'content-type': 'text/html' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
  });
  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  for (const [path, status] of [
    ['/no-content', '204'],
    ['/reset', '205'],
    ['/empty', '200'],
  ] as const) {
    it(`${path}: an empty response the target is to blame for, not our configuration`, async () => {
      const f = failure(await fetcher.fetch({ url: `${server.origin}${path}` }));
      expect(f).toMatchObject({ outcome: 'unsupported-content', action: 'target-down', status: Number(status) });
      expect(f.message).toContain('Empty response');
      expect(f.message).toContain(status);
    });
  }

  it('still reads an empty page that says it is HTML as a page, and still calls JSON misconfigured', async () => {
    expect(page(await fetcher.fetch({ url: `${server.origin}/empty-html` })).body.length).toBe(0);
    expect(failure(await fetcher.fetch({ url: `${server.origin}/json` }))).toMatchObject({
      outcome: 'unsupported-content',
      action: 'misconfigured',
    });
  });
});
