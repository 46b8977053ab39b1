/**
 * The guarding proxy with a plain client speaking the proxy protocol to it (absolute-form GET for
 * http, CONNECT then TLS for https) against real loopback servers: allowed destinations are
 * reached; literal and resolved refused addresses, methods other than GET/HEAD, byte caps and
 * requests outside a render are refused, and the refusal is recorded for the render it belongs to.
 */
import http from 'node:http';
import type { LookupAddress } from 'node:dns';
import type net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DnsLookupAll } from '../fetch/ssrf-guard.ts';
import {
  LOOPBACK_OK,
  closedPort,
  startHttpServer,
  startSelfSignedHttpsServer,
  type TestServer,
} from '../fetch/test-servers.ts';
import { GuardingProxy, type ProxyListener } from './guarding-proxy.ts';
import { RenderSession } from './render-session.ts';

const NAMES: Record<string, string> = { 'site.test': '127.0.0.1', 'intranet.test': '10.20.30.40' };
const lookups: string[] = [];
const resolve: DnsLookupAll = (hostname, _options, callback) => {
  lookups.push(hostname);
  // A rebinding name: loopback (allowed) on its first lookup, the metadata address on every later one.
  const address =
    hostname === 'rebind.test'
      ? lookups.filter((h) => h === hostname).length === 1
        ? '127.0.0.1'
        : '169.254.169.254'
      : NAMES[hostname];
  if (address === undefined) callback(Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' }), []);
  else callback(null, [{ address, family: 4 } satisfies LookupAddress]);
};

/** The proxy's verdict on a key, as the render's evidence shows it. */
function verdictOf(
  session: RenderSession,
  key: string,
): { blocked: boolean; reason?: string; message: string } | undefined {
  const block = session.blocked.find((b) => b.url === key);
  if (block) return { blocked: true, reason: block.reason, message: block.message };
  const failure = session.failed.find((f) => f.url === key);
  return failure ? { blocked: false, message: failure.message } : undefined;
}

const LIMITS = { maxRequests: 50, maxBytes: 64 * 1024, maxResourceBytes: 32 * 1024, maxRedirects: 5 };
const BIG = Buffer.alloc(48 * 1024, 'x');

interface Answer {
  status: number | null;
  body: string;
  error: string | null;
}

/** One absolute-form request through the proxy, as Chromium sends them for http: URLs. */
function viaProxy(port: number, url: string, method = 'GET'): Promise<Answer> {
  return new Promise((done) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString(), error: null }),
      );
      res.on('error', (e) =>
        done({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString(), error: e.message }),
      );
    });
    req.on('error', (e) => done({ status: null, body: '', error: e.message }));
    req.end();
  });
}

/** CONNECT host:port; the proxy's status line and, when it is 200, the socket for the tunnel. */
function connect(port: number, target: string): Promise<{ status: number; socket: net.Socket }> {
  return new Promise((done, fail) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: target, agent: false });
    req.on('connect', (res: http.IncomingMessage, socket: net.Socket) => done({ status: res.statusCode ?? 0, socket }));
    req.on('error', fail);
    req.end();
  });
}

describe('GuardingProxy', () => {
  let plain: TestServer;
  let secure: TestServer;
  let proxy: GuardingProxy;
  let listener: ProxyListener;
  let session: RenderSession | null;
  const hits: string[] = [];

  beforeAll(async () => {
    const handler: http.RequestListener = (req, res) => {
      hits.push(`${req.method} ${req.url}`);
      if (req.url === '/big') res.writeHead(200, { 'content-type': 'text/plain' }).end(BIG);
      else
        res
          .writeHead(200, { 'content-type': 'text/plain', 'x-seen-host': req.headers.host ?? '' })
          .end(`hello ${req.url}`);
    };
    plain = await startHttpServer(handler);
    secure = await startSelfSignedHttpsServer(handler);
    proxy = new GuardingProxy({ policy: LOOPBACK_OK, connectTimeoutMs: 5000, headersTimeoutMs: 5000, resolve });
    listener = await proxy.listen(() => session);
  }, 30_000);

  afterEach(() => {
    session?.end();
    session = null;
  });

  afterAll(async () => {
    await proxy?.close();
    await plain?.close();
    await secure?.close();
  });

  const newSession = (): RenderSession => (session = new RenderSession(LIMITS, performance.now() + 30_000));

  it('forwards an allowed plain-http request to the resolved address and charges its bytes to the render', async () => {
    const s = newSession();
    const answer = await viaProxy(listener.port, `http://site.test:${plain.port}/page`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('hello /page');
    expect(lookups).toContain('site.test');
    expect(s.bytes).toBeGreaterThanOrEqual('hello /page'.length);
  });

  it('refuses names that resolve to a refused address and literal refused addresses, and records why', async () => {
    const s = newSession();
    const before = hits.length;
    const named = await viaProxy(listener.port, `http://intranet.test:${plain.port}/secret`);
    const metadata = await viaProxy(listener.port, 'http://169.254.169.254/latest/meta-data/');
    expect(named.status).toBeNull();
    expect(metadata.status).toBeNull();
    const namedVerdict = verdictOf(s, `http://intranet.test:${plain.port}/secret`);
    expect(namedVerdict).toMatchObject({ blocked: true, reason: 'policy' });
    expect(namedVerdict?.message).toMatch(/10\.20\.30\.40/);
    const metadataVerdict = verdictOf(s, 'http://169.254.169.254/latest/meta-data/');
    expect(metadataVerdict?.blocked).toBe(true);
    expect(metadataVerdict?.message).toMatch(/metadata/);
    expect(hits.length).toBe(before);
  });

  it('refuses writes, and everything when no render is running', async () => {
    const s = newSession();
    const post = await viaProxy(listener.port, `http://site.test:${plain.port}/form`, 'POST');
    expect(post.status).toBeNull();
    expect(verdictOf(s, `http://site.test:${plain.port}/form`)?.reason).toBe('method');
    session = null;
    const idle = await viaProxy(listener.port, `http://site.test:${plain.port}/idle`);
    expect(idle.status).toBeNull();
    expect((await connect(listener.port, `site.test:${secure.port}`)).status).toBe(403);
    expect(hits.some((h) => h.endsWith('/form') || h.endsWith('/idle'))).toBe(false);
  });

  it('cuts a response past the byte cap and records it', async () => {
    const s = newSession();
    const answer = await viaProxy(listener.port, `http://site.test:${plain.port}/big`);
    expect(answer.body.length).toBeLessThan(BIG.length);
    expect(verdictOf(s, `http://site.test:${plain.port}/big`)?.reason).toBe('byte-cap');
  });

  it('tunnels https to an allowed name (TLS end to end) and refuses a tunnel to a refused one', async () => {
    const s = newSession();
    const { status, socket } = await connect(listener.port, `site.test:${secure.port}`);
    expect(status).toBe(200);
    const secured = tls.connect({ socket, servername: 'site.test', rejectUnauthorized: false });
    const reply = await new Promise<string>((done, fail) => {
      let text = '';
      secured.on('data', (c: Buffer) => (text += c.toString()));
      secured.on('end', () => done(text));
      secured.on('error', fail);
      secured.write('GET /tls HTTP/1.1\r\nhost: site.test\r\nconnection: close\r\n\r\n');
    });
    expect(reply).toContain('hello /tls');
    expect(s.bytes).toBeGreaterThan(0);
    expect((await connect(listener.port, 'intranet.test:443')).status).toBe(403);
    expect(verdictOf(s, 'https://intranet.test')).toMatchObject({ blocked: true, reason: 'policy' });
    expect((await connect(listener.port, '169.254.169.254:443')).status).toBe(403);
  });

  it('answers a tunnel to a closed port with a failure, not a refusal', async () => {
    const s = newSession();
    const port = await closedPort();
    expect((await connect(listener.port, `127.0.0.1:${port}`)).status).toBe(403);
    expect(verdictOf(s, `https://127.0.0.1:${port}`)).toMatchObject({ blocked: false });
  });

  it('closes a render’s tunnels when the render ends', async () => {
    const s = newSession();
    const { status, socket } = await connect(listener.port, `site.test:${secure.port}`);
    expect(status).toBe(200);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined);
    s.end();
    await expect(
      Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 5000))]),
    ).resolves.toBe('closed');
  });

  it('resolves and vets the name again for every connection, so a name rebound to a refused address is refused', async () => {
    const s = newSession();
    const first = await connect(listener.port, `rebind.test:${secure.port}`);
    expect(first.status).toBe(200);
    first.socket.destroy();
    expect((await connect(listener.port, `rebind.test:${secure.port}`)).status).toBe(403);
    expect(verdictOf(s, `https://rebind.test:${secure.port}`)?.message).toMatch(/metadata/);
  });
});
