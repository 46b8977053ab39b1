/**
 * One contract, two databases: every EstateStore behaviour the app relies on for organisations,
 * sites, pages, site sources and findings, run against SQLite (a temp file) and a real PostgreSQL (a
 * fresh schema per test). Checks are in estate-checks.contract.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type Backend, type OpenTestDatabase, type TestDatabase } from './both-databases.ts';
import { StoreConstraintError } from './errors.ts';
import { T0, newCheck, seedPage, seedSite } from './estate-fixtures.ts';
import type { EstateStore } from './types.ts';

function runEstateContract(backend: Backend, open: OpenTestDatabase): void {
  describe(`EstateStore contract: ${backend}`, () => {
    let fx: TestDatabase;
    let store: EstateStore;
    beforeEach(async () => {
      fx = await open();
      store = fx.store;
      await store.migrate();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    const site = (origin?: string, slug?: string) => seedSite(store, origin, slug);
    const page = (url?: string) => seedPage(store, url);

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

await onBothDatabases('EstateStore contract', testEnv(process.env), runEstateContract);
