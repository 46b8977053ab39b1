/**
 * The browser's own security model in renders (real Chromium, real loopback servers; two ports are
 * two origins). A page at origin A that reads origin B (no CORS headers) must get nothing, as in a
 * visitor's browser: its JS sees a CORS error and its beacons back to A carry no secret. Names that
 * resolve to refused addresses, and redirects to them, are refused where the connection is opened.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsLookupAll } from '../fetch/ssrf-guard.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { DEFAULT_EXECUTABLE_PATH, executableProblem } from './browser-launch.ts';
import { RenderService } from './render-service.ts';
import type { BlockedRequest, FailedRequest, RenderSession } from './render-session.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

/** Names the test maps: one to loopback (allowed by the test policy), one to a private address (refused by it). */
const NAMES: Record<string, string> = { 'site-b.test': '127.0.0.1', 'intranet.test': '10.20.30.40' };
const resolve: DnsLookupAll = (hostname, _options, callback) => {
  const address = NAMES[hostname];
  if (address === undefined) callback(Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' }), []);
  else callback(null, [{ address, family: 4 } satisfies LookupAddress]);
};

/** The page's script: each probe ends in one beacon (an image request to A) saying what it got. */
const PROBES = (b: string): string => `<script>
const send = (k, v) => { new Image().src = '/beacon?' + k + '=' + encodeURIComponent(String(v).slice(0, 300)); };
fetch('${b}/secret').then((r) => r.text()).then((t) => send('fetch', 'read:' + t), (e) => send('fetch', 'error:' + e.name));
const x = new XMLHttpRequest();
x.open('GET', '${b}/secret');
x.onload = () => send('xhr', 'read:' + x.status + ':' + x.responseText);
x.onerror = () => send('xhr', 'error:' + x.status);
x.send();
const s = document.createElement('script');
s.src = '${b}/data.json';
s.onload = () => send('script', 'loaded:' + JSON.stringify(window.leaked ?? null));
s.onerror = () => send('script', 'error');
document.head.appendChild(s);
const i = new Image();
i.onload = () => send('image', 'loaded:' + i.naturalWidth);
i.onerror = () => send('image', 'error');
i.src = '${b}/pixel.gif';
</script>`;

const REFUSED = `<script>
const send = (k, v) => { new Image().src = '/beacon?' + k + '=' + encodeURIComponent(String(v).slice(0, 300)); };
const probe = (k, url) => fetch(url).then((r) => r.text()).then((t) => send(k, 'read:' + t), (e) => send(k, 'error:' + e.name));
probe('named', 'http://intranet.test/secret');
probe('hop-named', '/hop?to=' + encodeURIComponent('http://intranet.test/secret'));
probe('hop-metadata', '/hop?to=' + encodeURIComponent('http://169.254.169.254/latest/meta-data/'));
</script>`;

/** A script bigger than the render's byte cap; chains of same-origin redirects that together pass its request cap. */
const BYTES = (b: string): string => `<script>
const s = document.createElement('script');
s.src = '${b}/big.js';
s.onload = () => { window.outcome = 'loaded'; };
s.onerror = () => { window.outcome = 'error'; };
document.head.appendChild(s);
</script>`;
const CHAINS = `<script>
Promise.allSettled([1, 2, 3].map((n) => fetch('/chain?left=15&n=' + n))).then((r) => { window.outcome = r.map((x) => x.status).join(); });
</script>`;

const MAX_BYTES = 256 * 1024;
const MAX_REQUESTS = 40;

/**
 * Until every request the guard let through has ended: the browser reports ends and failures as
 * events, which can arrive after the page has already told its server the outcome.
 */
async function quiet(session: RenderSession): Promise<void> {
  for (let i = 0; i < 200 && session.inflight > 0; i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 100));
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

describe.skipIf(chromiumMissing !== null)('renders keep the browser security model (real Chromium)', () => {
  const secret = `secret-${randomUUID()}`;
  const beacons: URLSearchParams[] = [];
  const bHits: string[] = [];
  let a: TestServer;
  let b: TestServer;
  let service: RenderService;

  beforeAll(async () => {
    b = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      bHits.push(req.url ?? '');
      if (req.url === '/secret') res.writeHead(200, { 'content-type': 'text/plain' }).end(secret);
      else if (req.url === '/data.json')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secret }));
      else if (req.url === '/pixel.gif') res.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
      else if (req.url === '/big.js')
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(`/*${'x'.repeat(2 * MAX_BYTES)}*/`);
      else res.writeHead(404).end();
    });
    a = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://a');
      if (url.pathname === '/beacon') {
        beacons.push(url.searchParams);
        res.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
      } else if (url.pathname === '/hop') {
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
      } else if (url.pathname === '/chain') {
        const left = Number(url.searchParams.get('left'));
        if (left <= 0)
          res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('end');
        else res.writeHead(302, { location: `/chain?left=${left - 1}&n=${url.searchParams.get('n') ?? ''}` }).end();
      } else if (url.pathname === '/bytes') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A</title>${BYTES(b.origin)}`);
      } else if (url.pathname === '/chains') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A</title>${CHAINS}`);
      } else if (url.pathname === '/cross') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A</title>${PROBES(b.origin)}`);
      } else if (url.pathname === '/refused') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A</title>${REFUSED}`);
      } else res.writeHead(404).end();
    });
    service = new RenderService({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      concurrency: 1,
      timeoutMs: 45_000,
      recyclePagesAfter: 20,
      restartBrowserAfter: 200,
      policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
      resolve,
      maxBytes: MAX_BYTES,
      maxRequests: MAX_REQUESTS,
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await a?.close();
    await b?.close();
  }, 60_000);

  /** Renders `path` on A and waits until the page has sent a beacon for each of `keys`. */
  async function render(
    path: string,
    keys: string[],
  ): Promise<{ got: Map<string, string>; blocked: BlockedRequest[]; failed: FailedRequest[] }> {
    beacons.length = 0;
    return service.pool.run(async ({ page, session }) => {
      session.homeHost = '127.0.0.1';
      await page.goto(`${a.origin}${path}`, { waitUntil: 'load' });
      const got = new Map<string, string>();
      for (let i = 0; i < 400 && !keys.every((k) => got.has(k)); i++) {
        await page.waitForTimeout(25);
        for (const params of beacons) for (const [k, v] of params) got.set(k, v);
      }
      await quiet(session);
      return { got, blocked: [...session.blocked], failed: [...session.failed] };
    });
  }

  /** Renders `path` on A and reads `window.outcome` once the page has set it (for pages whose beacons the caps would stop). */
  async function renderOutcome(path: string): Promise<{ outcome: unknown; blocked: BlockedRequest[] }> {
    return service.pool.run(async ({ page, session }) => {
      session.homeHost = '127.0.0.1';
      await page.goto(`${a.origin}${path}`, { waitUntil: 'load' });
      const outcome = await (await page.waitForFunction('window.outcome', undefined, { timeout: 20_000 })).jsonValue();
      await quiet(session);
      return { outcome, blocked: [...session.blocked] };
    });
  }

  it('gives a page nothing of another origin that sends no CORS headers: fetch, XHR and a script of its JSON', async () => {
    const { got } = await render('/cross', ['fetch', 'xhr', 'script', 'image']);
    // What reached A is everything the page could carry out: the secret must not be in it.
    const carried = beacons.map((p) => p.toString()).join('\n');
    expect(carried).not.toContain(secret);
    expect(carried).not.toContain(encodeURIComponent(secret));
    expect(got.get('fetch')).toBe('error:TypeError');
    expect(got.get('xhr')).toBe('error:0');
    expect(got.get('script')).not.toContain(secret);
    // The requests did go out through the browser's network stack (B saw them); only reading was refused.
    expect(bHits).toContain('/secret');
    // An image of the other origin (no CORS needed) still loads through the guarding proxy.
    expect(got.get('image')).toBe('loaded:1');
  }, 90_000);

  it('refuses a subresource whose name resolves to a refused address, and a redirect to one, at connect time', async () => {
    const { got, blocked } = await render('/refused', ['named', 'hop-named', 'hop-metadata']);
    for (const key of ['named', 'hop-named', 'hop-metadata']) expect(got.get(key), key).toBe('error:TypeError');
    const refusals = blocked.filter((r) => r.reason === 'policy');
    expect(
      refusals.some(
        (r) =>
          r.url.startsWith('http://intranet.test/') && r.resourceType === 'fetch' && /10\.20\.30\.40/.test(r.message),
      ),
    ).toBe(true);
    expect(refusals.some((r) => r.url.startsWith('http://169.254.169.254/') && /metadata/.test(r.message))).toBe(true);
  }, 90_000);

  it("keeps the render's byte cap on what Chromium fetches", async () => {
    const { outcome, blocked } = await renderOutcome('/bytes');
    expect(outcome).toBe('error');
    expect(
      blocked.some((r) => r.reason === 'byte-cap' && r.url.endsWith('/big.js') && r.resourceType === 'script'),
    ).toBe(true);
  }, 90_000);

  it('counts the redirect hops Chromium follows against the request cap, and refuses those past it', async () => {
    const { outcome, blocked } = await renderOutcome('/chains');
    // Three chains of 15 redirects are more hops than the cap allows: the later ones are refused.
    expect(outcome).toContain('rejected');
    expect(blocked.some((r) => r.reason === 'request-cap' && r.url.includes('/chain?'))).toBe(true);
  }, 90_000);
});
