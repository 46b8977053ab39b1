/**
 * What the fetcher keeps for evidence: the request head as written, the response header lines as
 * received (order, case, repeats), one exchange per redirect hop, and the TLS peer chain.
 */
import https from 'node:https';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, opensslFingerprint, type TestPki } from '../evidence/test-pki.ts';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, failure, page, startHttpServer, startRawServer } from './test-servers.ts';
import type { TestServer } from './test-servers.ts';
import type { Fetcher } from './types.ts';
import { createFetcher } from './undici-fetcher.ts';

const HTML = '<!DOCTYPE html><html><head><title>t</title></head><body><h1>法令</h1></body></html>';

function routes(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.url === '/moved') {
    res.writeHead(301, { Location: '/final' });
    res.end();
    return;
  }
  if (req.url === '/down') {
    res.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '60' });
    res.end('<h1>maintenance</h1>');
    return;
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('X-Odd-Case', 'Kept');
  res.setHeader('Set-Cookie', ['a=1', 'b=2']);
  res.end(HTML);
}

describe('fetcher evidence capture', () => {
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

  it('keeps each hop: request head as sent, status, raw header lines in order with repeats', async () => {
    const result = page(await fetcher.fetch({ url: `${server.origin}/moved` }));
    const [hop, last] = result.exchanges ?? [];
    expect(result.exchanges).toHaveLength(2);
    expect(hop).toMatchObject({
      url: `${server.origin}/moved`,
      status: 301,
      statusText: 'Moved Permanently',
      remoteAddress: '127.0.0.1',
      tls: null,
    });
    expect(hop!.requestHead!.split('\r\n')[0]).toBe('GET /moved HTTP/1.1');
    expect(hop!.requestHead).toContain(`user-agent: ${TEST_UA}`);
    expect(hop!.requestHead).toContain(`host: 127.0.0.1:${server.port}`);
    expect(hop!.requestHead!.endsWith('\r\n')).toBe(false);
    expect(hop!.rawHeaders).toContainEqual(['Location', '/final']);
    expect(last!.status).toBe(200);
    const names = last!.rawHeaders.map(([name]) => name);
    expect(names.filter((n) => n === 'Set-Cookie')).toHaveLength(2);
    expect(names.indexOf('Content-Type')).toBeLessThan(names.indexOf('X-Odd-Case'));
    expect(last!.rawHeaders).toContainEqual(['X-Odd-Case', 'Kept']);
    expect(typeof last!.sentAt).toBe('number');
  });

  it('keeps the exchange of an error response in the failure', async () => {
    const result = failure(await fetcher.fetch({ url: `${server.origin}/down` }));
    expect(result.exchanges).toHaveLength(1);
    expect(result.exchanges![0]!.rawHeaders).toContainEqual(['Retry-After', '60']);
  });

  it('has no exchange when nothing answered', async () => {
    const raw = await startRawServer((socket) => socket.destroy());
    try {
      const result = failure(await fetcher.fetch({ url: `${raw.origin}/` }));
      expect(result.exchanges).toEqual([]);
    } finally {
      await raw.close();
    }
  });
});

describe('fetcher TLS summary', () => {
  let pki: TestPki;
  let server: https.Server;
  let origin: string;
  let fetcher: Fetcher;
  beforeAll(async () => {
    pki = await createTestPki();
    const leaf = await pki.issue('server', '/CN=localhost/O=Estate Server', [
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    // The server sends its chain (leaf + CA), as real servers send their intermediates.
    server = https.createServer({ key: leaf.key, cert: leaf.cert + pki.ca.cert }, routes);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fetcher = createFetcher({
      limits: TEST_LIMITS,
      policy: LOOPBACK_OK,
      userAgent: TEST_UA,
      extraCaCertificates: [pki.ca.cert],
    });
  });
  afterAll(async () => {
    await fetcher.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pki.remove();
  });

  it('summarises the peer chain, leaf first, with SHA-256 fingerprints as openssl gives them', async () => {
    const first = page(await fetcher.fetch({ url: `${origin}/a` }));
    const tls = first.exchanges![0]!.tls!;
    expect(tls.authorized).toBe(true);
    expect(tls.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(tls.chain).toHaveLength(2);
    expect(tls.chain[0]).toMatchObject({
      subject: 'CN=localhost, O=Estate Server',
      issuer: 'CN=Mamori Test CA, O=Mamori tests',
      subjectAltName: 'DNS:localhost, IP Address:127.0.0.1',
    });
    expect(tls.chain[0]!.fingerprint256).toBe(await opensslFingerprint(`${pki.dir}/server.pem`));
    expect(tls.chain[1]!.fingerprint256).toBe(await opensslFingerprint(pki.ca.certPath));
    expect(tls.chain[0]!.validTo).toMatch(/GMT$/);
    // A kept-alive connection reports the same session.
    const second = page(await fetcher.fetch({ url: `${origin}/b` }));
    expect(second.exchanges![0]!.tls).toEqual(tls);
  });

  it('without the extra CA the same server is refused (the option adds roots, nothing else)', async () => {
    const strict = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
    try {
      expect(failure(await strict.fetch({ url: `${origin}/a` })).outcome).toBe('tls');
    } finally {
      await strict.close();
    }
  });
});
