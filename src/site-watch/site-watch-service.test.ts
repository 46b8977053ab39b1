/**
 * The site watches end to end over real servers on loopback: a DNS server the test controls, HTTPS
 * servers with certificates the test makes, an RDAP service, a page server with headers; the real
 * store (SQLite and PostgreSQL), incident service and outbox.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutboxStore } from '../alert/outbox-store.ts';
import { createTestPki, type TestPki } from '../evidence/test-pki.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import { EvidenceStore } from '../evidence/evidence-store.ts';
import { IncidentService } from '../incidents/incident-service.ts';
import { IncidentStore } from '../incidents/incident-store.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import { onBothDatabases, testEnv, type OpenTestDatabase, type TestDatabase } from '../store/both-databases.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { Site } from '../store/types.ts';
import { CheckService } from '../watch/check-page.ts';
import { systemClock } from '../pipeline/clock.ts';
import { HostGate } from '../watch/host-gate.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { makeResolver } from './dns-resolve.ts';
import { SiteWatchService, type SiteWatchSettings } from './site-watch-service.ts';
import { SiteWatchStore } from './site-watch-store.ts';
import { startTestDnsServer, type TestDnsServer, type TestZone } from './test-dns-server.ts';
import { startTestRdapServer, type TestRdapServer } from './test-rdap-server.ts';

const DAY = 86_400_000;
const log = pino({ level: 'silent' });
const ZONE: TestZone = {
  'www.ministry.test': { A: ['203.0.113.10'] },
  'ministry.test': {
    NS: ['ns1.dns-host.net', 'ns2.dns-host.net'],
    CAA: ['0 issue good-ca.example'],
    TXT: ['v=spf1 -all'],
  },
  '_dmarc.ministry.test': { TXT: ['v=DMARC1; p=reject'] },
};

let pki: TestPki;
let otherPki: TestPki;
let dns: TestDnsServer;
let rdap: TestRdapServer;

beforeAll(async () => {
  [pki, otherPki, dns, rdap] = await Promise.all([
    createTestPki(),
    createTestPki(),
    startTestDnsServer(ZONE),
    startTestRdapServer(),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([pki.remove(), otherPki.remove(), dns.close(), rdap.close()]);
});

function startHttps(cert: { cert: string; key: string }): Promise<HttpsServer> {
  const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('ok'));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runSuite(backend: string, open: OpenTestDatabase): void {
  describe(`site watch: ${backend}`, () => {
    let fx: TestDatabase;
    let incidents: IncidentStore;
    let outbox: OutboxStore;
    let watches: SiteWatchStore;
    let orgId: number;
    const servers: { close(cb?: () => void): unknown }[] = [];

    function service(
      names: Record<string, string>,
      extra: Partial<SiteWatchSettings> = {},
      ledger?: EvidenceStore,
      policy: NetworkPolicy = { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    ): SiteWatchService {
      const settings: SiteWatchSettings = {
        intervalSeconds: 60,
        timeoutMs: 5000,
        learnSamples: 1,
        renewalDays: 30,
        expiryDays: [30, 14, 7],
        rdapIntervalHours: 12,
        names,
        ...extra,
      };
      const incidentService = new IncidentService({
        incidents,
        store: fx.store,
        routing: { routes: [{ organisations: [], minSeverity: 'low', channels: ['hook'] }], maintenance: [] },
        restoreAfterChecks: 2,
        campaignWindowMs: 3_600_000,
        log,
      });
      return new SiteWatchService({
        store: fx.store,
        watches,
        incidents: incidentService,
        incidentStore: incidents,
        resolver: makeResolver({ servers: [dns.server], timeoutMs: 5000 }),
        extraCa: [pki.ca.cert],
        policy,
        settings,
        clock: systemClock,
        log,
        ...(ledger ? { ledger } : {}),
      });
    }

    async function site(origin: string): Promise<Site> {
      return fx.store.upsertSite({ organisationId: orgId, origin, name: 'Ministry' }, Date.now());
    }

    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      incidents = new IncidentStore(fx.handle);
      outbox = new OutboxStore(fx.handle);
      watches = new SiteWatchStore(fx.handle);
      orgId = (await fx.store.upsertOrganisation({ slug: 'ministry', name: 'Ministry' }, Date.now())).id;
      dns.setZone(ZONE);
    });
    afterEach(async () => {
      for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
      await fx.cleanup();
    });

    it('loops only while active: a loss and a gain during a round leave it looking, a loss stops it', async () => {
      await site('http://127.0.0.1:9');
      const watch = service({ 'http://127.0.0.1:9': 'www.ministry.test' }, { intervalSeconds: 0.05 });
      let looks = 0;
      const flip: { done?: Promise<void> } = {};
      watch.onLook(() => {
        looks += 1;
        // Told while the first round is under way: the lease lost and taken back at once.
        if (flip.done) return;
        void watch.setActive(false);
        flip.done = watch.setActive(true);
      });
      const waitFor = (fn: () => boolean) => vi.waitFor(() => expect(fn()).toBe(true), { timeout: 10_000 });
      await watch.setActive(true);
      await waitFor(() => flip.done !== undefined);
      await flip.done;
      await waitFor(() => looks >= 3);
      await watch.setActive(false);
      const stopped = looks;
      await new Promise((r) => setTimeout(r, 300));
      expect(looks).toBe(stopped);
    });

    it('learns a name, opens a notified tampering incident when its NS move, and restores it when they come back', async () => {
      const s = await site('http://127.0.0.1:9');
      const ledger = new EvidenceStore(fx.handle);
      const watch = service({ 'http://127.0.0.1:9': 'www.ministry.test' }, {}, ledger);
      expect((await watch.lookAt(s)).map((r) => [r.watch, r.outcome])).toEqual([['dns', 'ok']]);
      // CDN churn: another address in the learnt network is learnt quietly.
      dns.setZone({ ...ZONE, 'www.ministry.test': { A: ['203.0.113.99'] } });
      expect((await watch.lookAt(s))[0]!.outcome).toBe('ok');

      dns.setZone({ ...ZONE, 'ministry.test': { ...ZONE['ministry.test'], NS: ['ns1.attacker-dns.example'] } });
      const [hijack] = await watch.lookAt(s);
      expect(hijack!.codes).toContain('dns-ns-changed');
      const incident = await incidents.get(hijack!.incidentId!);
      expect(incident).toMatchObject({
        scope: 'site',
        pageId: null,
        kind: 'tampered',
        severity: 'critical',
        state: 'open',
      });
      expect((await outbox.list({ limit: 10 })).map((o) => [o.channel, o.message.event])).toEqual([
        ['hook', 'incident.opened'],
      ]);
      // Seen again: the same incident, quietly.
      expect((await watch.lookAt(s))[0]!.incidentId).toBe(incident!.id);
      expect(await outbox.list({ limit: 10 })).toHaveLength(1);

      dns.setZone(ZONE);
      await watch.lookAt(s);
      await watch.lookAt(s);
      expect(await incidents.get(incident!.id)).toMatchObject({ state: 'resolved', resolution: 'restored' });
      // History is changes: a look that saw what the one before saw only moves its lastAt.
      const history = await watches.looks(s.id, 'dns', 10);
      expect(history.map((l) => l.outcome)).toEqual(['ok', 'findings', 'ok', 'ok']);
      expect(history[1]!.snapshot).toMatchObject({ ns: ['ns1.attacker-dns.example'] });
      expect(history[1]!.lastAt).toBeGreaterThan(history[1]!.at);
      // Each change is in the custody ledger, hash-chained with the captures; repeats are not.
      const entries = (await ledger.entries(0, 100)).filter((e) => e.kind === 'site-watch');
      expect(entries.map((e) => (JSON.parse(e.details) as { outcome: string }).outcome)).toEqual([
        'ok',
        'ok',
        'findings',
        'ok',
      ]);
      expect(JSON.parse(entries[2]!.details)).toMatchObject({
        watch: 'dns',
        codes: ['dns-ns-changed'],
        snapshot: { ns: ['ns1.attacker-dns.example'] },
      });
    });

    it('learns what an analyst accepts: a closed incident makes the current answer the baseline', async () => {
      const s = await site('http://127.0.0.1:10');
      const watch = service({ 'http://127.0.0.1:10': 'www.ministry.test' });
      await watch.lookAt(s);
      dns.setZone({ ...ZONE, 'www.ministry.test': { A: ['198.51.100.20'] } });
      const [moved] = await watch.lookAt(s);
      expect(moved!.codes).toEqual(['dns-address-moved']);
      const closer = new IncidentService({
        incidents,
        store: fx.store,
        routing: { routes: [], maintenance: [] },
        restoreAfterChecks: 2,
        campaignWindowMs: 1,
        log,
      });
      expect(
        (await closer.act(moved!.incidentId!, { action: 'resolve', at: Date.now(), actor: 'analyst', note: null })).ok,
      ).toBe(true);
      expect((await watch.lookAt(s))[0]!.outcome).toBe('ok');
      expect((await watch.lookAt(s))[0]!.outcome).toBe('ok');
    });

    it('judges certificates: expiry, a new key from an untrusted issuer, a name not covered', async () => {
      const good = await pki.issue('good', '/CN=www.ministry.test', ['subjectAltName=DNS:www.ministry.test'], 90);
      const server = await startHttps(good);
      servers.push(server);
      const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const s = await site(origin);
      const watch = service({ [origin]: 'www.ministry.test' });
      const [first, tls] = await watch.lookAt(s);
      expect(first!.watch).toBe('dns');
      expect([tls!.watch, tls!.outcome, tls!.codes]).toEqual(['tls', 'ok', []]);
      const looks = await watches.looks(s.id, 'tls', 1);
      expect(looks[0]!.snapshot).toMatchObject({
        protocol: 'TLSv1.3',
        authorized: true,
        // The chain as validated: the leaf, then the trusted CA it chains to.
        chain: [{ sans: ['DNS:www.ministry.test'] }, { subject: 'CN=Mamori Test CA, O=Mamori tests' }],
      });

      const rogue = await otherPki.issue(
        'rogue',
        '/CN=www.ministry.test',
        ['subjectAltName=DNS:www.ministry.test'],
        90,
      );
      server.setSecureContext({ cert: rogue.cert, key: rogue.key });
      const [, swapped] = await watch.lookAt(s);
      expect(swapped!.codes.sort()).toEqual(['tls-key-changed', 'tls-untrusted-chain']);
      expect(await incidents.get(swapped!.incidentId!)).toMatchObject({ kind: 'suspicious', state: 'open' });

      const expiring = await pki.issue(
        'expiring',
        '/CN=www.ministry.test',
        ['subjectAltName=DNS:www.ministry.test'],
        5,
      );
      const other = await startHttps(expiring);
      servers.push(other);
      const origin2 = `https://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const s2 = await fx.store.upsertSite({ organisationId: orgId, origin: origin2, name: 'Court' }, Date.now());
      const [, soon] = await service({ [origin2]: 'www.ministry.test' }).lookAt(s2);
      expect(soon!.codes).toEqual(['tls-certificate-expires-within-7']);
      expect(await incidents.get(soon!.incidentId!)).toMatchObject({ kind: 'degraded', severity: 'high' });

      const wrong = await pki.issue('wrong', '/CN=elsewhere.test', ['subjectAltName=DNS:elsewhere.test'], 90);
      other.setSecureContext({ cert: wrong.cert, key: wrong.key });
      const s3 = await fx.store.upsertSite(
        { organisationId: orgId, origin: origin2.replace('127.0.0.1', 'localhost'), name: 'Court 2' },
        Date.now(),
      );
      const [mismatch] = await service({ [s3.origin]: 'www.ministry.test' })
        .lookAt(s3)
        .then((r) => r.filter((x) => x.watch === 'tls'));
      expect(mismatch!.codes).toEqual(['tls-hostname-mismatch']);
    });

    it('keeps the certificate watch within the network policy, as page fetches are', async () => {
      const good = await pki.issue('policy', '/CN=www.ministry.test', ['subjectAltName=DNS:www.ministry.test'], 90);
      const server = await startHttps(good);
      servers.push(server);
      const port = (server.address() as AddressInfo).port;
      for (const host of ['127.0.0.1', 'localhost']) {
        const s = await site(`https://${host}:${port}`);
        const strict = service({ [s.origin]: 'www.ministry.test' }, {}, undefined, {
          allowLoopback: false,
          allowPrivate: false,
          allowCidrs: [],
        });
        const tls = (await strict.lookAt(s)).find((r) => r.watch === 'tls')!;
        expect(tls.outcome).toBe('error');
        expect((await watches.looks(s.id, 'tls', 1))[0]!.error).toMatch(/loopback/i);
      }
    });

    it('asks RDAP for the registration and opens an incident as it nears expiry', async () => {
      const s = await site('http://127.0.0.1:11');
      rdap.set('ministry.test', { expiresAt: Date.now() + 10 * DAY, registrar: 'Good Registrar' });
      const watch = service({ 'http://127.0.0.1:11': 'www.ministry.test' }, { rdapBaseUrl: rdap.baseUrl });
      const domain = (await watch.lookAt(s)).find((r) => r.watch === 'domain')!;
      expect([domain.subject, domain.codes]).toEqual(['ministry.test', ['domain-expires-within-14']]);
      expect(await incidents.get(domain.incidentId!)).toMatchObject({ kind: 'degraded', severity: 'medium' });
      // RDAP is paced: the next round within rdapIntervalHours does not ask again.
      expect((await watch.lookAt(s)).map((r) => r.watch)).toEqual(['dns']);
      const s2 = await site('http://127.0.0.1:12');
      const failing = service({ 'http://127.0.0.1:12': 'www.unknown.test' }, { rdapBaseUrl: rdap.baseUrl });
      const missing = (await failing.lookAt(s2)).find((r) => r.watch === 'domain')!;
      expect(missing.outcome).toBe('error');
      expect((await watches.looks(s2.id, 'domain', 1))[0]!.error).toContain('HTTP 404');
    });
  });
}

describe('site watch: security headers from page checks', () => {
  let server: TestServer;
  let csp = "default-src 'self'; script-src 'self'";
  beforeAll(async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
      });
      res.end('<html><body><h1>Ministry</h1></body></html>');
    });
  });
  afterAll(() => server.close());

  it('compares a home page’s headers and says a CSP that newly allows inline script, with before and after', async () => {
    const dir = await makeTempDir();
    const { openStoreWithHandle } = await import('../store/open-store.ts');
    const { store, handle } = await openStoreWithHandle({ url: `sqlite:${dir.path}/h.db` });
    try {
      await store.migrate();
      const incidents = new IncidentStore(handle);
      const watches = new SiteWatchStore(handle);
      const incidentService = new IncidentService({
        incidents,
        store,
        routing: { routes: [], maintenance: [] },
        restoreAfterChecks: 2,
        campaignWindowMs: 1,
        log,
      });
      const watch = new SiteWatchService({
        store,
        watches,
        incidents: incidentService,
        incidentStore: incidents,
        resolver: makeResolver({ servers: [dns.server], timeoutMs: 2000 }),
        extraCa: [],
        policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
        settings: {
          intervalSeconds: 60,
          timeoutMs: 2000,
          learnSamples: 1,
          renewalDays: 30,
          expiryDays: [30],
          rdapIntervalHours: 12,
          names: {},
        },
        clock: systemClock,
        log,
      });
      const fetcher = createFetcher({
        limits: {
          connectTimeoutMs: 5000,
          headersTimeoutMs: 5000,
          totalTimeoutMs: 10_000,
          maxBodyBytes: 1 << 20,
          maxDecodedBytes: 1 << 20,
          maxRedirects: 3,
        },
        policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
        userAgent: 'test',
        connectionsPerOrigin: 2,
      });
      const checks = new CheckService({
        store,
        blobs: new FsBlobStore(`${dir.path}/blobs`),
        fetcher,
        gate: new HostGate({ perHostConcurrency: 2, minSpacingMs: 0 }, systemClock),
        clock: systemClock,
        log,
        minSamples: 1,
        observers: [watch],
      });
      const org = await store.upsertOrganisation({ slug: 'm', name: 'M' }, Date.now());
      const s = await store.upsertSite({ organisationId: org.id, origin: server.origin, name: 'M' }, Date.now());
      const { page } = await store.addPage({ siteId: s.id, url: `${s.origin}/`, source: 'declared' }, Date.now());
      await checks.checkPage(page.id);
      csp = "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.elsewhere.example";
      await checks.checkPage(page.id);
      const [latest, first] = await watches.looks(s.id, 'headers', 10);
      expect(first!.outcome).toBe('ok');
      expect(latest!.outcome).toBe('findings');
      expect(latest!.findings[0]!.evidence?.snippet).toBe(`default-src 'self'; script-src 'self' → ${csp}`);
      expect(await incidents.get(latest!.incidentId!)).toMatchObject({ kind: 'suspicious', scope: 'site' });
      await fetcher.close();
    } finally {
      await store.close();
      await dir.remove();
    }
  }, 30_000);
});

await onBothDatabases('site watch', testEnv(process.env), runSuite);
