/**
 * One contract, two databases: every Store behaviour the app relies on, run against SQLite (a temp
 * file) and a real PostgreSQL (a fresh schema per test). PostgreSQL is required when CI is set.
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Baseline } from '../core/baseline.ts';
import { StoreConstraintError } from './errors.ts';
import { openStore } from './open-store.ts';
import type { NewCheck, Page, Store } from './types.ts';
import {
  DEFAULT_TEST_POSTGRES_URL,
  dropPgSchema,
  makeTempDir,
  probePostgres,
  uniqueSchemaName,
  withPgClient,
} from './test-support.ts';

export interface ContractFixture {
  store: Store;
  /** Raw SQL on the same database, for seeding large data sets quickly. */
  exec(sqlText: string): Promise<void>;
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const sha = (n: number): string => n.toString(16).padStart(64, '0');

function newCheck(pageId: number, overrides: Partial<NewCheck> = {}): NewCheck {
  return {
    pageId,
    startedAt: T0,
    durationMs: 120,
    outcome: 'ok',
    httpStatus: 200,
    redirects: [],
    headers: {},
    bodyBytes: 10,
    bodySha256: null,
    bodyKept: false,
    charset: 'utf-8',
    remoteAddress: '203.0.113.7',
    verdict: 'unchanged',
    reasons: [],
    ...overrides,
  };
}

const BASELINE: Baseline = {
  version: 1,
  samples: 3,
  scriptSrcs: ['https://cdn.example/app.0.js'],
  scriptSignatures: ['html>head>script|'],
  regions: ['body>div#news>p'],
  markupLeaks: [],
  blockHashes: ['h1', 'h2'],
  blockShapes: ['s1'],
  volatilePaths: ['body>div#news'],
  stablePaths: ['body>header'],
  titles: ['財務省'],
  headings: ['お知らせ'],
  linkHosts: ['www.mof.go.jp'],
  scriptHosts: [],
  inlineScriptShapes: ['x'],
  frameHosts: [],
  formHosts: [],
  imageHosts: ['img.example'],
  redirectHosts: [],
  scriptProfile: { kana: 10, han: 20, latin: 5, hangul: 0, cyrillic: 0, arabic: 0, other: 1, letters: 36 },
  declaredLang: 'ja',
  structure: ['html>body'],
  visibleTextLength: 1234.5,
  untrusted: null,
};

export function runStoreContract(name: string, makeStore: () => Promise<ContractFixture>): void {
  describe(`Store contract: ${name}`, () => {
    let fx: ContractFixture;
    let store: Store;
    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
      await store.migrate();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    async function site(origin = 'https://www.mof.go.jp', slug = 'mof') {
      const org = await store.upsertOrganisation({ slug, name: slug.toUpperCase() }, T0);
      return store.upsertSite({ organisationId: org.id, origin }, T0);
    }
    async function page(url = 'https://www.mof.go.jp/'): Promise<Page> {
      const s = await site();
      return (await store.addPage({ siteId: s.id, url, source: 'declared' }, T0)).page;
    }

    it('upserts organisations idempotently by slug', async () => {
      const a = await store.upsertOrganisation({ slug: 'mof', name: 'MOF', aliases: ['財務省'] }, T0);
      const b = await store.upsertOrganisation({ slug: 'mof', name: 'Ministry of Finance' }, T0 + 5);
      expect(b).toEqual({ id: a.id, slug: 'mof', name: 'Ministry of Finance', aliases: ['財務省'], createdAt: T0 });
      const c = await store.upsertOrganisation({ slug: 'mof', name: 'MOF', aliases: [] }, T0 + 9);
      expect(c.aliases).toEqual([]);
      expect(await store.listOrganisations()).toEqual([c]);
      expect(await store.getOrganisation(a.id)).toEqual(c);
      expect(await store.getOrganisation(a.id + 1000)).toBeNull();
    });

    it('upserts sites idempotently by lower-cased origin', async () => {
      const org = await store.upsertOrganisation({ slug: 'mof', name: 'MOF' }, T0);
      const other = await store.upsertOrganisation({ slug: 'mlit', name: 'MLIT' }, T0);
      const a = await store.upsertSite(
        { organisationId: org.id, origin: 'https://WWW.MOF.go.jp', intervalSeconds: 60 },
        T0,
      );
      expect(a).toMatchObject({
        origin: 'https://www.mof.go.jp',
        name: 'https://www.mof.go.jp',
        intervalSeconds: 60,
        createdAt: T0,
      });
      const b = await store.upsertSite(
        { organisationId: org.id, origin: 'https://www.mof.go.jp', name: 'MOF top' },
        T0 + 1,
      );
      expect(b).toEqual({ ...a, name: 'MOF top' });
      const c = await store.upsertSite(
        { organisationId: org.id, origin: 'https://www.mof.go.jp', intervalSeconds: null },
        T0 + 2,
      );
      expect(c).toEqual({ ...b, intervalSeconds: null });
      const d = await store.upsertSite({ organisationId: other.id, origin: 'https://www.mlit.go.jp' }, T0);
      expect(await store.getSiteByOrigin('HTTPS://www.mof.go.jp')).toEqual(c);
      expect(await store.getSite(d.id)).toEqual(d);
      expect(await store.listSites()).toEqual([c, d]);
      expect(await store.listSites({ organisationId: other.id })).toEqual([d]);
      expect(await store.getSiteByOrigin('https://nowhere.example')).toBeNull();
    });

    it('adds a page once and reports created vs existing', async () => {
      const s = await site();
      const first = await store.addPage(
        { siteId: s.id, url: 'https://www.mof.go.jp/a', source: 'declared', intervalSeconds: 30 },
        T0,
      );
      expect(first.created).toBe(true);
      expect(first.page).toMatchObject({
        siteId: s.id,
        source: 'declared',
        intervalSeconds: 30,
        status: 'pending',
        lastCheckId: null,
        baseline: null,
      });
      const again = await store.addPage({ siteId: s.id, url: 'https://www.mof.go.jp/a', source: 'discovered' }, T0 + 1);
      expect(again).toEqual({ page: first.page, created: false });
      expect(await store.getPageByUrl('https://www.mof.go.jp/a')).toEqual(first.page);
      expect(await store.getPage(first.page.id + 999)).toBeNull();
      await expect(
        store.addPage({ siteId: 9999, url: 'https://x.example/', source: 'declared' }, T0),
      ).rejects.toBeInstanceOf(StoreConstraintError);
    });

    it('lists pages with keyset pagination, filters and a total', async () => {
      const mof = await site('https://www.mof.go.jp', 'mof');
      const mlit = await site('https://www.mlit.go.jp', 'mlit');
      for (let i = 0; i < 25; i++) {
        const s = i % 5 === 0 ? mlit : mof;
        await store.addPage(
          { siteId: s.id, url: `${s.origin}/p${i}${i === 7 ? '_100%' : ''}`, source: 'imported' },
          T0,
        );
      }
      const seen: number[] = [];
      let afterId: number | undefined;
      for (let round = 0; round < 10; round++) {
        const list = await store.listPages({ limit: 10, ...(afterId === undefined ? {} : { afterId }) });
        expect(list.total).toBe(25);
        seen.push(...list.items.map((p) => p.id));
        if (list.nextAfterId === null) break;
        afterId = list.nextAfterId;
      }
      expect(seen).toHaveLength(25);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      expect(new Set(seen).size).toBe(25);

      const exact = await store.listPages({ limit: 5, siteId: mlit.id });
      expect(exact).toMatchObject({ total: 5, nextAfterId: null });
      expect(exact.items.every((p) => p.siteId === mlit.id)).toBe(true);
      expect((await store.listPages({ limit: 100, organisationId: mlit.organisationId })).total).toBe(5);
      expect((await store.listPages({ limit: 100, status: 'pending', siteId: mof.id })).total).toBe(20);
      expect((await store.listPages({ limit: 100, status: 'down' })).total).toBe(0);
      expect((await store.listPages({ limit: 100, search: 'MLIT.GO.JP/P1' })).items.map((p) => p.url)).toEqual([
        'https://www.mlit.go.jp/p10',
        'https://www.mlit.go.jp/p15',
      ]);
      expect((await store.listPages({ limit: 100, search: '_100%' })).items.map((p) => p.url)).toEqual([
        'https://www.mof.go.jp/p7_100%',
      ]);
      expect(await store.listPages({ limit: 0 })).toEqual({ items: [], total: 25, nextAfterId: null });
    });

    it('filters pages, sites, counts and findings by a set of organisations (tenancy scope)', async () => {
      const mof = await site('https://www.mof.go.jp', 'mof');
      const mlit = await site('https://www.mlit.go.jp', 'mlit');
      const moj = await site('https://www.moj.go.jp', 'moj');
      for (const s of [mof, mlit, moj]) {
        await store.addPage({ siteId: s.id, url: `${s.origin}/`, source: 'declared' }, T0);
        await store.recordSiteFindings(s.id, [{ url: `${s.origin}/hacked.html`, reasons: [] }], T0);
      }
      const two = [mof.organisationId, moj.organisationId];
      expect((await store.listPages({ limit: 10, organisationIds: two })).items.map((p) => p.url)).toEqual([
        'https://www.mof.go.jp/',
        'https://www.moj.go.jp/',
      ]);
      expect(await store.listPages({ limit: 10, organisationIds: [] })).toEqual({
        items: [],
        total: 0,
        nextAfterId: null,
      });
      expect(
        (await store.listPages({ limit: 10, organisationIds: two, organisationId: mlit.organisationId })).total,
      ).toBe(0);
      expect((await store.listSites({ organisationIds: [mlit.organisationId] })).map((s) => s.origin)).toEqual([
        'https://www.mlit.go.jp',
      ]);
      expect(await store.listSites({ organisationIds: [] })).toEqual([]);
      expect((await store.countPagesByStatus({ organisationIds: two })).total).toBe(2);
      expect((await store.countPagesByStatus({ organisationIds: [] })).total).toBe(0);
      expect(
        (await store.listSiteFindings({ limit: 10, organisationIds: [moj.organisationId] })).map((f) => f.url),
      ).toEqual(['https://www.moj.go.jp/hacked.html']);
      expect(await store.listSiteFindings({ limit: 10, organisationIds: [] })).toEqual([]);
    });

    it('records a check and updates its page in one transaction', async () => {
      const p = await page();
      const check = await store.recordCheck(
        newCheck(p.id, { startedAt: T0 + 10, bodySha256: sha(1), bodyKept: true }),
        {
          status: 'changed',
          lastBodySha256: sha(1),
          baseline: BASELINE,
        },
      );
      expect(await store.getCheck(check.id)).toEqual(check);
      expect(await store.getPage(p.id)).toMatchObject({
        status: 'changed',
        lastCheckId: check.id,
        lastCheckedAt: T0 + 10,
        lastBodySha256: sha(1),
        baseline: BASELINE,
      });

      const next = await store.recordCheck(
        newCheck(p.id, { startedAt: T0 + 20, outcome: 'timeout', httpStatus: null }),
        { status: 'down', lastBodySha256: null },
      );
      expect(await store.getPage(p.id)).toMatchObject({
        status: 'down',
        lastCheckId: next.id,
        lastCheckedAt: T0 + 20,
        lastBodySha256: null,
        baseline: BASELINE,
      });
      await store.recordCheck(newCheck(p.id), { status: 'unchanged', lastBodySha256: null, baseline: null });
      expect((await store.getPage(p.id))?.baseline).toBeNull();

      // A page update that fails must take the check insert down with it.
      const broken = { status: null, lastBodySha256: null } as unknown as Parameters<Store['recordCheck']>[1];
      await expect(store.recordCheck(newCheck(p.id, { startedAt: T0 + 30 }), broken)).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
      expect((await store.listChecks(p.id, { limit: 10 })).map((c) => c.startedAt)).not.toContain(T0 + 30);
      await expect(
        store.recordCheck(newCheck(p.id + 999), { status: 'down', lastBodySha256: null }),
      ).rejects.toBeInstanceOf(StoreConstraintError);
    });

    it('group-commits several checks in order, all or nothing', async () => {
      const a = await page();
      const b = await store.addPage({ siteId: a.siteId, url: `${a.url}b`, source: 'declared' }, T0);
      const stored = await store.recordChecks([
        { check: newCheck(a.id, { startedAt: T0 + 1 }), update: { status: 'changed', lastBodySha256: sha(1) } },
        { check: newCheck(b.page.id, { startedAt: T0 + 2 }), update: { status: 'tampered', lastBodySha256: sha(2) } },
        { check: newCheck(a.id, { startedAt: T0 + 3 }), update: { status: 'unchanged', lastBodySha256: sha(1) } },
      ]);
      expect(stored.map((c) => c.startedAt)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
      expect(stored[0]!.id).toBeLessThan(stored[2]!.id);
      expect(await store.getPage(a.id)).toMatchObject({ status: 'unchanged', lastCheckId: stored[2]!.id });
      expect(await store.getPage(b.page.id)).toMatchObject({ status: 'tampered', lastCheckId: stored[1]!.id });
      expect(await store.recordChecks([])).toEqual([]);

      // One bad entry rolls back the whole batch.
      await expect(
        store.recordChecks([
          { check: newCheck(a.id, { startedAt: T0 + 4 }), update: { status: 'down', lastBodySha256: null } },
          { check: newCheck(a.id + 999), update: { status: 'down', lastBodySha256: null } },
        ]),
      ).rejects.toBeInstanceOf(StoreConstraintError);
      expect(await store.getPage(a.id)).toMatchObject({ status: 'unchanged', lastCheckId: stored[2]!.id });
      expect((await store.listChecks(a.id, { limit: 10 })).map((c) => c.startedAt)).not.toContain(T0 + 4);
    });

    it('round-trips JSON columns exactly', async () => {
      const p = await page();
      const input = newCheck(p.id, {
        verdict: 'tampered',
        redirects: [{ url: 'https://www.mof.go.jp/', status: 301, location: 'https://evil.example/?q=1&x="y"' }],
        headers: { 'content-type': 'text/html; charset=shift_jis', server: 'nginx' },
        reasons: [
          {
            code: 'hidden-external-link',
            message: '隠しリンク「カジノ」が追加されました',
            severity: 'high',
            evidence: { selector: 'body>div', snippet: '<a href="x">\u2028</a>', url: 'https://evil.example/' },
          },
          { code: 'http-5xx', message: 'Server error', severity: 'medium' },
        ],
      });
      const stored = await store.recordCheck(input, { status: 'tampered', lastBodySha256: null, baseline: BASELINE });
      expect(stored).toEqual({ ...input, id: stored.id });
      expect(await store.getCheck(stored.id)).toEqual({ ...input, id: stored.id });
      expect((await store.getPage(p.id))?.baseline).toEqual(BASELINE);
    });

    it('lists checks newest first with beforeId paging', async () => {
      const p = await page();
      const other = (
        await store.addPage({ siteId: p.siteId, url: 'https://www.mof.go.jp/other', source: 'declared' }, T0)
      ).page;
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push(
          (
            await store.recordCheck(newCheck(p.id, { startedAt: T0 + i }), {
              status: 'unchanged',
              lastBodySha256: null,
            })
          ).id,
        );
        await store.recordCheck(newCheck(other.id), { status: 'unchanged', lastBodySha256: null });
      }
      const newest = ids.slice().reverse();
      const first = await store.listChecks(p.id, { limit: 3 });
      expect(first.map((c) => c.id)).toEqual(newest.slice(0, 3));
      const second = await store.listChecks(p.id, { limit: 3, beforeId: first[2]!.id });
      expect(second.map((c) => c.id)).toEqual(newest.slice(3, 6));
      expect((await store.listChecks(p.id, { limit: 10, beforeId: second[2]!.id })).map((c) => c.id)).toEqual(
        newest.slice(6),
      );
      expect(await store.getCheck(999_999)).toBeNull();
    });

    it('prunes checks and bodies, reporting only blobs no page keeps', async () => {
      const a = await page('https://www.mof.go.jp/a');
      const b = (await store.addPage({ siteId: a.siteId, url: 'https://www.mof.go.jp/b', source: 'declared' }, T0))
        .page;
      const record = (pageId: number, body: number | null, kept = true) =>
        store.recordCheck(newCheck(pageId, { bodySha256: body === null ? null : sha(body), bodyKept: kept }), {
          status: 'unchanged',
          lastBodySha256: null,
        });
      // Page a, oldest first: h1, h2, h3, (no body), h4, h4. Page b shares h2.
      for (const body of [1, 2, 3, null, 4, 4]) await record(a.id, body);
      await record(b.id, 2);
      await record(b.id, 9, false);

      const result = await store.pruneChecks(a.id, { checksPerPage: 4, bodiesPerPage: 1 });
      // Deleted: h1, h2 rows. Bodies dropped: h3 and the older h4. h2 lives on in page b, h4 in the newest row.
      expect(result).toEqual({ deletedChecks: 2, unreferencedBlobs: [sha(1), sha(3)] });
      const left = await store.listChecks(a.id, { limit: 10 });
      expect(left.map((c) => [c.bodySha256, c.bodyKept])).toEqual([
        [sha(4), true],
        [sha(4), false],
        [null, false],
        [sha(3), false],
      ]);
      expect(await store.pruneChecks(a.id, { checksPerPage: 4, bodiesPerPage: 1 })).toEqual({
        deletedChecks: 0,
        unreferencedBlobs: [],
      });

      expect(await store.pruneChecks(b.id, { checksPerPage: 5, bodiesPerPage: 0 })).toEqual({
        deletedChecks: 0,
        unreferencedBlobs: [sha(2)],
      });
      // Deleted rows offer their hash again even when their body was dropped before (h3): the caller may
      // have kept that blob for a grace period, and this is its next chance to go.
      expect(await store.pruneChecks(a.id, { checksPerPage: 1, bodiesPerPage: 0 })).toEqual({
        deletedChecks: 3,
        unreferencedBlobs: [sha(3), sha(4)],
      });
      expect((await store.getPage(a.id))?.lastCheckId).toBe(left[0]!.id);
      await expect(store.pruneChecks(a.id, { checksPerPage: 0, bodiesPerPage: 0 })).rejects.toBeInstanceOf(RangeError);
    });

    it('counts pages by status, every status present', async () => {
      const empty = await store.countPagesByStatus();
      expect(empty).toEqual({
        total: 0,
        byStatus: { pending: 0, unchanged: 0, changed: 0, suspicious: 0, tampered: 0, down: 0 },
      });
      const p1 = await page('https://www.mof.go.jp/1');
      await page('https://www.mof.go.jp/2');
      const other = await site('https://www.mlit.go.jp', 'mlit');
      const p3 = (await store.addPage({ siteId: other.id, url: 'https://www.mlit.go.jp/', source: 'declared' }, T0))
        .page;
      await store.recordCheck(newCheck(p1.id), { status: 'tampered', lastBodySha256: null });
      await store.recordCheck(newCheck(p3.id), { status: 'down', lastBodySha256: null });
      expect(await store.countPagesByStatus()).toEqual({
        total: 3,
        byStatus: { pending: 1, unchanged: 0, changed: 0, suspicious: 0, tampered: 1, down: 1 },
      });
      expect(await store.countPagesByStatus({ organisationId: other.organisationId })).toEqual({
        total: 1,
        byStatus: { pending: 0, unchanged: 0, changed: 0, suspicious: 0, tampered: 0, down: 1 },
      });
    });

    it('adds a site source once per (site, url) and marks it read', async () => {
      const mof = await site();
      const mlit = await site('https://www.mlit.go.jp', 'mlit');
      const a = await store.addSiteSource(mof.id, 'https://www.mof.go.jp/sitemap.xml', T0);
      expect(a).toEqual({
        id: a.id,
        siteId: mof.id,
        url: 'https://www.mof.go.jp/sitemap.xml',
        kind: 'sitemap',
        createdAt: T0,
        lastReadAt: null,
      });
      expect(await store.addSiteSource(mof.id, 'https://www.mof.go.jp/sitemap.xml', T0 + 5)).toEqual(a);
      // The same sitemap URL may feed another site (an index listing several hosts).
      const b = await store.addSiteSource(mlit.id, 'https://www.mof.go.jp/sitemap.xml', T0 + 1);
      expect(b.id).not.toBe(a.id);
      await store.markSiteSourceRead(a.id, T0 + 100);
      expect(await store.listSiteSources()).toEqual([{ ...a, lastReadAt: T0 + 100 }, b]);
      await expect(store.addSiteSource(9999, 'https://x.example/sitemap.xml', T0)).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
    });

    it('records site findings in order and lists them newest first, by site and openness', async () => {
      const mof = await site();
      const mlit = await site('https://www.mlit.go.jp', 'mlit');
      const reasons = [
        {
          code: 'defacer-path',
          message: '新しいページ「hacked.html」',
          severity: 'high' as const,
          evidence: { url: 'https://www.mof.go.jp/hacked.html', snippet: 'hacked.html' },
        },
        { code: 'page-burst', message: 'one of 27', severity: 'low' as const },
      ];
      const stored = await store.recordSiteFindings(
        mof.id,
        [
          { url: 'https://www.mof.go.jp/hacked.html', reasons },
          { url: 'https://www.mof.go.jp/x', reasons: [] },
        ],
        T0 + 7,
      );
      expect(stored.map((f) => f.url)).toEqual(['https://www.mof.go.jp/hacked.html', 'https://www.mof.go.jp/x']);
      expect(stored[0]).toEqual({
        id: stored[0]!.id,
        siteId: mof.id,
        url: 'https://www.mof.go.jp/hacked.html',
        reasons,
        createdAt: T0 + 7,
        resolvedAt: null,
      });
      expect(stored[0]!.id).toBeLessThan(stored[1]!.id);
      const other = await store.recordSiteFindings(
        mlit.id,
        [{ url: 'https://www.mlit.go.jp/shell.php', reasons: [] }],
        T0 + 8,
      );
      expect(await store.recordSiteFindings(mof.id, [], T0)).toEqual([]);

      expect((await store.listSiteFindings({ limit: 10 })).map((f) => f.id)).toEqual([
        other[0]!.id,
        stored[1]!.id,
        stored[0]!.id,
      ]);
      expect((await store.listSiteFindings({ limit: 1 })).map((f) => f.id)).toEqual([other[0]!.id]);
      expect(await store.listSiteFindings({ limit: 10, siteId: mof.id })).toEqual([stored[1], stored[0]]);
      await fx.exec(`update site_findings set resolved_at = ${T0 + 9} where id = ${stored[1]!.id}`);
      expect((await store.listSiteFindings({ limit: 10, siteId: mof.id, open: true })).map((f) => f.id)).toEqual([
        stored[0]!.id,
      ]);
      expect(await store.listSiteFindings({ limit: 10, open: false })).toEqual([{ ...stored[1], resolvedAt: T0 + 9 }]);
      await expect(
        store.recordSiteFindings(9999, [{ url: 'https://x.example/', reasons: [] }], T0),
      ).rejects.toBeInstanceOf(StoreConstraintError);
      await expect(store.listSiteFindings({ limit: -1 })).rejects.toBeInstanceOf(RangeError);
    });

    it('treats a second migrate() as a no-op', async () => {
      const p = await page();
      await store.migrate();
      await store.migrate();
      expect(await store.getPage(p.id)).toEqual(p);
    });

    it('pages, filters and counts correctly over 100k pages', async () => {
      const s = await site();
      await fx.exec(`insert into pages (site_id, url, source, status, created_at)
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000)
        select ${s.id}, 'https://www.mof.go.jp/p/' || i, 'imported',
          case i % 3 when 0 then 'down' when 1 then 'unchanged' else 'pending' end, ${T0} from n`);
      const first = await store.listPages({ limit: 200 });
      const deep = await store.listPages({ limit: 200, afterId: 90_000, status: 'down' });
      const bySite = await store.listPages({ limit: 200, siteId: s.id, afterId: 50_000 });
      const byOrg = await store.listPages({ limit: 200, organisationId: s.organisationId });
      const counts = await store.countPagesByStatus({ organisationId: s.organisationId });
      expect(first).toMatchObject({ total: 100_000 });
      expect(first.items).toHaveLength(200);
      expect(deep.total).toBe(33_333);
      expect(deep.items.every((p) => p.status === 'down' && p.id > 90_000)).toBe(true);
      expect(bySite.items[0]!.id).toBeGreaterThan(50_000);
      expect(byOrg.total).toBe(100_000);
      expect(counts.byStatus).toMatchObject({ down: 33_333, unchanged: 33_334, pending: 33_333 });
    });
  });
}

// --- SQLite ------------------------------------------------------------------------------------

runStoreContract('sqlite', async () => {
  const dir = await makeTempDir();
  const file = join(dir.path, 'nested', 'mamori.sqlite');
  const store = await openStore({ url: `sqlite:${file}` });
  return {
    store,
    exec: (sqlText) => {
      const raw = new SqliteDatabase(file);
      try {
        raw.exec(sqlText);
      } finally {
        raw.close();
      }
      return Promise.resolve();
    },
    cleanup: async () => {
      await store.close();
      await dir.remove();
    },
  };
});

// --- PostgreSQL --------------------------------------------------------------------------------

const PG_URL = process.env.MAMORI_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
const pgProblem = await probePostgres(PG_URL);

if (pgProblem === null) {
  runStoreContract('postgres', async () => {
    const schema = uniqueSchemaName();
    const store = await openStore({ url: PG_URL, pgSchema: schema });
    return {
      store,
      exec: (sqlText) => withPgClient(PG_URL, schema, async (client) => void (await client.query(sqlText))),
      cleanup: async () => {
        await store.close();
        await dropPgSchema(PG_URL, schema);
      },
    };
  });

  describe('PostgreSQL migrations', () => {
    it('lets concurrent migrate() calls from separate pools all succeed', async () => {
      const schema = uniqueSchemaName();
      const stores = await Promise.all([1, 2, 3].map(() => openStore({ url: PG_URL, pgSchema: schema })));
      try {
        await Promise.all(stores.map((s) => s.migrate()));
        const rows = await withPgClient(
          PG_URL,
          schema,
          async (c) => (await c.query<{ name: string }>('select name from mamori_migration')).rows,
        );
        expect(rows).toEqual([
          { name: '0001-initial' },
          { name: '0002-site-findings' },
          { name: '0003-evidence' },
          { name: '0004-render' },
          { name: '0005-incidents' },
          { name: '0007-auth' },
          { name: '0008-intel' },
          { name: '0009-tokens-audit' },
          { name: '0010-console' },
          { name: '0011-render-baseline-shot' },
          { name: '0012-outbox-channel-figures' },
          { name: '0014-paused-pages' },
          { name: '0017-site-watch' },
        ]);
        const org = await stores[0]!.upsertOrganisation({ slug: 'a', name: 'A' }, T0);
        expect(await stores[2]!.getOrganisation(org.id)).toEqual(org);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await dropPgSchema(PG_URL, schema);
      }
    });

    it('returns int8 columns as numbers without touching the global pg parsers', async () => {
      const schema = uniqueSchemaName();
      const store = await openStore({ url: PG_URL, pgSchema: schema });
      try {
        await store.migrate();
        const org = await store.upsertOrganisation({ slug: 'a', name: 'A' }, 2 ** 52);
        expect(org.createdAt).toBe(2 ** 52);
        expect(typeof org.id).toBe('number');
        const parseInt8 = pg.types.getTypeParser(pg.types.builtins.INT8) as (value: string) => unknown;
        expect(parseInt8('5')).toBe('5');
      } finally {
        await store.close();
        await dropPgSchema(PG_URL, schema);
      }
    });
  });
} else if (process.env.CI) {
  describe('Store contract: postgres', () => {
    it('needs a reachable PostgreSQL in CI', () => {
      throw new Error(
        `PostgreSQL at ${PG_URL} is unreachable (${pgProblem}); CI must run the PostgreSQL contract suite.`,
      );
    });
  });
} else {
  console.warn(
    `Skipping the PostgreSQL store contract: ${PG_URL} is unreachable (${pgProblem}). Set MAMORI_TEST_POSTGRES_URL to run it.`,
  );
  // Reported as skipped (not silently absent) so a local run shows what it did not cover.
  describe.skipIf(pgProblem !== null)(`Store contract: postgres (unreachable: ${pgProblem})`, () => {
    it('skipped', () => undefined);
  });
}
