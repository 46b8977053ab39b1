/**
 * Confirmation before paging, on SQLite and a real PostgreSQL: the real incident service behind the
 * ConfirmingObserver, reports arriving through the real probe service and its leases.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reason } from '../core/verdict.ts';
import { IncidentService } from '../incidents/incident-service.ts';
import { IncidentStore } from '../incidents/incident-store.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { onBothDatabases, testEnv, type TestDatabase } from '../store/both-databases.ts';
import type { Check, Page, Site } from '../store/types.ts';
import { ConfirmingObserver } from './confirming-observer.ts';
import { ProbeService } from './probe-service.ts';
import { VantageJobStore } from './vantage-job-store.ts';
import { VantageReportStore } from './vantage-report-store.ts';

const T0 = 1_760_000_000_000;
const DEFACED: Reason[] = [{ code: 'defacer-headline', message: 'The headline reads “Hacked by”.', severity: 'high' }];
const OSAKA = { tokenId: 7, tokenName: 'osaka' };

await onBothDatabases('confirmation before paging', testEnv(process.env), (backend, open) => {
  describe(`confirmation before paging (${backend})`, () => {
    let db: TestDatabase;
    let incidents: IncidentStore;
    let service: IncidentService;
    let reports: VantageReportStore;
    let jobs: VantageJobStore;
    let site: Site;
    let page: Page;
    let now: number;

    beforeEach(async () => {
      db = await open();
      await db.store.migrate();
      now = T0;
      incidents = new IncidentStore(db.handle);
      reports = new VantageReportStore(db.handle);
      jobs = new VantageJobStore(db.handle);
      service = new IncidentService({
        incidents,
        store: db.store,
        routing: { routes: [], maintenance: [] },
        restoreAfterChecks: 2,
        campaignWindowMs: 3_600_000,
        log: pino({ level: 'silent' }),
      });
      const org = await db.store.upsertOrganisation({ slug: 'city', name: 'City' }, T0);
      site = await db.store.upsertSite(
        { organisationId: org.id, origin: 'https://www.city.example', name: 'City' },
        T0,
      );
      page = (await db.store.addPage({ siteId: site.id, url: 'https://www.city.example/', source: 'declared' }, T0))
        .page;
    });
    afterEach(async () => db.cleanup());

    function stage(probes: string[]) {
      let probeService: ProbeService | null = null;
      const observer = new ConfirmingObserver({
        inner: service,
        reports,
        jobs,
        self: 'local',
        probes,
        mode: 'any',
        confirmWithinMs: 300_000,
        now: () => now,
        log: pino({ level: 'silent' }),
        onRequested: () => probeService?.wake(),
      });
      probeService = new ProbeService({
        jobs,
        reports,
        store: db.store,
        probes,
        leaseMs: 60_000,
        now: () => now,
        onReport: (id) => observer.onReport(id),
      });
      return { observer, probes: probeService };
    }

    async function check(
      observer: ConfirmingObserver,
      verdict: Check['verdict'],
      reasons: Reason[],
      bodySha256: string | null,
    ): Promise<void> {
      const stored = await db.store.recordCheck(
        {
          pageId: page.id,
          startedAt: now,
          durationMs: 5,
          outcome: verdict === 'down' ? 'http-5xx' : 'ok',
          httpStatus: verdict === 'down' ? 503 : 200,
          redirects: [],
          headers: {},
          bodyBytes: 10,
          bodySha256,
          bodyKept: false,
          charset: 'utf-8',
          remoteAddress: null,
          verdict,
          reasons,
        },
        { status: verdict, lastBodySha256: bodySha256 },
      );
      await observer.onCheck({ page, site, check: stored, previousStatus: page.status } as unknown as CheckEvent);
    }

    /** The probe leases its job and reports what it saw. */
    async function probeSees(
      probes: ProbeService,
      verdict: Check['verdict'],
      bodySha256: string | null,
    ): Promise<void> {
      now += 1_000;
      const leased = await probes.lease(OSAKA, 'osaka', 10, 0);
      if (!leased.ok) throw new Error(leased.message);
      expect(leased.jobs.map((j) => j.pageId)).toEqual([page.id]);
      const outcome = verdict === 'down' ? 'http-5xx' : 'ok';
      const done = await probes.report(OSAKA, {
        leaseId: leased.jobs[0]!.leaseId,
        verdict,
        outcome,
        bodySha256,
        reasons: [],
      });
      expect(done.ok).toBe(true);
    }

    const opened = async () => (await incidents.list({ limit: 10 })).map((i) => [i.scope, i.kind, i.reasonCodes]);

    it('with no probes configured, pages at once as before', async () => {
      const { observer } = stage([]);
      await check(observer, 'tampered', DEFACED, 'a'.repeat(64));
      expect(await opened()).toHaveLength(2);
      expect(await jobs.hasFree('osaka', now)).toBe(false);
    });

    it('holds a down page until the probe sees it down too, then pages', async () => {
      const { observer, probes } = stage(['osaka']);
      await check(observer, 'down', [], null);
      expect(await opened()).toEqual([]);
      expect(observer.awaiting()).toEqual([page.id]);
      await probeSees(probes, 'down', null);
      expect(observer.awaiting()).toEqual([]);
      expect((await opened()).map(([scope, kind]) => [scope, kind])).toEqual([
        ['page', 'down'],
        ['site', 'down'],
      ]);
    });

    it('does not page a down page the probe receives as usual (a local fault), but keeps both reports', async () => {
      const { observer, probes } = stage(['osaka']);
      await check(observer, 'down', [], null);
      await probeSees(probes, 'unchanged', 'b'.repeat(64));
      expect(await opened()).toEqual([]);
      expect(observer.awaiting()).toEqual([]);
      expect((await reports.agreement(page.id)).map((r) => [r.vantage, r.verdict])).toEqual([
        ['local', 'down'],
        ['osaka', 'unchanged'],
      ]);
    });

    it('pages a page tampered here and unchanged from the probe, with the vantage-cloaking reason', async () => {
      const { observer, probes } = stage(['osaka']);
      await check(observer, 'tampered', DEFACED, 'a'.repeat(64));
      expect(await opened()).toEqual([]);
      await probeSees(probes, 'unchanged', 'b'.repeat(64));
      const all = await incidents.list({ limit: 10 });
      expect(all.map((i) => i.scope)).toEqual(['page', 'site']);
      expect(all[0]!.reasonCodes).toContain('vantage-cloaking');
      expect(all[0]!.reasonCodes).toContain('defacer-headline');
    });
  });
});
