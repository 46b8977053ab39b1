/**
 * Real Chromium: a slot reused for the next render shows the page to a first-time visitor. The page
 * here writes a cookie, local and session storage and IndexedDB on load, from a timer and as it is
 * left, and reports what it found, with the tab's history; rendered again in the same slot it must
 * find nothing. The slot is
 * reset by replacing the page's document in place; a page whose Content-Security-Policy refuses
 * that is reset by going to about:blank, and must find nothing either.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { executableProblem, DEFAULT_EXECUTABLE_PATH } from './browser-launch.ts';
import { RenderService } from './render-service.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

/** The CSP variant's nonce: its script runs, a `javascript:` URL cannot. */
const NONCE = 'remembering-nonce';

const rememberingPage = (
  nonce: string,
) => `<!doctype html><html><head><title>remembers</title></head><body><p id="found"></p><script nonce="${nonce}">
const found = [document.cookie, localStorage.getItem('seen'), sessionStorage.getItem('seen')].filter(Boolean);
// The tab's history says how many renders came before, and the Navigation API their addresses.
if (history.length > 2) found.push('history:' + history.length);
const earlier = navigation.entries().filter((e) => e.key !== navigation.currentEntry.key && /remember/.test(e.url));
if (earlier.length > 0) found.push('entries:' + earlier.map((e) => e.url).join(','));
// A first visit is a navigation, not a reload.
const type = performance.getEntriesByType('navigation')[0]?.type;
if (type !== 'navigate') found.push('type:' + type);
// The trap's page passing for the reset's empty document takes the token it found as its title.
const as = new URLSearchParams(location.search).get('as');
if (as) document.title = as;
const show = () => { document.getElementById('found').textContent = 'found:' + (found.join('|') || 'nothing'); };
show();
const opened = indexedDB.open('remembers', 1);
opened.onupgradeneeded = () => opened.result.createObjectStore('marks');
opened.onsuccess = () => {
  const db = opened.result;
  const read = db.transaction('marks').objectStore('marks').get('seen');
  read.onsuccess = () => { if (read.result) { found.push('idb:' + read.result); show(); } };
  const mark = (when) => {
    document.cookie = 'seen-' + when + '=1; max-age=3600; path=/';
    localStorage.setItem('seen', when);
    sessionStorage.setItem('seen', when);
    try { db.transaction('marks', 'readwrite').objectStore('marks').put(when, 'seen'); } catch {}
  };
  mark('load');
  setInterval(() => mark('timer'), 20);
  addEventListener('pagehide', () => mark('pagehide'));
  addEventListener('visibilitychange', () => mark('visibilitychange'));
  addEventListener('freeze', () => mark('freeze'));
};
</script></body></html>`;

/**
 * A page that tries to pass for the reset's empty document: it refuses `javascript:` URLs (so the
 * replacement never happens), takes over `document.addEventListener` to read the code that calls it
 * through `caller`, and goes to a blob: document of its own making (no request the network guard
 * could stop) titled with any token it found there. Had it found the token, that document would be
 * taken for the empty one and live on, writing after the clearing (it did, before the reset's code
 * was strict).
 */
const trapPage = `<!doctype html><html><head><title>trap</title>
<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-${NONCE}' blob:"></head><body>
<script nonce="${NONCE}">
document.addEventListener = function () {
  const caller = arguments.callee.caller;
  const token = caller ? /[0-9a-f]{24}/.exec(String(caller)) : null;
  if (!token) return;
  // A document of the page's own making, on its origin, with no request the network guard could stop.
  const mark = "const mark = () => { localStorage.setItem('seen', 'trap'); document.cookie = 'seen-trap=1; path=/'; };";
  const html = '<title>' + token[0] + '</title><script nonce="${NONCE}">' + mark + ' mark(); setInterval(mark, 5); addEventListener("pagehide", mark);</' + 'script>';
  location.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
};
</script></body></html>`;

describe.skipIf(chromiumMissing !== null)('a reused render slot', () => {
  let server: TestServer;
  let service: RenderService;

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = req.url ?? '';
      if (url.startsWith('/remember-csp'))
        res
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': `script-src 'nonce-${NONCE}'`,
          })
          .end(rememberingPage(NONCE));
      else if (url.startsWith('/trap'))
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(trapPage);
      else if (url.startsWith('/remember') || url === '/')
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(rememberingPage('none'));
      else res.writeHead(404).end();
    });
    // One slot, so every render reuses the page the one before it left.
    service = new RenderService({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      concurrency: 1,
      timeoutMs: 30_000,
      recyclePagesAfter: 50,
      restartBrowserAfter: 200,
      policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await server?.close();
  }, 60_000);

  /** Renders `path` four times in the one slot; each must find nothing the one before stored. */
  async function renderedAgainFindNothing(path: (i: number) => string): Promise<void> {
    for (let i = 0; i < 4; i++) {
      // Give the last page's timer time to write again, had it still been running.
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await service.render({ url: `${server.origin}${path(i)}`, screenshots: false });
      expect(again.html).toContain('found:nothing');
    }
  }

  it('keeps nothing a page stored, on load, from a timer or as it was left, its document replaced in place', async () => {
    const before = service.stats();
    await renderedAgainFindNothing((i) => `/remember?${i}`);
    const after = service.stats();
    expect(after.contextsCreated).toBe(1);
    expect(after.resetsInPlace - before.resetsInPlace).toBe(4);
    expect(after.resetsViaBlank - before.resetsViaBlank).toBe(0);
  }, 90_000);

  it('goes to about:blank, and keeps nothing, when the page refuses javascript: URLs', async () => {
    const before = service.stats();
    await renderedAgainFindNothing((i) => `/remember-csp?${i}`);
    const after = service.stats();
    expect(after.resetsViaBlank - before.resetsViaBlank).toBe(4);
    expect(after.contextsCreated).toBe(1);
  }, 90_000);

  it('shows the origin root, rendered again and again, as a first visit', async () => {
    await renderedAgainFindNothing(() => '/');
  }, 90_000);

  it('loads the page again when it is asked for at the address of the empty document, with a fragment', async () => {
    // After an in-place reset the empty document is at the origin's root: going to the root with a
    // fragment would only scroll the empty document, and the render would see nothing of the page.
    await renderedAgainFindNothing(() => '/#part');
  }, 90_000);

  it('does not take a page that read the code of the reset for the empty document', async () => {
    const before = service.stats();
    await service.render({ url: `${server.origin}/trap`, screenshots: false });
    await renderedAgainFindNothing((i) => `/remember?after-trap-${i}`);
    expect(service.stats().resetsViaBlank - before.resetsViaBlank).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
