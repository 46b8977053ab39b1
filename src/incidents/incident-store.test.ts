/**
 * Incidents and the outbox on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test),
 * driven through the IncidentService as the check pipeline drives it. PostgreSQL is required under CI.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../alert/outbox-store.ts';
import type { RoutingConfig } from '../alert/routing.ts';
import type { Reason } from '../core/verdict.ts';
import { onBothDatabases, testEnv, type TestDatabase } from '../store/both-databases.ts';
import type { Check, Page, Site } from '../store/types.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { IncidentService } from './incident-service.ts';
import { IncidentStore } from './incident-store.ts';

const T0 = 1_760_000_000_000;
const DEFACED: Reason[] = [
  {
    code: 'defacer-headline',
    message: 'The headline reads “Hacked by Ghost”.',
    severity: 'high',
    evidence: { snippet: 'Hacked by Ghost' },
  },
];
const ROUTING: RoutingConfig = {
  routes: [
    { organisations: [], minSeverity: 'high', channels: ['hook'] },
    { organisations: ['city'], minSeverity: 'low', channels: ['hook', 'mail'] },
  ],
  maintenance: [],
};

type Fixture = TestDatabase;

function runSuite(name: string, makeFixture: () => Promise<Fixture>): void {
  describe(`incidents and outbox: ${name}`, () => {
    let fx: Fixture;
    let incidents: IncidentStore;
    let outbox: OutboxStore;
    let service: IncidentService;
    let sites: Site[];
    let pages: Page[];

    beforeEach(async () => {
      fx = await makeFixture();
      await fx.store.migrate();
      incidents = new IncidentStore(fx.handle);
      outbox = new OutboxStore(fx.handle);
      service = new IncidentService({
        incidents,
        store: fx.store,
        routing: ROUTING,
        restoreAfterChecks: 2,
        campaignWindowMs: 3_600_000,
        log: pino({ level: 'silent' }),
      });
      const city = await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, T0);
      const pref = await fx.store.upsertOrganisation({ slug: 'pref', name: '県庁' }, T0);
      sites = [
        await fx.store.upsertSite(
          { organisationId: city.id, origin: 'https://www.city.example.lg.jp', name: 'City' },
          T0,
        ),
        await fx.store.upsertSite(
          { organisationId: pref.id, origin: 'https://www.pref.example.lg.jp', name: 'Pref' },
          T0,
        ),
      ];
      pages = [
        (
          await fx.store.addPage(
            { siteId: sites[0]!.id, url: 'https://www.city.example.lg.jp/news/', source: 'declared' },
            T0,
          )
        ).page,
        (
          await fx.store.addPage(
            { siteId: sites[0]!.id, url: 'https://www.city.example.lg.jp/about/', source: 'declared' },
            T0,
          )
        ).page,
        (
          await fx.store.addPage(
            { siteId: sites[1]!.id, url: 'https://www.pref.example.lg.jp/', source: 'declared' },
            T0,
          )
        ).page,
      ];
    });
    afterEach(async () => fx.cleanup());

    /** Store a real check row and feed it to the service, as CheckService does. */
    async function check(
      pageIndex: number,
      verdict: Check['verdict'],
      reasons: Reason[],
      at: number,
      outcome?: Check['outcome'],
    ): Promise<void> {
      const page = pages[pageIndex]!;
      const site = sites.find((s) => s.id === page.siteId)!;
      const stored = await fx.store.recordCheck(
        {
          pageId: page.id,
          startedAt: at,
          durationMs: 5,
          outcome: outcome ?? (verdict === 'down' ? 'http-5xx' : 'ok'),
          httpStatus: outcome ? null : verdict === 'down' ? 503 : 200,
          redirects: [],
          headers: {},
          bodyBytes: 10,
          bodySha256: null,
          bodyKept: false,
          charset: 'utf-8',
          remoteAddress: null,
          verdict,
          reasons,
        },
        { status: verdict, lastBodySha256: null },
      );
      await service.onCheck({ page, site, check: stored, previousStatus: page.status } as unknown as CheckEvent);
    }

    it('opens page and site incidents for a defacement and enqueues one notification per routed channel', async () => {
      await check(0, 'tampered', DEFACED, T0);
      const all = await incidents.list({ limit: 10 });
      expect(all.map((i) => [i.scope, i.state, i.severity, i.kind])).toEqual([
        ['page', 'open', 'critical', 'tampered'],
        ['site', 'open', 'critical', 'tampered'],
      ]);
      const [page, site] = all;
      expect(page!.parentId).toBe(site!.id);
      expect(site!.signatures).toEqual(['hacked by ghost']);
      const rows = await outbox.list({ limit: 10 });
      expect(rows.map((r) => [r.channel, r.state, r.message.event, r.message.organisation.slug]).sort()).toEqual([
        ['hook', 'pending', 'incident.opened', 'city'],
        ['mail', 'pending', 'incident.opened', 'city'],
      ]);
      expect(rows[0]!.message.pageUrl).toBe('https://www.city.example.lg.jp/news/');
      // The same check seen again changes nothing and enqueues nothing.
      await check(0, 'tampered', DEFACED, T0 + 1000);
      expect(await outbox.list({ limit: 10 })).toHaveLength(2);
      expect((await incidents.events(site!.id)).map((e) => e.type)).toEqual(['opened']);
    });

    it('restores page and site after two healthy checks, and tells the channels once', async () => {
      await check(0, 'tampered', DEFACED, T0);
      await check(0, 'unchanged', [], T0 + 1000);
      expect(await incidents.list({ state: 'active', limit: 10 })).toHaveLength(2);
      await check(0, 'changed', [], T0 + 2000);
      const [page, site] = await incidents.list({ limit: 10 });
      expect([page!.state, page!.resolution, site!.state, site!.resolution]).toEqual([
        'resolved',
        'restored',
        'resolved',
        'restored',
      ]);
      expect((await incidents.events(page!.id)).map((e) => e.type)).toEqual(['opened', 'recovering', 'restored']);
      const events = (await outbox.list({ limit: 10 })).map((r) => `${r.channel}:${r.message.event}`).sort();
      expect(events).toEqual([
        'hook:incident.opened',
        'hook:incident.restored',
        'mail:incident.opened',
        'mail:incident.restored',
      ]);
    });

    it('tells the channels once per further defaced page of a site already critical, linking the dashboard', async () => {
      service = new IncidentService({
        incidents,
        store: fx.store,
        routing: { ...ROUTING, publicUrl: 'https://mamori.example.go.jp' },
        restoreAfterChecks: 2,
        campaignWindowMs: 3_600_000,
        log: pino({ level: 'silent' }),
      });
      await check(0, 'tampered', DEFACED, T0);
      await check(1, 'tampered', DEFACED, T0 + 1000);
      await check(1, 'tampered', DEFACED, T0 + 2000);
      const site = (await incidents.list({ scope: 'site', limit: 1 }))[0]!;
      const rows = await outbox.list({ limit: 20 });
      expect(rows.map((r) => `${r.channel}:${r.message.event}:${r.message.pageUrl}`).sort()).toEqual([
        'hook:incident.opened:https://www.city.example.lg.jp/news/',
        'hook:incident.page-joined:https://www.city.example.lg.jp/about/',
        'mail:incident.opened:https://www.city.example.lg.jp/news/',
        'mail:incident.page-joined:https://www.city.example.lg.jp/about/',
      ]);
      expect(new Set(rows.map((r) => r.message.link))).toEqual(
        new Set([`https://mamori.example.go.jp/incidents/${site.id}`]),
      );
    });

    it("opens nothing and pages nobody for a target Mamori's own network policy refused", async () => {
      const refused: Reason[] = [{ code: 'blocked', severity: 'high', message: 'Refused by network policy' }];
      await check(0, 'down', refused, T0, 'blocked');
      await check(0, 'down', refused, T0 + 1000, 'blocked');
      expect(await incidents.list({ limit: 10 })).toEqual([]);
      expect(await outbox.list({ limit: 10 })).toEqual([]);
    });

    it('calls a 404 degraded and a timeout down, as the console does', async () => {
      await check(0, 'down', [{ code: 'http-4xx', severity: 'high', message: 'HTTP 404' }], T0, 'http-4xx');
      await check(2, 'down', [{ code: 'timeout', severity: 'high', message: 'timed out' }], T0, 'timeout');
      const kinds = (await incidents.list({ scope: 'page', limit: 10 })).map((i) => [i.pageId, i.kind]);
      expect(kinds.sort()).toEqual(
        [
          [pages[0]!.id, 'degraded'],
          [pages[2]!.id, 'down'],
        ].sort(),
      );
    });

    it('keeps one site incident while a second page fails, and closes it only with the last page', async () => {
      await check(0, 'tampered', DEFACED, T0);
      await check(1, 'down', [{ code: 'http-5xx', message: 'HTTP 503', severity: 'high' }], T0 + 100);
      expect(await incidents.list({ scope: 'site', limit: 10 })).toHaveLength(1);
      const site = (await incidents.list({ scope: 'site', limit: 1 }))[0]!;
      expect((await incidents.children(site.id)).map((c) => c.kind)).toEqual(['tampered', 'down']);
      await check(0, 'unchanged', [], T0 + 200);
      await check(0, 'unchanged', [], T0 + 300);
      expect((await incidents.get(site.id))!.state).toBe('open');
      await check(1, 'unchanged', [], T0 + 400);
      await check(1, 'unchanged', [], T0 + 500);
      expect((await incidents.get(site.id))!.state).toBe('resolved');
    });

    it('groups incidents on two sites with the same signature into one campaign', async () => {
      await check(0, 'tampered', DEFACED, T0);
      await check(2, 'tampered', DEFACED, T0 + 60_000);
      const campaigns = await incidents.listCampaigns(10);
      expect(campaigns.map((c) => [c.title, c.keys])).toEqual([['“hacked by ghost”', ['signature:hacked by ghost']]]);
      const members = await incidents.list({ campaignId: campaigns[0]!.id, limit: 10 });
      expect(members.map((m) => m.siteId).sort()).toEqual([sites[0]!.id, sites[1]!.id].sort());
      // The prefecture's incident is critical, so the route for every organisation sent it; its own route did not apply.
      expect(
        (await outbox.list({ limit: 10 })).filter((r) => r.message.organisation.slug === 'pref').map((r) => r.channel),
      ).toEqual(['hook']);
    });

    it('limits incidents, campaigns and notifications to a set of organisations (tenancy scope)', async () => {
      await check(0, 'tampered', DEFACED, T0);
      await check(2, 'tampered', DEFACED, T0 + 60_000);
      const pref = sites[1]!.organisationId;
      expect(
        (await incidents.list({ organisationIds: [pref], limit: 10 })).every((i) => i.organisationId === pref),
      ).toBe(true);
      expect((await incidents.list({ organisationIds: [pref], limit: 10 })).length).toBeGreaterThan(0);
      expect(await incidents.list({ organisationIds: [], limit: 10 })).toEqual([]);
      expect(await incidents.listCampaigns(10, [pref])).toHaveLength(1);
      expect(await incidents.listCampaigns(10, [pref + 100])).toEqual([]);
      expect(await incidents.listCampaigns(10, [])).toEqual([]);
      const notes = await outbox.list({ organisationIds: [pref], limit: 10 });
      expect(notes.length).toBeGreaterThan(0);
      expect(notes.every((n) => n.message.organisation.slug === 'pref')).toBe(true);
      expect(await outbox.list({ organisationIds: [], limit: 10 })).toEqual([]);
    });

    it('silences a false positive and relearns the baseline only after approval', async () => {
      await fx.store.recordCheck(
        {
          pageId: pages[0]!.id,
          startedAt: T0 - 10,
          durationMs: 1,
          outcome: 'ok',
          httpStatus: 200,
          redirects: [],
          headers: {},
          bodyBytes: 1,
          bodySha256: 'a'.repeat(64),
          bodyKept: false,
          charset: null,
          remoteAddress: null,
          verdict: 'unchanged',
          reasons: [],
        },
        { status: 'unchanged', lastBodySha256: 'a'.repeat(64), baseline: { samples: 3 } as never },
      );
      await check(0, 'tampered', DEFACED, T0);
      const site = (await incidents.list({ scope: 'site', limit: 1 }))[0]!;
      const fp = await service.act(site.id, {
        action: 'false_positive',
        at: T0 + 10,
        actor: 'aoki',
        note: 'planned redesign',
      });
      expect(fp.ok).toBe(true);
      const page = (await incidents.children(site.id))[0]!;
      expect([page.state, page.relearn, page.suppressing]).toEqual(['false_positive', 'pending', true]);
      expect((await fx.store.getPage(pages[0]!.id))!.baseline).not.toBeNull();
      // The same finding again stays quiet.
      await check(0, 'tampered', DEFACED, T0 + 20);
      expect(await incidents.list({ state: 'active', limit: 10 })).toEqual([]);
      const again = await service.act(page.id, { action: 'acknowledge', at: T0 + 30, actor: null, note: null });
      expect(again).toMatchObject({ ok: false, status: 409 });
      const approved = await service.act(site.id, {
        action: 'approve_relearn',
        at: T0 + 40,
        actor: 'sato',
        note: null,
      });
      expect(approved.ok).toBe(true);
      expect((await incidents.get(page.id))!.relearn).toBe('approved');
      expect((await fx.store.getPage(pages[0]!.id))!.baseline).toBeNull();
      expect(await service.act(9999, { action: 'resolve', at: T0, actor: null, note: null })).toMatchObject({
        ok: false,
        status: 404,
      });
    });

    // Two SQLite connections in one process would block each other (better-sqlite3 waits for the
    // lock synchronously); separate processes are what BEGIN IMMEDIATE serialises. PostgreSQL pools
    // in one process behave as two processes do.
    it.skipIf(name === 'sqlite')(
      'opens one site incident when two processes see two pages of the site fail at once',
      async () => {
        const other = await fx.reopen();
        try {
          const second = new IncidentService({
            incidents: new IncidentStore(other.handle),
            store: other.store,
            routing: ROUTING,
            restoreAfterChecks: 2,
            campaignWindowMs: 3_600_000,
            log: pino({ level: 'silent' }),
          });
          const stored = await Promise.all(
            [0, 1].map((i) =>
              fx.store.recordCheck(
                {
                  pageId: pages[i]!.id,
                  startedAt: T0 + i,
                  durationMs: 1,
                  outcome: 'http-5xx',
                  httpStatus: 503,
                  redirects: [],
                  headers: {},
                  bodyBytes: null,
                  bodySha256: null,
                  bodyKept: false,
                  charset: null,
                  remoteAddress: null,
                  verdict: 'down',
                  reasons: [{ code: 'http-5xx', message: 'HTTP 503', severity: 'high' }],
                },
                { status: 'down', lastBodySha256: null },
              ),
            ),
          );
          const event = (i: number) =>
            ({
              page: pages[i]!,
              site: sites[0]!,
              check: stored[i]!,
              previousStatus: 'unchanged',
            }) as unknown as CheckEvent;
          await Promise.all([service.onCheck(event(0)), second.onCheck(event(1))]);
          const siteIncidents = await incidents.list({ scope: 'site', limit: 10 });
          expect(siteIncidents).toHaveLength(1);
          expect((await incidents.children(siteIncidents[0]!.id)).map((c) => c.pageId).sort()).toEqual(
            [pages[0]!.id, pages[1]!.id].sort(),
          );
          expect((await outbox.list({ limit: 10 })).map((r) => r.channel).sort()).toEqual(['hook', 'mail']);
        } finally {
          await other.store.close();
        }
      },
    );

    it('claims due outbox rows once, retries with a later time, and records delivery', async () => {
      await check(0, 'tampered', DEFACED, T0);
      const first = await outbox.claimDue(T0 + 5, 10, 60_000);
      expect(first).toHaveLength(2);
      // Leased: a second dispatcher gets nothing until the lease runs out.
      expect(await outbox.claimDue(T0 + 6, 10, 60_000)).toEqual([]);
      await outbox.markFailed(first[0]!.id, 'HTTP 503', T0 + 10_000, T0 + 6);
      await outbox.markDelivered(first[1]!.id, T0 + 7);
      expect(await outbox.claimDue(T0 + 9_000, 10, 60_000)).toEqual([]);
      const retry = await outbox.claimDue(T0 + 10_000, 10, 60_000);
      expect(retry.map((r) => [r.id, r.attempts, r.lastError])).toEqual([[first[0]!.id, 1, 'HTTP 503']]);
      await outbox.markFailed(retry[0]!.id, 'HTTP 404', null, T0 + 10_001);
      expect(await outbox.countByState()).toEqual({ pending: 0, delivered: 1, failed: 1, suppressed: 0 });
    });
  });
}

await onBothDatabases('incidents and outbox', testEnv(process.env), runSuite);
