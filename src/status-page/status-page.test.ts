/**
 * The public status page over a real estate store (SQLite and PostgreSQL): only opted-in
 * organisations, availability only, nothing internal, and static caching (ETag, 304).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type TestDatabase } from '../store/both-databases.ts';
import { T0 } from '../store/estate-fixtures.ts';
import { createStatusApp } from './status-app.ts';
import { buildStatusDocument } from './status-document.ts';
import { check, DEEP_URL, FORBIDDEN, SECRET_REASON, seedEstate, SETTINGS } from './test-status-estate.ts';

const ALLOWED_KEYS = new Set([
  'title',
  'status',
  'organisations',
  'announcements',
  'name',
  'sites',
  'origin',
  'pages',
  'url',
  'body',
  'publishedAt',
  'organisation',
]);

function keysOf(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  return into;
}

await onBothDatabases('status page', testEnv(process.env), (backend, open) => {
  describe(`public status page (${backend})`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await open();
      await db.store.migrate();
      await seedEstate(db.store);
    });
    afterEach(async () => db.cleanup());

    it('lists only opted-in organisations, with each site up, degraded or down', async () => {
      const doc = await buildStatusDocument(db.store, SETTINGS);
      expect(doc.organisations.map((o) => o.name)).toEqual(['Alpha Ministry']);
      const sites = Object.fromEntries(doc.organisations[0]!.sites.map((s) => [s.name, s.status]));
      // The tampered deep page still answers: publicly the web site is up; mail answers nothing.
      expect(sites).toEqual({ 'Alpha web': 'up', 'Alpha mail': 'down' });
      expect(doc.status).toBe('degraded');
      expect(doc.announcements.map((a) => a.title)).toEqual(['Planned maintenance', 'Welcome']);
      expect(doc.announcements[0]!.organisation).toBe('Alpha Ministry');
    });

    it('lets no internal field or text out, in the JSON or the HTML', async () => {
      const app = createStatusApp({
        build: () => buildStatusDocument(db.store, SETTINGS),
        maxAgeSeconds: 60,
        now: () => T0,
      });
      const json = await (await app.request('/status.json')).text();
      const html = await (await app.request('/')).text();
      for (const body of [json, html]) for (const text of FORBIDDEN) expect(body, text).not.toContain(text);
      const extra = [...keysOf(JSON.parse(json), new Set())].filter((k) => !ALLOWED_KEYS.has(k));
      expect(extra).toEqual([]);
      expect(json).not.toMatch(/"(id|siteId|organisationId|reasons|verdict|lastCheckId|topReason)"/);
    });

    it('shows deep-page URLs only when allowed, still without reasons', async () => {
      const doc = await buildStatusDocument(db.store, { ...SETTINGS, showPageUrls: true });
      const web = doc.organisations[0]!.sites.find((s) => s.name === 'Alpha web')!;
      expect(web.pages).toEqual([
        { url: 'https://www.alpha.example/', status: 'up' },
        { url: DEEP_URL, status: 'up' },
      ]);
      expect(JSON.stringify(doc)).not.toContain(SECRET_REASON.message);
    });

    it('is static-cached: Cache-Control, an ETag answered with 304, one build per max-age', async () => {
      let builds = 0;
      let now = T0;
      const app = createStatusApp({
        build: () => {
          builds += 1;
          return buildStatusDocument(db.store, SETTINGS);
        },
        maxAgeSeconds: 30,
        now: () => now,
      });
      const first = await app.request('/');
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('public, max-age=30');
      expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
      const tag = first.headers.get('etag');
      expect(tag).toMatch(/^".+"$/);
      const again = await app.request('/', { headers: { 'If-None-Match': tag! } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      await app.request('/status.json');
      expect(builds).toBe(1);
      // The estate changes; within max-age the cached page stands, after it the page is rebuilt.
      const [mailPage] = (await db.store.listPages({ search: 'mail.alpha', limit: 1 })).items;
      await check(db.store, mailPage!.id, 'unchanged');
      expect((await app.request('/', { headers: { 'If-None-Match': tag! } })).status).toBe(304);
      now += 30_000;
      const fresh = await app.request('/', { headers: { 'If-None-Match': tag! } });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('etag')).not.toBe(tag);
      expect(builds).toBe(2);
    });

    it('serves nothing but the page and its JSON', async () => {
      const app = createStatusApp({
        build: () => buildStatusDocument(db.store, SETTINGS),
        maxAgeSeconds: 60,
        now: () => T0,
      });
      for (const path of ['/api/pages', '/admin', '/status.json/../api', '/docs'])
        expect((await app.request(path)).status, path).toBe(404);
      expect((await app.request('/status.json', { method: 'POST' })).status).toBe(404);
    });
  });
});

describe('a failing build', () => {
  it('answers 503 without the error text', async () => {
    const errors: unknown[] = [];
    const app = createStatusApp({
      build: () => Promise.reject(new Error('connect ECONNREFUSED db.internal:5432')),
      maxAgeSeconds: 60,
      now: () => T0,
      onError: (e) => errors.push(e),
    });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain('db.internal');
    expect(errors).toHaveLength(1);
  });
});
