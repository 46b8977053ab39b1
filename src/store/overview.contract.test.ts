/**
 * The console overview on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test):
 * colours from verdict and outcome, counts at each level, worst-first order, search, filters,
 * tenancy and the keyset cursor.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Baseline } from '../core/baseline.ts';
import type { OutcomeClass } from '../core/outcome.ts';
import type { VerdictKind } from '../core/verdict.ts';
import { onBothDatabases, testEnv, type TestDatabase } from './both-databases.ts';
import type { OverviewQuery, EstateStore } from './types.ts';

const T0 = 1_760_000_000_000;

type Fixture = TestDatabase;

function baselineTitled(title: string): Baseline {
  return { titles: ['old title', title] } as unknown as Baseline;
}

function runOverviewContract(name: string, open: () => Promise<Fixture>): void {
  describe(`overview: ${name}`, () => {
    let fx: Fixture;
    let store: EstateStore;
    const ids: Record<string, number> = {};

    async function check(pageId: number, verdict: VerdictKind, outcome: OutcomeClass, title?: string) {
      await store.recordCheck(
        {
          pageId,
          startedAt: T0,
          durationMs: 5,
          outcome,
          httpStatus: 200,
          redirects: [],
          headers: {},
          bodyBytes: 1,
          bodySha256: null,
          bodyKept: false,
          charset: null,
          remoteAddress: null,
          verdict,
          reasons:
            verdict === 'unchanged' ? [] : [{ code: `${verdict}-reason`, message: `why ${verdict}`, severity: 'high' }],
        },
        { status: verdict, lastBodySha256: null, ...(title ? { baseline: baselineTitled(title) } : {}) },
      );
    }

    beforeEach(async () => {
      fx = await open();
      store = fx.store;
      await store.migrate();
      const moj = await store.upsertOrganisation({ slug: 'moj', name: '法務省', aliases: ['Ministry of Justice'] }, T0);
      const city = await store.upsertOrganisation({ slug: 'city', name: '横浜市' }, T0);
      const empty = await store.upsertOrganisation({ slug: 'empty', name: '空庁' }, T0);
      const mojWww = await store.upsertSite(
        { organisationId: moj.id, origin: 'https://www.moj.example.go.jp', name: '法務省ウェブ' },
        T0,
      );
      const mojKids = await store.upsertSite(
        { organisationId: moj.id, origin: 'https://kids.moj.example.go.jp', name: 'キッズ' },
        T0,
      );
      const cityWww = await store.upsertSite(
        { organisationId: city.id, origin: 'https://www.city.example.jp', name: 'City portal' },
        T0,
      );
      Object.assign(ids, {
        moj: moj.id,
        city: city.id,
        empty: empty.id,
        mojWww: mojWww.id,
        mojKids: mojKids.id,
        cityWww: cityWww.id,
      });
      const add = async (siteId: number, path: string, origin: string) =>
        (await store.addPage({ siteId, url: `${origin}${path}`, source: 'declared' }, T0)).page.id;
      const a = await add(mojWww.id, '/news/', mojWww.origin);
      const b = await add(mojWww.id, '/about/', mojWww.origin);
      const c = await add(mojWww.id, '/gone/', mojWww.origin);
      const d = await add(mojKids.id, '/', mojKids.origin);
      const e = await add(cityWww.id, '/', cityWww.origin);
      const f = await add(cityWww.id, '/tax/', cityWww.origin);
      const g = await add(cityWww.id, '/blocked/', cityWww.origin);
      Object.assign(ids, { a, b, c, d, e, f, g });
      await check(a, 'unchanged', 'ok', '新着情報 | 法務省');
      await check(a, 'tampered', 'ok');
      await check(b, 'unchanged', 'ok', '法務省について');
      await check(c, 'down', 'http-4xx');
      await check(d, 'suspicious', 'ok', 'ＫＩＤＳ ページ');
      await check(e, 'down', 'timeout');
      await check(g, 'down', 'blocked');
      // f is never checked: unknown.
    });
    afterEach(async () => fx.cleanup());

    const q = (extra: Partial<OverviewQuery> = {}) => store.overview({ scope: 'all', limit: 50, ...extra });

    it('colours pages, counts them at each level and sorts worst first', async () => {
      const o = await q();
      expect(o.total).toBe(7);
      expect(o.counts).toEqual({ tampered: 1, down: 1, suspicious: 1, degraded: 1, unknown: 2, up: 1 });
      expect(o.organisations.map((x) => x.slug)).toEqual(['moj', 'city', 'empty']);
      const moj = o.organisations[0]!;
      expect(moj).toMatchObject({
        name: '法務省',
        aliases: ['Ministry of Justice'],
        total: 4,
        counts: { tampered: 1, suspicious: 1, degraded: 1, up: 1, down: 0, unknown: 0 },
      });
      expect(moj.sites.map((s) => s.name)).toEqual(['法務省ウェブ', 'キッズ']);
      expect(o.organisations[1]!.sites[0]).toMatchObject({
        origin: 'https://www.city.example.jp',
        total: 3,
        counts: { down: 1, unknown: 2 },
      });
      expect(o.organisations[2]).toMatchObject({ total: 0, sites: [] });
      expect(o.pages.items.map((p) => [p.id, p.status])).toEqual([
        [ids.a, 'tampered'],
        [ids.e, 'down'],
        [ids.d, 'suspicious'],
        [ids.c, 'degraded'],
        [ids.f, 'unknown'],
        [ids.g, 'unknown'],
        [ids.b, 'up'],
      ]);
      const top = o.pages.items[0]!;
      expect(top).toMatchObject({
        url: 'https://www.moj.example.go.jp/news/',
        title: '新着情報 | 法務省',
        verdict: 'tampered',
        organisationId: ids.moj,
        siteId: ids.mojWww,
      });
      expect(top.topReason).toMatchObject({ code: 'tampered-reason' });
      expect(o.pages.items.find((p) => p.id === ids.b)?.topReason).toBeNull();
      expect(o.pages).toMatchObject({ total: 7, next: null });
    });

    it('keeps the counts as pages change colour, are added and are deleted', async () => {
      await check(ids.a!, 'unchanged', 'ok');
      await check(ids.a!, 'unchanged', 'ok');
      await store.addPage(
        { siteId: ids.mojKids!, url: 'https://kids.moj.example.go.jp/new', source: 'discovered' },
        T0,
      );
      await fx.exec(`delete from pages where id = ${ids.e}`);
      const o = await q();
      expect(o.counts).toEqual({ tampered: 0, down: 0, suspicious: 1, degraded: 1, unknown: 3, up: 2 });
      expect(o.organisations.find((x) => x.slug === 'moj')).toMatchObject({
        total: 5,
        counts: { up: 2, unknown: 1, tampered: 0 },
      });
      expect(o.pages.items.map((p) => p.status)).toEqual([
        'suspicious',
        'degraded',
        'unknown',
        'unknown',
        'unknown',
        'up',
        'up',
      ]);
    });

    it('finds pages by URL, title, site or organisation name and alias, in Japanese and English', async () => {
      const found = async (text: string) => (await q({ q: text })).pages.items.map((p) => p.id).sort((x, y) => x - y);
      expect(await found('/tax')).toEqual([ids.f]);
      expect(await found('新着')).toEqual([ids.a]);
      expect(await found('kids ページ')).toEqual([ids.d]);
      expect(await found('ＫＩＤＳ')).toEqual([ids.d]);
      expect(await found('justice')).toEqual([ids.a, ids.b, ids.c, ids.d]);
      expect(await found('横浜')).toEqual([ids.e, ids.f, ids.g]);
      expect(await found('city portal tax')).toEqual([ids.f]);
      expect(await found('100%_')).toEqual([]);
      const firstTwo = await q({ q: 'justice', limit: 2 });
      expect(firstTwo.pages.items.map((p) => p.id)).toEqual([ids.a, ids.d]);
      expect(firstTwo.pages.total).toBe(4);
      const rest = await q({ q: 'justice', limit: 2, after: firstTwo.pages.next! });
      expect(rest.pages.items.map((p) => p.id)).toEqual([ids.c, ids.b]);
      expect(rest.pages.next).toBeNull();
      expect((await q({ q: 'moj', statuses: ['up'] })).pages.items.map((p) => p.id)).toEqual([ids.b]);
      // A word every site matches selects everything: the other word decides.
      expect(await found('https 新着')).toEqual([ids.a]);
      const searched = await q({ q: 'キッズ' });
      expect(searched.organisations.map((o) => [o.slug, o.total, o.sites.map((s) => s.name)])).toEqual([
        ['moj', 1, ['キッズ']],
      ]);
    });

    it('filters by status, organisation and site; counts ignore the status filter', async () => {
      const bad = await q({ statuses: ['tampered', 'down'] });
      expect(bad.pages.items.map((p) => p.id)).toEqual([ids.a, ids.e]);
      expect(bad.pages.total).toBe(2);
      expect(bad.total).toBe(7);
      const city = await q({ organisationId: ids.city });
      expect(city.organisations.map((o) => o.slug)).toEqual(['city']);
      expect(city.pages.items.map((p) => p.id)).toEqual([ids.e, ids.f, ids.g]);
      const kids = await q({ siteId: ids.mojKids });
      expect(kids.pages.items.map((p) => p.id)).toEqual([ids.d]);
      expect(kids.organisations[0]!.sites.map((s) => s.id)).toEqual([ids.mojKids]);
      expect((await q({ statuses: [] })).pages.items).toEqual([]);
    });

    it('shows only the organisations in scope', async () => {
      const scoped = await store.overview({ scope: [ids.city!], limit: 50 });
      expect(scoped.organisations.map((o) => o.slug)).toEqual(['city']);
      expect(scoped.pages.items.map((p) => p.id)).toEqual([ids.e, ids.f, ids.g]);
      expect((await store.overview({ scope: [ids.city!], organisationId: ids.moj, limit: 50 })).pages.items).toEqual(
        [],
      );
      expect((await store.overview({ scope: [ids.city!], siteId: ids.mojWww, limit: 50 })).total).toBe(0);
      expect((await store.overview({ scope: [], limit: 50 })).organisations).toEqual([]);
    });

    it('walks every page once with the keyset cursor, in worst-first order', async () => {
      await fx.exec(`insert into pages (site_id, url, source, status, created_at, health_rank)
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000)
        select ${ids.cityWww}, 'https://www.city.example.jp/p/' || i, 'imported', 'unchanged', ${T0}, i % 6 from n`);
      const seen: number[] = [];
      let last = -1;
      for (let after: { rank: number; id: number } | undefined, pages = 0; pages < 100; pages++) {
        const o = await q({ limit: 97, ...(after ? { after } : {}) });
        for (const p of o.pages.items) {
          const rank = ['tampered', 'down', 'suspicious', 'degraded', 'unknown', 'up'].indexOf(p.status);
          expect(rank).toBeGreaterThanOrEqual(last);
          last = rank;
          seen.push(p.id);
        }
        if (!o.pages.next) break;
        after = o.pages.next;
      }
      expect(seen).toHaveLength(3007);
      expect(new Set(seen).size).toBe(3007);
      const filtered = await q({
        statuses: ['degraded'],
        organisationId: ids.city,
        limit: 10,
        after: { rank: 3, id: 0 },
      });
      expect(filtered.pages.total).toBe(500);
      expect(filtered.pages.items.every((p) => p.status === 'degraded' && p.organisationId === ids.city)).toBe(true);
    });
  });
}

await onBothDatabases('overview', testEnv(process.env), runOverviewContract);
