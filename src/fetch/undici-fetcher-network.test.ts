import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOOPBACK_OK,
  TEST_LIMITS,
  TEST_UA,
  closedPort,
  failure,
  page,
  startHttpServer,
  startRawServer,
  startSelfSignedHttpsServer,
} from './test-servers.ts';
import type { TestServer } from './test-servers.ts';
import type { Fetcher, NetworkPolicy } from './types.ts';
import { createFetcher } from './undici-fetcher.ts';

const LIMITS = TEST_LIMITS;
const STRICT: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowCidrs: [] };
const UA = TEST_UA;

function redirect(res: http.ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location, 'content-type': 'text/html' });
  res.end('<a href="moved">moved</a>');
}

const ROUTES: Record<string, (res: http.ServerResponse) => void> = {
  '/ok': (res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><body>ok</body></html>');
  },
  '/redirect/a': (res) => redirect(res, 301, '/redirect/b'),
  '/redirect/b': (res) => redirect(res, 302, 'c?x=1'),
  '/redirect/c': (res) => ROUTES['/ok']?.(res),
  '/loop': (res) => redirect(res, 302, '/loop-2'),
  '/loop-2': (res) => redirect(res, 307, '/loop'),
  '/to-metadata': (res) => redirect(res, 302, 'http://169.254.169.254/latest/meta-data/'),
  '/to-file': (res) => redirect(res, 301, 'file:///etc/passwd'),
  '/no-location': (res) => {
    res.writeHead(302);
    res.end();
  },
};

function routeRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) return redirect(res, 302, `/chain/${Number(chain[1]) + 1}`);
  const route = ROUTES[path];
  if (route) return route(res);
  res.writeHead(500);
  res.end('no such route');
}

let server: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startHttpServer(routeRequest);
  fetcher = createFetcher({ limits: LIMITS, policy: LOOPBACK_OK, userAgent: UA });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe('redirects', () => {
  it('follows and records a chain, relative locations included', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/redirect/a` }));
    expect(result.finalUrl).toBe(`${server.origin}/redirect/c?x=1`);
    expect(result.requestedUrl).toBe(`${server.origin}/redirect/a`);
    expect(result.redirects).toEqual([
      { url: `${server.origin}/redirect/a`, status: 301, location: '/redirect/b' },
      { url: `${server.origin}/redirect/b`, status: 302, location: 'c?x=1' },
    ]);
    expect(result.remoteAddress).toBe('127.0.0.1');
  });

  it('stops a redirect loop', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/loop` }));
    expect(result).toMatchObject({ outcome: 'protocol', action: 'target-down' });
    expect(result.message).toMatch(/Redirect loop/);
    expect(result.redirects).toHaveLength(2);
  });

  it('stops after maxRedirects', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/chain/0` }));
    expect(result.outcome).toBe('protocol');
    expect(result.message).toMatch(/More than 5 redirects/);
    expect(result.redirects).toHaveLength(6);
  });

  it('fails a redirect without Location', async () => {
    expect(failure(await fetcher.fetch({ url: `${server.origin}/no-location` })).message).toMatch(/no Location/);
  });

  it('refuses a redirect to the metadata endpoint, even with allowLoopback', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/to-metadata` }));
    expect(result).toMatchObject({ outcome: 'blocked', action: 'misconfigured' });
    expect(result.message).toMatch(/169\.254\.169\.254 is a cloud metadata endpoint/);
    expect(result.redirects).toEqual([
      { url: `${server.origin}/to-metadata`, status: 302, location: 'http://169.254.169.254/latest/meta-data/' },
    ]);
  });

  it('follows a Location sent as raw UTF-8 bytes (a Japanese path) as browsers do', async () => {
    const raw = await startRawServer((socket) => {
      socket.once('data', (data: Buffer) => {
        const path = data.toString('latin1').split(' ')[1] ?? '';
        if (path === '/start') {
          const head = Buffer.from(
            'HTTP/1.1 302 Found\r\nContent-Length: 0\r\nConnection: close\r\nLocation: /法令/検索\r\n\r\n',
            'utf8',
          );
          socket.end(head);
        } else {
          socket.end(
            `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>${path}</body></html>`,
          );
        }
      });
    });
    try {
      const result = page(await fetcher.fetch({ url: `${raw.origin}/start` }));
      expect(result.finalUrl).toBe(`${raw.origin}/%E6%B3%95%E4%BB%A4/%E6%A4%9C%E7%B4%A2`);
      expect(result.redirects[0]?.location).toBe('/法令/検索');
      expect(result.text).toContain('/%E6%B3%95%E4%BB%A4/%E6%A4%9C%E7%B4%A2');
    } finally {
      await raw.close();
    }
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/to-file` }));
    expect(result).toMatchObject({ outcome: 'blocked', action: 'misconfigured' });
    expect(result.message).toMatch(/only http: and https:/);
  });
});

describe('network policy and connection failures', () => {
  it('refuses loopback without allowLoopback, for literal IPs and for names resolved at connect time', async () => {
    const strict = createFetcher({ limits: LIMITS, policy: STRICT, userAgent: UA });
    try {
      const literal = failure(await strict.fetch({ url: `${server.origin}/ok` }));
      expect(literal).toMatchObject({ outcome: 'blocked', action: 'misconfigured' });
      const byName = failure(await strict.fetch({ url: `http://localhost:${server.port}/ok` }));
      expect(byName).toMatchObject({ outcome: 'blocked', action: 'misconfigured' });
      expect(byName.message).toMatch(/localhost resolves only to refused addresses/);
    } finally {
      await strict.close();
    }
  });

  it('refuses bad URLs and schemes up front', async () => {
    expect(failure(await fetcher.fetch({ url: 'not a url' }))).toMatchObject({
      outcome: 'blocked',
      action: 'misconfigured',
    });
    expect(failure(await fetcher.fetch({ url: 'ftp://example.go.jp/' })).outcome).toBe('blocked');
  });

  it('classifies a name that does not resolve as dns', async () => {
    const result = failure(await fetcher.fetch({ url: 'http://mamori-test.invalid/' }));
    expect(result.outcome).toBe('dns');
    expect(result.status).toBeNull();
  });

  it('classifies a closed port as connect / target-down', async () => {
    const port = await closedPort();
    expect(failure(await fetcher.fetch({ url: `http://127.0.0.1:${port}/` }))).toMatchObject({
      outcome: 'connect',
      action: 'target-down',
    });
  });

  it('classifies a self-signed certificate as tls', async () => {
    const tlsServer = await startSelfSignedHttpsServer(routeRequest);
    try {
      const result = failure(await fetcher.fetch({ url: `${tlsServer.origin}/ok` }));
      expect(result).toMatchObject({ outcome: 'tls', action: 'target-down' });
      expect(result.message).toMatch(/SELF_SIGNED|self-signed/i);
    } finally {
      await tlsServer.close();
    }
  });

  it('classifies a malformed HTTP response as protocol', async () => {
    const raw = await startRawServer((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nBroken Header Line\r\n\r\n<html>'),
      );
    });
    try {
      expect(failure(await fetcher.fetch({ url: `${raw.origin}/` }))).toMatchObject({
        outcome: 'protocol',
        action: 'target-down',
      });
    } finally {
      await raw.close();
    }
  });

  it('fails a content-encoding it did not offer as protocol', async () => {
    const raw = await startRawServer((socket) => {
      socket.once('data', () =>
        socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: zstd\r\nContent-Length: 4\r\n\r\nzzzz',
        ),
      );
    });
    try {
      const result = failure(await fetcher.fetch({ url: `${raw.origin}/` }));
      expect(result).toMatchObject({ outcome: 'protocol', action: 'target-down' });
      expect(result.message).toMatch(/zstd/);
    } finally {
      await raw.close();
    }
  });

  it('classifies a server that never answers as timeout', async () => {
    const silent = await startRawServer(() => undefined);
    const impatient = createFetcher({
      limits: { ...LIMITS, headersTimeoutMs: 300 },
      policy: LOOPBACK_OK,
      userAgent: UA,
    });
    try {
      const result = failure(await impatient.fetch({ url: `${silent.origin}/` }));
      expect(result).toMatchObject({ outcome: 'timeout', action: 'retry' });
    } finally {
      await impatient.close();
      await silent.close();
    }
  });
});
