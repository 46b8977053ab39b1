import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageHandler } from './page-handler.ts';
import { createRemoteAddressTracker } from './remote-address.ts';
import type { Abortable } from './shared-deadlines.ts';
import {
  LOOPBACK_OK,
  TEST_LIMITS,
  TEST_UA,
  closedPort,
  page,
  startHttpServer,
  startRawServer,
  writeForever,
} from './test-servers.ts';
import type { TestServer } from './test-servers.ts';
import { createFetcher } from './undici-fetcher.ts';

const HTML = '<!DOCTYPE html><html><body>here</body></html>';

const ROUTES: Record<string, (res: http.ServerResponse) => void> = {
  '/page': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(HTML);
  },
  // A redirect whose body never ends: draining it must stop, not wait for the deadline.
  '/endless-redirect': (res) => {
    res.writeHead(302, { location: '/page', 'content-type': 'text/html' });
    writeForever(res, Buffer.alloc(16 * 1024, 'x'));
  },
};

let server: TestServer;
const agent = new Agent();
const tracker = createRemoteAddressTracker();

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (route) return route(res);
    res.writeHead(404);
    res.end();
  });
});

afterAll(async () => {
  tracker.dispose();
  await agent.close();
  await server.close();
});

function dispatch(url: URL, inFlight: Set<Abortable>): PageHandler {
  const handler = new PageHandler(tracker.slot(url), tracker.mark, 1 << 20, inFlight);
  agent.dispatch({ origin: url.origin, path: url.pathname, method: 'GET' }, handler);
  return handler;
}

const caps = { maxWireBytes: 1 << 20, maxDecodedBytes: 1 << 20 };

describe('PageHandler', () => {
  it('holds body bytes that arrive before the caller reads, and is in flight only until the response ends', async () => {
    const inFlight = new Set<Abortable>();
    const handler = dispatch(new URL('/page', server.origin), inFlight);
    expect(inFlight.has(handler)).toBe(true);
    await handler.head;
    // Nobody reads until the whole small response has arrived and ended (the handler then leaves the set).
    while (inFlight.size > 0) await sleep(5);
    const received: Buffer[] = [];
    const body = await handler.read(null, caps, { truncate: false, received, signal: new AbortController().signal });
    expect(body.bytes().toString()).toBe(HTML);
    expect(Buffer.concat(received).toString()).toBe(HTML);
  });

  it('rejects `head` with the connect error and leaves the in-flight set', async () => {
    const inFlight = new Set<Abortable>();
    const handler = dispatch(new URL(`http://127.0.0.1:${await closedPort()}/`), inFlight);
    await expect(handler.head).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(inFlight.size).toBe(0);
  });

  it('stops a request aborted before it started, with the reason given', async () => {
    const inFlight = new Set<Abortable>();
    const url = new URL('/page', server.origin);
    const handler = new PageHandler(tracker.slot(url), tracker.mark, 1 << 20, inFlight);
    const reason = new Error('stopped before start');
    handler.abort(reason);
    agent.dispatch({ origin: url.origin, path: url.pathname, method: 'GET' }, handler);
    await expect(handler.head).rejects.toBe(reason);
    expect(inFlight.size).toBe(0);
  });
});

describe('the fetcher on the dispatch handler', () => {
  it('stops draining an endless redirect body and follows the redirect', async () => {
    const fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
    try {
      const result = page(await fetcher.fetch({ url: `${server.origin}/endless-redirect` }));
      expect(result.finalUrl).toBe(`${server.origin}/page`);
      expect(result.redirects.map((hop) => hop.status)).toEqual([302]);
      expect(result.body.toString()).toBe(HTML);
    } finally {
      await fetcher.close();
    }
  });

  it('skips an informational 103 head and keeps the final head as evidence', async () => {
    const raw = await startRawServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n');
        socket.end(
          `HTTP/1.1 200 Fine\r\ncontent-type: text/html\r\ncontent-length: ${HTML.length}\r\nconnection: close\r\n\r\n${HTML}`,
        );
      });
      socket.on('error', () => undefined);
    });
    const fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
    try {
      const result = page(await fetcher.fetch({ url: `${raw.origin}/` }));
      expect(result.status).toBe(200);
      expect(result.body.toString()).toBe(HTML);
      const exchange = result.exchanges?.[0];
      expect(exchange?.statusText).toBe('Fine');
      expect(exchange?.rawHeaders.map(([name]) => name.toLowerCase())).toEqual([
        'content-type',
        'content-length',
        'connection',
      ]);
    } finally {
      await fetcher.close();
      await raw.close();
    }
  });
});
