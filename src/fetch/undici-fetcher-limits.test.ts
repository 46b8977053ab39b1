import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOOPBACK_OK,
  TEST_LIMITS,
  dripForever,
  failure,
  startHttpServer,
  startRawServer,
  writeForever,
} from './test-servers.ts';
import type { TestServer } from './test-servers.ts';
import type { FetchLimits, FetchResult } from './types.ts';
import { createFetcher } from './undici-fetcher.ts';

// A 1 MiB wire cap, below the shared limits, so the endless body is cut quickly.
const LIMITS: FetchLimits = { ...TEST_LIMITS, maxBodyBytes: 1 << 20 };
const POLICY = LOOPBACK_OK;

/** 200 MB of zeros as ten concatenated gzip members (gunzip reads them as one stream): about 200 KB. */
function gzipBomb(): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(20 << 20), { level: 9 });
  return Buffer.concat(Array.from({ length: 10 }, () => member));
}

let bomb: Buffer;
let server: TestServer;

const ROUTES: Record<string, (res: http.ServerResponse) => void> = {
  '/drip': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><body>');
    dripForever(res, 200);
  },
  '/endless': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' }); // no length: chunked, forever
    writeForever(res, Buffer.from('<p>more</p>'.repeat(6000)));
  },
  '/bomb': (res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': bomb.length });
    res.end(bomb);
  },
  '/declared-huge': (res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': 50 << 20 });
    res.write('<html>'); // and never more: we must not wait for it
  },
};

beforeAll(async () => {
  bomb = gzipBomb();
  server = await startHttpServer((req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(500).end();
  });
});

afterAll(async () => {
  await server.close();
});

async function fetchWith(url: string, limits: Partial<FetchLimits> = {}): Promise<FetchResult> {
  const fetcher = createFetcher({ limits: { ...LIMITS, ...limits }, policy: POLICY, userAgent: 'Mamori-test/1.0' });
  try {
    return await fetcher.fetch({ url });
  } finally {
    await fetcher.close();
  }
}

describe('limits', () => {
  it('ends a slow-drip body at the total deadline as timeout, keeping what arrived', async () => {
    const result = failure(await fetchWith(`${server.origin}/drip`, { totalTimeoutMs: 900 }));
    expect(result).toMatchObject({ outcome: 'timeout', action: 'retry', status: 200 });
    expect(result.message).toMatch(/longer than 900 ms/);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(850);
    expect(result.body?.toString()).toMatch(/^<html><body>\.+$/);
  });

  it('stops an endless chunked body at the wire cap', async () => {
    const result = failure(await fetchWith(`${server.origin}/endless`));
    expect(result).toMatchObject({ outcome: 'too-large', action: 'target-down', status: 200 });
    expect(result.message).toMatch(/on the wire/);
    expect(result.body?.length).toBe(64 * 1024);
  });

  it('stops a gzip bomb at the decoded cap, quickly and without inflating it', async () => {
    expect(bomb.length).toBeLessThan(400_000);
    const rssBefore = process.memoryUsage().rss;
    const result = failure(await fetchWith(`${server.origin}/bomb`));
    expect(result).toMatchObject({ outcome: 'too-large', action: 'target-down' });
    expect(result.message).toMatch(/after decompression/);
    // Inflating all 200 MB would show here; reading stops a few chunks past the 4 MB cap.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 << 20);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const result = failure(await fetchWith(`${server.origin}/declared-huge`));
    expect(result).toMatchObject({ outcome: 'too-large', body: null });
    expect(result.message).toMatch(/Declared Content-Length 52428800/);
  });
});

describe('Content-Length that lies', () => {
  const rawReply = async (reply: string): Promise<FetchResult> => {
    const raw = await startRawServer((socket) => socket.once('data', () => socket.end(reply)));
    try {
      return await fetchWith(`${raw.origin}/`);
    } finally {
      await raw.close();
    }
  };

  it('reports a body cut short of its declared length as protocol', async () => {
    const result = failure(
      await rawReply('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>short'),
    );
    expect(result).toMatchObject({ outcome: 'protocol', action: 'target-down', status: 200 });
    expect(result.message).toMatch(/before sending the 100000 bytes/);
  });

  it('reads no further than a declared length shorter than what is sent', async () => {
    const result = await rawReply(
      'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 12\r\n\r\n<html><body>and a lot more that is not part of this response',
    );
    expect(result.ok && result.page.text).toBe('<html><body>');
  });

  it('reports an unparsable Content-Length as protocol', async () => {
    const result = failure(
      await rawReply('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: lots\r\n\r\n<html>'),
    );
    expect(result).toMatchObject({ outcome: 'protocol', action: 'target-down' });
  });
});
