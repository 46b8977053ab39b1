/** The probe protocol over HTTP, on SQLite and a real PostgreSQL: leases, long polls, reports, refusals. */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../../auth/auth-store.ts';
import { TokenStore } from '../../auth/token-store.ts';
import { onBothDatabases, testEnv, type TestDatabase } from '../../store/both-databases.ts';
import { ProbeService } from '../../vantage/probe-service.ts';
import { VantageJobStore } from '../../vantage/vantage-job-store.ts';
import { VantageReportStore } from '../../vantage/vantage-report-store.ts';
import { createApi } from '../app.ts';
import { signIn } from '../auth-test-support.ts';
import type { ApiApp } from '../types.ts';

const T0 = 1_760_000_000_000;
const LEASE_MS = 60_000;
const SHA = 'a'.repeat(64);

await onBothDatabases('probe protocol', testEnv(process.env), (backend, open) => {
  describe(`probe protocol (${backend})`, () => {
    let db: TestDatabase;
    let app: ApiApp;
    let jobs: VantageJobStore;
    let reports: VantageReportStore;
    let service: ProbeService;
    let auth: AuthStore;
    let pageId: number;
    let now: number;
    const secrets: Record<string, string> = {};
    const reported: number[] = [];

    beforeEach(async () => {
      db = await open();
      await db.store.migrate();
      now = T0;
      reported.length = 0;
      jobs = new VantageJobStore(db.handle);
      reports = new VantageReportStore(db.handle);
      auth = new AuthStore(db.handle);
      const tokens = new TokenStore(db.handle);
      const org = await db.store.upsertOrganisation({ slug: 'city', name: 'City' }, T0);
      const site = await db.store.upsertSite({ organisationId: org.id, origin: 'https://www.city.example' }, T0);
      pageId = (await db.store.addPage({ siteId: site.id, url: 'https://www.city.example/a', source: 'declared' }, T0))
        .page.id;
      const owner = await auth.addUser(
        { username: 'ops', role: 'admin', organisationIds: [], password: 'pw-123456789' },
        T0,
      );
      for (const [name, scopes] of [
        ['osaka', ['probe']],
        ['kyoto', ['probe']],
        ['reader', ['read', 'write']],
      ] as const)
        secrets[name] = (await tokens.create({ userId: owner.id, name, scopes, expiresAt: null }, T0)).secret;
      service = new ProbeService({
        jobs,
        reports,
        store: db.store,
        probes: ['osaka', 'kyoto'],
        leaseMs: LEASE_MS,
        now: () => now,
        pollMs: 20,
        onReport: (id) => {
          reported.push(id);
          return Promise.resolve();
        },
      });
      app = createApi({
        store: db.store,
        version: 't',
        now: () => now,
        log: pino({ level: 'silent' }),
        auth: { store: auth, sessionTtlMs: 3_600_000, cookieSecure: false, tokens },
        probe: { probes: service, tokenName: async (id) => (await tokens.get(id))?.name ?? null },
        vantages: { reports, vantages: ['home', 'osaka', 'kyoto'] },
      });
    });
    afterEach(async () => db.cleanup());

    const post = (who: string, path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets[who]}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const lease = async (who: string, body: Record<string, unknown> = {}) => {
      const res = await post(who, '/api/probe/leases', { vantage: who, waitMs: 0, ...body });
      expect(res.status).toBe(200);
      return ((await res.json()) as { jobs: { leaseId: string; pageId: number; url: string }[] }).jobs;
    };
    const report = (who: string, leaseId: string, extra: Record<string, unknown> = {}) =>
      post(who, '/api/probe/reports', { leaseId, verdict: 'down', outcome: 'http-5xx', bodySha256: null, ...extra });

    it('leases a vantage’s job once, takes its report with the vantage of the lease, and refuses a replay', async () => {
      expect(await lease('osaka')).toEqual([]);
      expect(await jobs.request(pageId, ['osaka', 'kyoto'], now)).toEqual(['osaka', 'kyoto']);
      expect(await jobs.request(pageId, ['osaka'], now)).toEqual([]);
      const [job] = await lease('osaka');
      expect(job).toMatchObject({ pageId, url: 'https://www.city.example/a' });
      expect(await lease('osaka')).toEqual([]);
      // A body that names another vantage is not believed: the lease says whose report it is.
      const res = await report('osaka', job!.leaseId, { vantage: 'kyoto', verdict: 'unchanged', bodySha256: SHA });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ vantage: 'osaka', pageId });
      expect(await reports.latest(pageId, 0)).toEqual([{ vantage: 'osaka', verdict: 'unchanged', bodySha256: SHA }]);
      expect(reported).toEqual([pageId]);
      expect((await report('osaka', job!.leaseId)).status).toBe(409);
    });

    it('refuses a report on another token’s lease and on a lapsed one; a dead probe’s job returns to the pool', async () => {
      await jobs.request(pageId, ['osaka'], now);
      const [job] = await lease('osaka');
      expect((await report('kyoto', job!.leaseId)).status).toBe(409);
      expect((await report('osaka', 'lease_unknown')).status).toBe(409);
      now += LEASE_MS + 1;
      expect((await report('osaka', job!.leaseId)).status).toBe(409);
      const [again] = await lease('osaka');
      expect(again?.pageId).toBe(pageId);
      expect(again?.leaseId).not.toBe(job!.leaseId);
      expect((await report('osaka', again!.leaseId)).status).toBe(200);
      expect(await reports.latest(pageId, 0)).toEqual([{ vantage: 'osaka', verdict: 'down', bodySha256: null }]);
    });

    it('holds a lease request open until a job is requested', async () => {
      const held = post('osaka', '/api/probe/leases', { vantage: 'osaka', waitMs: 20_000 });
      await jobs.request(pageId, ['osaka'], now);
      service.wake();
      const res = await held;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { jobs: unknown[] }).jobs).toHaveLength(1);
    });

    it('lets only probe tokens in, each for its own configured vantage; probe tokens stay out of the estate', async () => {
      await jobs.request(pageId, ['osaka'], now);
      expect((await post('reader', '/api/probe/leases', { vantage: 'osaka', waitMs: 0 })).status).toBe(403);
      expect((await post('kyoto', '/api/probe/leases', { vantage: 'osaka', waitMs: 0 })).status).toBe(403);
      expect((await post('osaka', '/api/probe/leases', { vantage: 'nagoya', waitMs: 0 })).status).toBe(403);
      const admin = await signIn(app, auth, { role: 'admin' });
      expect((await admin.request('/api/probe/leases', { method: 'POST', json: { vantage: 'osaka' } })).status).toBe(
        403,
      );
      const estate = await app.request('/api/pages', { headers: { authorization: `Bearer ${secrets.osaka}` } });
      expect(estate.status).toBe(403);
      expect(await lease('osaka')).toHaveLength(1);
    });

    it('shows each vantage’s latest verdict on a page to those who may see the page', async () => {
      await reports.record(pageId, { vantage: 'home', verdict: 'tampered', bodySha256: SHA }, T0 + 5);
      await reports.record(pageId, { vantage: 'osaka', verdict: 'unchanged', bodySha256: 'b'.repeat(64) }, T0 + 9);
      const admin = await signIn(app, auth, { role: 'admin' });
      const res = await admin.api.pages[':id'].vantages.$get({ param: { id: String(pageId) } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        vantages: ['home', 'osaka', 'kyoto'],
        reports: [
          { vantage: 'home', verdict: 'tampered', bodySha256: SHA, checkedAt: T0 + 5 },
          { vantage: 'osaka', verdict: 'unchanged', bodySha256: 'b'.repeat(64), checkedAt: T0 + 9 },
        ],
      });
      const other = await db.store.upsertOrganisation({ slug: 'other', name: 'Other' }, T0);
      const outsider = await signIn(app, auth, { role: 'member', organisationIds: [other.id] });
      expect((await outsider.request(`/api/pages/${pageId}/vantages`)).status).toBe(404);
      const probe = await app.request(`/api/pages/${pageId}/vantages`, {
        headers: { authorization: `Bearer ${secrets.osaka}` },
      });
      expect(probe.status).toBe(403);
    });
  });
});
