import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, failure, page, startHttpServer, writeForever } from './test-servers.ts';
import type { TestServer } from './test-servers.ts';
import type { Fetcher } from './types.ts';
import { createFetcher } from './undici-fetcher.ts';

const LIMITS = TEST_LIMITS;
const UA = TEST_UA;

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
/** <p>日本国憲法は、国民主権、基本的人権の尊重、平和主義の三つを基本原理としています。</p> */
const SENTENCE_TEXT = '<p>日本国憲法は、国民主権、基本的人権の尊重、平和主義の三つを基本原理としています。</p>';
const SENTENCE_SJIS =
  hex(`3c703e93fa967b8d918c9b964082cd81418d9196af8ee58ca081418aee967b9349906c8ca082cc91b88f64814195bd98618ee58b6082cc8e4f
  82c282f08aee967b8cb4979d82c682b582c482a282dc82b781423c2f703e`);
const SENTENCE_EUCJP =
  hex(`3c703ec6fccbdcb9f1b7fbcba1a4cfa1a2b9f1ccb1bce7b8a2a1a2b4f0cbdcc5aabfcdb8a2a4cec2babdc5a1a2cabfcfc2bce7b5c1a4cebbb0
  a4c4a4f2b4f0cbdcb8b6cdfda4c8a4b7a4c6a4a4a4dea4b9a1a33c2f703e`);
/** 「法令」 in Shift_JIS */
const HOREI_SJIS = hex('964097df');

const html = (body: string | Buffer, head = ''): Buffer =>
  Buffer.concat([
    Buffer.from(`<!DOCTYPE html><html><head>${head}<title>t</title></head><body>`, 'latin1'),
    Buffer.from(body),
    Buffer.from('</body></html>'),
  ]);

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const ROUTES: Record<string, Route> = {
  '/ok': (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      server: 'test-httpd',
      'set-cookie': ['a=secret', 'b=secret'],
    });
    res.end(html('<h1>法令検索</h1>'));
  },
  '/sjis-meta': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      html(
        Buffer.concat([HOREI_SJIS, SENTENCE_SJIS]),
        '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
      ),
    );
  },
  '/eucjp': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=EUC-JP' });
    res.end(html(SENTENCE_EUCJP));
  },
  '/sjis-mislabelled': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html(Buffer.concat([SENTENCE_SJIS, SENTENCE_SJIS])));
  },
  '/garbage': (_req, res) => {
    const bytes = Buffer.alloc(3000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 0x80 + ((i * 37) % 0x40);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html(bytes));
  },
  '/gzip': (req, res) => {
    const gzip = String(req.headers['accept-encoding'] ?? '').includes('gzip');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzip ? zlib.gzipSync(html('compressed 圧縮')) : html('plain'));
  },
  '/no-type': (_req, res) => res.end(html('untyped')),
  '/no-type-binary': (_req, res) => res.end(hex('89504e470d0a1a0a0000000d49484452')),
  '/png': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    writeForever(res, Buffer.alloc(64 * 1024, 0x89));
  },
  '/sitemap': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
    res.end('<?xml version="1.0"?><urlset><url><loc>http://a.example/法令</loc></url></urlset>');
  },
  '/pdf': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.7');
  },
  '/404': (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(html('<h1>Not Found</h1> ページが見つかりません'));
  },
  '/503': (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    res.end(zlib.gzipSync(html(`<h1>Service Unavailable</h1>${'メンテナンス中 '.repeat(20_000)}`)));
  },
};

let lastRequestHeaders: http.IncomingHttpHeaders = {};

function routeRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  lastRequestHeaders = req.headers;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const route = ROUTES[path];
  if (route) return route(req, res);
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

describe('pages', () => {
  it('fetches an HTML page with selected headers, remote address and timings', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/ok` }));
    expect(result).toMatchObject({
      status: 200,
      finalUrl: `${server.origin}/ok`,
      charset: 'utf-8',
      charsetSource: 'header',
      redirects: [],
    });
    expect(result.text).toContain('<h1>法令検索</h1>');
    expect(result.headers).toMatchObject({
      server: 'test-httpd',
      'set-cookie-count': '2',
      'content-type': 'text/html; charset=utf-8',
    });
    expect(JSON.stringify(result.headers)).not.toContain('secret');
    expect(result.remoteAddress).toBe('127.0.0.1');
    expect(result.timings.headersMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.headersMs);
  });

  it('sends our user agent, offers the codings it can undo, and passes caller headers', async () => {
    page(await fetcher.fetch({ url: `${server.origin}/ok`, headers: { 'X-Extra': 'cloak-check' } }));
    expect(lastRequestHeaders['user-agent']).toBe(UA);
    expect(lastRequestHeaders['accept-encoding']).toBe('gzip, deflate, br');
    expect(lastRequestHeaders['x-extra']).toBe('cloak-check');
    page(await fetcher.fetch({ url: `${server.origin}/ok`, headers: { 'User-Agent': 'Googlebot/2.1' } }));
    expect(lastRequestHeaders['user-agent']).toBe('Googlebot/2.1');
  });

  it('decodes a Shift_JIS page that declares its charset only in a meta tag', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/sjis-meta` }));
    expect(result).toMatchObject({ charset: 'shift_jis', charsetSource: 'meta', contentType: 'text/html' });
    expect(result.text).toContain('法令');
    expect(result.text).toContain(SENTENCE_TEXT);
    expect(result.body.subarray(-50).includes(SENTENCE_SJIS.subarray(-20))).toBe(true);
  });

  it('decodes EUC-JP declared in the header', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/eucjp` }));
    expect(result).toMatchObject({ charset: 'euc-jp', charsetSource: 'header' });
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('decodes mislabelled Shift_JIS with the best guess', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/sjis-mislabelled` }));
    expect(result).toMatchObject({ charset: 'shift_jis', charsetSource: 'sniff' });
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('reports mostly undecodable bytes as bad-encoding, keeping the body', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/garbage` }));
    expect(result).toMatchObject({ outcome: 'bad-encoding', action: 'target-down', status: 200 });
    expect(result.body?.length).toBeGreaterThan(3000);
  });

  it('undoes gzip it asked for', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/gzip` }));
    expect(result.headers['content-encoding']).toBe('gzip');
    expect(result.text).toContain('compressed 圧縮');
  });

  it('accepts a body without Content-Type when it sniffs as HTML, refuses it otherwise', async () => {
    expect(page(await fetcher.fetch({ url: `${server.origin}/no-type` })).contentType).toBeNull();
    expect(failure(await fetcher.fetch({ url: `${server.origin}/no-type-binary` })).outcome).toBe(
      'unsupported-content',
    );
  });

  it('reads sitemaps and other text only when asked for text', async () => {
    expect(failure(await fetcher.fetch({ url: `${server.origin}/sitemap` })).outcome).toBe('unsupported-content');
    const xml = page(await fetcher.fetch({ url: `${server.origin}/sitemap`, accept: 'text' }));
    expect(xml.text).toContain('<loc>http://a.example/法令</loc>');
    expect(failure(await fetcher.fetch({ url: `${server.origin}/pdf`, accept: 'text' })).outcome).toBe(
      'unsupported-content',
    );
  });

  it('refuses non-HTML types without reading the body', async () => {
    const png = failure(await fetcher.fetch({ url: `${server.origin}/png` }));
    expect(png).toMatchObject({ outcome: 'unsupported-content', action: 'misconfigured', status: 200, body: null });
    expect(png.message).toContain('image/png');
    expect(failure(await fetcher.fetch({ url: `${server.origin}/pdf` })).outcome).toBe('unsupported-content');
  });

  it('reuses keep-alive connections and caps them per origin', async () => {
    const local = await startHttpServer(routeRequest);
    const capped = createFetcher({ limits: LIMITS, policy: LOOPBACK_OK, userAgent: UA, connectionsPerOrigin: 1 });
    try {
      const results = await Promise.all([1, 2, 3, 4].map(() => capped.fetch({ url: `${local.origin}/ok` })));
      expect(results.map((r) => page(r).remoteAddress)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1']);
      expect(local.connections()).toBe(1);
    } finally {
      await capped.close();
      await local.close();
    }
  });
});

describe('HTTP errors', () => {
  it('classifies 404 as http-4xx and keeps its body', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/404` }));
    expect(result).toMatchObject({ outcome: 'http-4xx', action: 'target-down', status: 404 });
    expect(result.body?.toString()).toContain('ページが見つかりません');
  });

  it('classifies 503 as http-5xx and keeps the first 64 KB of its (gzipped) body', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/503` }));
    expect(result).toMatchObject({ outcome: 'http-5xx', action: 'target-down', status: 503 });
    expect(result.body?.length).toBe(64 * 1024);
    expect(result.body?.toString()).toContain('Service Unavailable');
  });
});
