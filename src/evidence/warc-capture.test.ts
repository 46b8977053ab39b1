import { createHash } from 'node:crypto';
import type http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import type { FetchResult, Fetcher } from '../fetch/types.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import type { Check } from '../store/types.ts';
import { readWarc } from './test-warc.ts';
import { buildCaptureWarc, type CaptureInput } from './warc-capture.ts';

const DEFACED = Buffer.from(
  '<!DOCTYPE html><html><head><title>Hacked by X</title></head><body><h1>Hacked by X</h1></body></html>',
);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function routes(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.url === '/old') {
    res.writeHead(302, { Location: '/news/', 'Content-Length': '0' });
    res.end();
  } else if (req.url === '/news/') {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Encoding': 'gzip',
      Server: 'Apache/2.4',
      'Set-Cookie': ['s=1', 't=2'],
    });
    res.end(gzipSync(DEFACED));
  } else if (req.url === '/plain') {
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(DEFACED.length) });
    res.end(DEFACED);
  } else {
    res.writeHead(503, { 'Content-Type': 'text/html' });
    res.end('<h1>down</h1>');
  }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function checkOf(result: FetchResult, id = 41): Check {
  const info = result.ok ? result.page : result.failure;
  return {
    id,
    pageId: 3,
    startedAt: 1_760_000_000_000,
    durationMs: 12,
    outcome: result.ok ? 'ok' : result.failure.outcome,
    httpStatus: info.status,
    redirects: info.redirects,
    headers: info.headers,
    bodyBytes: null,
    bodySha256: result.ok ? result.page.bodySha256 : null,
    bodyKept: true,
    charset: null,
    remoteAddress: info.remoteAddress,
    verdict: result.ok ? 'tampered' : 'down',
    reasons: [{ code: 'defacer-headline', severity: 'high', message: 'The headline reads "Hacked by X" <script>' }],
    seenCount: 1,
    lastSeenAt: null,
  };
}

describe('capture WARC', () => {
  let server: TestServer;
  let fetcher: Fetcher;
  beforeAll(async () => {
    server = await startHttpServer(routes);
    fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
  });
  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  async function capture(path: string, extra: Partial<CaptureInput> = {}): Promise<ReturnType<typeof readWarc>> {
    const fetch = await fetcher.fetch({ url: `${server.origin}${path}` });
    const input: CaptureInput = {
      trigger: 'tampered',
      page: { id: 3, url: `${server.origin}${path}` },
      check: checkOf(fetch),
      fetch,
      mamoriVersion: '0.1.0',
      capturedAt: 1_760_000_000_500,
      ...extra,
    };
    return readWarc(buildCaptureWarc(input, 'x.warc.gz').bytes);
  }

  it('writes WARC/1.1 request and response records per hop that warcio reads back', async () => {
    const records = await capture('/old');
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'request', 'response', 'metadata']);
    expect(new Set(records.map((r) => r.version))).toEqual(new Set(['WARC/1.1']));
    const [, req1, res1, req2, res2] = records;
    expect(req1!.statusline).toBe('GET /old HTTP/1.1');
    expect(req1!.httpHeaders).toContainEqual(['user-agent', TEST_UA]);
    expect(res1!.statusline).toBe('HTTP/1.1 302 Found');
    expect(res1!.warc.get('WARC-Truncated')).toBeUndefined();
    expect(req2!.warc.get('WARC-Target-URI')).toBe(`${server.origin}/news/`);
    expect(res2!.warc.get('WARC-IP-Address')).toBe('127.0.0.1');
    expect(res2!.warc.get('WARC-Concurrent-To')).toBe(req2!.warc.get('WARC-Record-ID'));
    expect(res2!.warc.get('WARC-Date')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('stores the analysed body under the server header lines, with the wire framing renamed, and digests that match', async () => {
    const records = await capture('/old');
    const response = records[4]!;
    expect(response.payload.equals(DEFACED)).toBe(true);
    expect(response.warc.get('WARC-Payload-Digest')).toBe(`sha256:${sha(DEFACED)}`);
    expect(response.httpHeaders).toContainEqual(['X-Mamori-Original-Content-Encoding', 'gzip']);
    expect(response.httpHeaders).toContainEqual(['X-Mamori-Original-Transfer-Encoding', 'chunked']);
    expect(response.httpHeaders).toContainEqual(['Content-Length', String(DEFACED.length)]);
    expect(response.httpHeaders.filter(([n]) => n === 'Set-Cookie')).toEqual([
      ['Set-Cookie', 's=1'],
      ['Set-Cookie', 't=2'],
    ]);
    const meta = JSON.parse(records[5]!.payload.toString('utf8')) as {
      fetch: { exchanges: { responseHeaderLines: string[] }[] };
      check: { reasons: { message: string }[] };
    };
    expect(meta.fetch.exchanges[1]!.responseHeaderLines).toContain('Content-Encoding: gzip');
    expect(meta.check.reasons[0]!.message).toContain('<script>');
    expect(records[5]!.warc.get('WARC-Refers-To')).toBe(response.warc.get('WARC-Record-ID'));
  });

  it('keeps header lines verbatim when they already describe the stored body', async () => {
    const records = await capture('/plain');
    expect(records[2]!.httpHeaders.map(([n]) => n)).not.toContain('X-Mamori-Original-Content-Length');
    expect(records[2]!.httpHeaders.filter(([n]) => n.toLowerCase() === 'content-length')).toEqual([
      ['Content-Length', String(DEFACED.length)],
    ]);
  });

  it('records a failed check (HTTP 503) with its error page, and rendered resources', async () => {
    const records = await capture('/down', {
      trigger: 'down',
      rendered: {
        screenshots: [{ label: 'desktop 1280', png: PNG }],
        renderedDom: '<html><body>après script</body></html>',
      },
    });
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'metadata', 'resource', 'resource']);
    expect(records[2]!.statusline).toBe('HTTP/1.1 503 Service Unavailable');
    expect(records[2]!.payload.toString()).toBe('<h1>down</h1>');
    const [shot, dom] = records.slice(4);
    expect(shot!.warc.get('Content-Type')).toBe('image/png');
    expect(shot!.warc.get('WARC-Target-URI')).toBe(`urn:mamori:screenshot:desktop%201280:${server.origin}/down`);
    expect(shot!.payload.equals(PNG)).toBe(true);
    expect(shot!.warc.get('WARC-Block-Digest')).toBe(`sha256:${sha(PNG)}`);
    expect(dom!.payload.toString('utf8')).toBe('<html><body>après script</body></html>');
  });

  it('records a connection that never answered as warcinfo and metadata only', async () => {
    const fetch = await fetcher.fetch({ url: 'http://127.0.0.1:1/' });
    const input: CaptureInput = {
      trigger: 'down',
      page: { id: 3, url: 'http://127.0.0.1:1/' },
      check: checkOf(fetch),
      fetch,
      mamoriVersion: '0.1.0',
      capturedAt: 1,
    };
    const records = await readWarc(buildCaptureWarc(input, 'x.warc.gz').bytes);
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'metadata']);
    expect(records[1]!.payload.toString()).toContain('"outcome": "connect"');
  });
});
