import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createWebHandler, withWeb } from './static-web.ts';

let dir: string;
let app: ReturnType<typeof serverOf>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Mamori</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(dir, '..', 'outside-secret.txt'), 'secret');
  const api = new Hono();
  api.get('/api/health', (c) => c.json({ status: 'ok' }));
  api.notFound((c) => c.json({ error: 'not_found' }, 404));
  app = serverOf(
    withWeb((r: Request) => api.fetch(r), createWebHandler({ dir, frameOrigins: ['http://127.0.0.1:9999'] })),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(dir, '..', 'outside-secret.txt'), { force: true });
});

/** A request helper over a fetch function, like Hono's app.request. */
function serverOf(fetch: (r: Request) => Promise<Response>) {
  return { request: (path: string, init?: RequestInit) => fetch(new Request(`http://127.0.0.1${path}`, init)) };
}

describe('the dashboard served in front of the API', () => {
  it('serves index.html at / with a strict CSP', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('frame-src http://127.0.0.1:9999');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Mamori</title>');
  });

  it('serves assets with their content types', async () => {
    const js = await app.request('/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const css = await app.request('/assets/app.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers the app for its own routes, so a reload of /incidents/3 works', async () => {
    const res = await app.request('/incidents/3');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Mamori</title>');
  });

  it('leaves API paths to the API: a known route answers, an unknown one is a JSON 404', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' });
    const res = await app.request('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
  });

  it('leaves writes to the API, whatever their path', async () => {
    const res = await app.request('/incidents/3', { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('answers a missing asset with 404, not the app', async () => {
    expect((await app.request('/assets/gone-1234.js')).status).toBe(404);
  });

  it('never serves a file outside the build directory', async () => {
    for (const path of [
      '/../outside-secret.txt',
      '/%2e%2e/outside-secret.txt',
      '/assets/..%2f..%2foutside-secret.txt',
    ]) {
      const res = await app.request(path);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('says how to build the app when it is not built', async () => {
    const bare = serverOf(withWeb(() => new Response('api'), createWebHandler({ dir: join(dir, 'missing') })));
    const res = await bare.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });

  it('frames nothing when no capture origin is given', () => {
    expect(contentSecurityPolicy([])).toContain("frame-src 'none'");
  });
});
