import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi } from './app.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { signIn, testAuthDeps, type SignedIn } from './auth-test-support.ts';
import { failure, ok, openApiDocument } from './test-client.ts';
import type { Page, EstateStore } from '../store/types.ts';
import type { ApiApp } from './types.ts';

let dir: string;
let store: EstateStore;
let app: ApiApp;
let added: Page[];
let admin: SignedIn;
const errors: unknown[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-api-'));
  const opened = await openStoreWithHandle({ url: `sqlite:${join(dir, 'db.sqlite')}` });
  store = opened.store;
  await store.migrate();
  added = [];
  const auth = testAuthDeps(opened.handle);
  app = createApi({
    store,
    version: 'test',
    now: () => 1_700_000_000_000,
    log: { error: (e: unknown) => errors.push(e) } as never,
    onPageAdded: (p) => added.push(p),
    auth,
  });
  admin = await signIn(app, auth.store);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown) {
  return admin.request(path, { method: 'POST', json: body });
}

describe('HTTP API', () => {
  it('reports health with the database dialect', async () => {
    const res = await app.request('/api/health'); // public: probes need no credentials
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', version: 'test', database: 'sqlite' });
  });

  it('adds a target, creating its organisation and site, and lists it', async () => {
    const res = await admin.api.targets.$post({
      json: { url: 'https://www.moj.example.go.jp/news/', organisation: 'moj', organisationName: '法務省' },
    });
    expect(res.status).toBe(201);
    const body = await ok(res);
    expect(body).toMatchObject({ created: true, page: { status: 'pending' } });
    expect(added.map((p) => p.url)).toEqual(['https://www.moj.example.go.jp/news/']);
    const again = await post('/api/targets', { url: 'https://www.moj.example.go.jp/news/', organisation: 'moj' });
    expect(again.status).toBe(200);
    expect(added).toHaveLength(1);

    const orgs = await ok(admin.api.organisations.$get());
    expect(orgs.items).toEqual([expect.objectContaining({ slug: 'moj', name: '法務省' })]);
    const sites = await ok(admin.api.sites.$get({ query: {} }));
    expect(sites.items[0]?.origin).toBe('https://www.moj.example.go.jp');
    const pages = await ok(admin.api.pages.$get({ query: { status: 'pending' } }));
    expect(pages.total).toBe(1);
    const page = await admin.request(`/api/pages/${body.page.id}`);
    expect(page.status).toBe(200);
    const checks = await ok(admin.api.pages[':id'].checks.$get({ param: { id: body.page.id }, query: {} }));
    expect(checks.items).toEqual([]);
    const summary = await ok(admin.api.summary.$get({ query: {} }));
    expect(summary).toMatchObject({ total: 1, byStatus: { pending: 1, tampered: 0 } });
  });

  it('paginates pages with a keyset cursor', async () => {
    for (let i = 0; i < 5; i++) await post('/api/targets', { url: `https://a.example/p${i}`, organisation: 'a' });
    const first = await ok(admin.api.pages.$get({ query: { limit: 2 } }));
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(5);
    const second = await ok(admin.api.pages.$get({ query: { limit: 2, after: first.nextAfter! } }));
    expect(second.items.map((p) => p.url)).toEqual(['https://a.example/p2', 'https://a.example/p3']);
  });

  it('answers bad input with 400s that list every problem', async () => {
    const res = await admin.api.targets.$post({
      json: { url: 'ftp://x', organisation: 'Bad Slug!', intervalSeconds: 1 },
    });
    expect(res.status).toBe(400);
    const body = await failure(res);
    expect(body.error).toBe('bad_request');
    expect(body.issues?.map((i) => i.path).sort()).toEqual(['intervalSeconds', 'organisation', 'url']);
    const notJson = await admin.request('/api/targets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect((await admin.request('/api/pages?status=bogus')).status).toBe(400);
    expect((await admin.request('/api/pages?limit=100000')).status).toBe(400);
    expect((await admin.request('/api/pages/abc')).status).toBe(400);
  });

  it('lists site findings newest first, by site and openness, and refuses a bad filter', async () => {
    const siteA = (await ok(admin.api.targets.$post({ json: { url: 'https://a.example/', organisation: 'a' } }))).page
      .siteId;
    const siteB = (await ok(admin.api.targets.$post({ json: { url: 'https://b.example/', organisation: 'b' } }))).page
      .siteId;
    const reason = {
      code: 'defacer-path',
      message: 'named like a signature',
      severity: 'high' as const,
      evidence: { url: 'https://a.example/hacked.html' },
    };
    await store.recordSiteFindings(siteA, [{ url: 'https://a.example/hacked.html', reasons: [reason] }], 1);
    await store.recordSiteFindings(siteB, [{ url: 'https://b.example/shell.php', reasons: [] }], 2);
    const all = await ok(admin.api.findings.$get({ query: {} }));
    expect(all.items.map((f) => f.url)).toEqual(['https://b.example/shell.php', 'https://a.example/hacked.html']);
    const onA = await ok(admin.api.findings.$get({ query: { siteId: siteA, open: 'true', limit: 5 } }));
    expect(onA.items).toEqual([
      {
        id: expect.any(Number) as number,
        siteId: siteA,
        url: 'https://a.example/hacked.html',
        reasons: [reason],
        createdAt: 1,
        resolvedAt: null,
      },
    ]);
    expect((await ok(admin.api.findings.$get({ query: { open: 'false' } }))).items).toEqual([]);
    expect((await admin.request('/api/findings?open=maybe')).status).toBe(400);
    expect((await admin.request('/api/findings?limit=0')).status).toBe(400);
  });

  it('answers unknown ids and routes with 404', async () => {
    expect((await admin.request('/api/pages/999')).status).toBe(404);
    expect((await admin.request('/api/pages/999/checks')).status).toBe(404);
    expect((await admin.request('/api/checks/999')).status).toBe(404);
    expect((await admin.request('/api/organisations/999')).status).toBe(404);
    expect((await admin.request('/api/nope')).status).toBe(404);
  });

  it('serves an OpenAPI document describing the routes', async () => {
    const doc = await openApiDocument(app.request('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/pages', '/api/pages/{id}/checks', '/api/targets', '/api/findings']),
    );
    const docs = await app.request('/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('<code>/api/pages/{id}/checks</code>');
    expect(html).toContain('<code>POST</code>');
    // Self-contained: no scripts, nothing loaded from another origin.
    expect(html).not.toMatch(/<script|src=|https?:\/\//);
    expect((await app.request('/docs/swagger')).status).toBe(200);
  });
});
