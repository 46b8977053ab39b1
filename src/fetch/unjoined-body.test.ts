import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, page, startHttpServer } from './test-servers.ts';
import type { TestServer } from './test-servers.ts';
import type { Fetcher } from './types.ts';
import { createFetcher } from './undici-fetcher.ts';

/** A page of about 60 KB, sent in three writes a few milliseconds apart so it arrives in several chunks. */
const BODY = Buffer.from(`<!DOCTYPE html><html><body>${'<p>本日の更新はありません。</p>'.repeat(2000)}</body></html>`);
const PARTS = [BODY.subarray(0, 20_000), BODY.subarray(20_000, 40_000), BODY.subarray(40_000)];

let server: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(BODY.length) });
    let i = 0;
    const next = (): void => {
      const part = PARTS[i++];
      if (part === undefined) return void res.end();
      res.write(part);
      setTimeout(next, 5);
    };
    next();
  });
  fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe('the fetcher on a body it has seen before', () => {
  it('hashes it in its chunks and joins it only when `body` is read', async () => {
    page(await fetcher.fetch({ url: `${server.origin}/` })); // first sight: decoded, so joined
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const joinsOfTheBody = (): number =>
        concat.mock.calls.filter(([list]) => list.reduce((n, c) => n + c.length, 0) === BODY.length).length;
      const again = page(await fetcher.fetch({ url: `${server.origin}/` }));
      expect(joinsOfTheBody()).toBe(0);
      expect(again.bodySha256).toBe(createHash('sha256').update(BODY).digest('hex'));
      expect(again.bodyBytes).toBe(BODY.length);
      expect(again.body.equals(BODY)).toBe(true);
      expect(again.text).toContain('本日の更新はありません。');
    } finally {
      concat.mockRestore();
    }
  });
});
