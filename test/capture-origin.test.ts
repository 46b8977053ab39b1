/**
 * Captured pages are hostile: `mamori serve` answers on two origins. A captured body carrying
 * `<script>` and `onerror` payloads is served only by the capture listener, under the sandbox CSP,
 * to a holder of a link minted by the API; the API origin never serves it as HTML and sends its own
 * strict CSP, which frames only the capture origin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { capturePortOf, startServer, type RunningServer } from '../src/app/server.ts';
import { tempDir, testConfig, silentLog } from './helpers.ts';

const HOSTILE =
  '<html><body><h1>Hacked by X</h1><script>alert(document.cookie)</script><img src=x onerror="alert(1)"></body></html>';

describe('the capture origin', () => {
  let tmp: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let checkId: number;
  let cookie: string;

  beforeEach(async () => {
    tmp = tempDir('mamori-capture-');
    runtime = await openRuntime(testConfig(tmp.dir, { render: { enabled: false } }), silentLog);
    server = await startServer(runtime, null);
    const { store, blobs } = runtime;
    const org = await store.upsertOrganisation({ slug: 'a', name: 'A' }, 1);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://a.example' }, 1);
    const { page } = await store.addPage({ siteId: site.id, url: 'https://a.example/', source: 'declared' }, 1);
    await runtime.auth.addUser({ username: 'ana', role: 'analyst', password: 'capture-test-pw' }, Date.now());
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ana', password: 'capture-test-pw' }),
    });
    cookie = /mamori_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(cookie).not.toBe('');
    const sha = await blobs.put(Buffer.from(HOSTILE));
    checkId = (
      await store.recordCheck(
        {
          pageId: page.id,
          startedAt: 1,
          durationMs: 1,
          outcome: 'ok',
          httpStatus: 200,
          redirects: [],
          headers: {},
          bodyBytes: HOSTILE.length,
          bodySha256: sha,
          bodyKept: true,
          charset: 'utf-8',
          remoteAddress: null,
          verdict: 'tampered',
          reasons: [],
        },
        { status: 'tampered', lastBodySha256: sha },
      )
    ).id;
  });
  afterEach(async () => {
    await server.close();
    await runtime.close();
    tmp.remove();
  });

  it('serves the hostile body only from the capture origin, sandboxed, and never as HTML from the API', async () => {
    expect(server.captureUrl).not.toBe(server.url);
    const api = await fetch(`${server.url}/api/checks/${checkId}/capture-url`, { headers: { cookie } });
    expect(api.status).toBe(200);
    const csp = api.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(
      `default-src 'self'; script-src 'self'; object-src 'none'; frame-src ${server.captureUrl}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    );
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    const links = (await api.json()) as { html: string; text: string };
    expect(links.html.startsWith(`${server.captureUrl}/capture/${checkId}?`)).toBe(true);

    const html = await fetch(links.html);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(
      "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    );
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('cross-origin-resource-policy')).toBe('same-site');
    expect(await html.text()).toBe(HOSTILE);
    const text = await fetch(links.text);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');

    // The API origin: no route hands the body out as HTML, and the capture path does not exist there.
    // (/capture/… there is the dashboard's, when built, or a plain-text note: never the captured body.)
    const onApiOrigin = `/capture/${checkId}?${new URL(links.html).searchParams.toString()}`;
    expect(await (await fetch(`${server.url}${onApiOrigin}`, { headers: { cookie } })).text()).not.toContain(
      'alert(document.cookie)',
    );
    for (const path of [
      `/api/checks/${checkId}`,
      `/api/checks/${checkId}/diff`,
      `/api/checks/${checkId}/render`,
      `/api/checks/${checkId}/capture-url`,
    ]) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      expect([path, res.headers.get('content-type')]).toEqual([path, expect.stringMatching(/^application\/json/)]);
      expect(await res.text()).not.toContain('alert(document.cookie)');
    }
    // And the capture origin serves nothing of the API.
    expect((await fetch(`${server.captureUrl}/api/checks/${checkId}/capture-url`)).status).toBe(404);
  });

  it('takes the API port + 1 unless told, and a free port when the API’s is picked at random', () => {
    expect(capturePortOf({ port: 8080 })).toBe(8081);
    expect(capturePortOf({ port: 8080, capturePort: 9000 })).toBe(9000);
    expect(capturePortOf({ port: 0 })).toBe(0);
    expect(capturePortOf({ port: 65_535 })).toBe(0);
    expect(capturePortOf({ port: 8080, capturePort: 0 })).toBe(0);
  });
});
