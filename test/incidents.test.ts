import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../src/alert/http-sender.ts';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  waitFor,
  type SmtpReceiver,
  type WebhookReceiver,
} from '../src/alert/test-receivers.ts';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { main } from '../src/cli/main.ts';
import type { MamoriConfig } from '../src/config/schema.ts';
import { demoEstateConfig } from '../src/demo/demo-config.ts';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { DEMO_INCIDENT_TARGETS } from '../src/demo/incidents.ts';
import { syncEstate } from '../src/estate/sync-config.ts';
import type { Page } from '../src/store/types.ts';
import { freePort, silentLog, tempDir, testConfig } from './helpers.ts';

const SECRET = 'end-to-end-shared-secret';

/**
 * Incidents and notifications end to end on the loopback demo estate: a defacement becomes an
 * incident while both receivers are out (webhook answering 503, SMTP not listening); Mamori stops
 * with the notifications owed; after a restart on the same database they reach a real webhook
 * receiver and a real SMTP server; restoration resolves the incident and is notified too. A site in
 * a maintenance window gets its incident, but no message.
 */
describe('incidents and notifications on the demo estate', () => {
  const estate = createDemoEstate();
  let server: EstateServer;
  let hook: WebhookReceiver;
  let smtp: SmtpReceiver | null = null;
  let smtpPort: number;
  let tmp: ReturnType<typeof tempDir>;
  let config: MamoriConfig;
  let runtime: Runtime;
  let pages: Page[];

  const urlOf = (ref: { siteKey: string; path: string }) => server.urlFor(ref.siteKey, ref.path);
  const checkAll = () => Promise.all(pages.map((p) => runtime.checks.checkPage(p.id)));

  beforeAll(async () => {
    server = await startEstateServer(estate);
    hook = await startWebhookReceiver();
    smtpPort = await freePort();
    tmp = tempDir();
    const listing = new URL(urlOf(DEMO_INCIDENT_TARGETS.hiddenLinkInListing)).origin;
    config = testConfig(tmp.dir, {
      estate: demoEstateConfig(estate, server, 300),
      render: { enabled: false },
      evidence: { enabled: false },
      alerts: {
        channels: [
          { name: 'soc-hook', type: 'webhook', url: hook.url, secret: SECRET },
          {
            name: 'soc-mail',
            type: 'email',
            host: '127.0.0.1',
            port: smtpPort,
            from: 'mamori@example.go.jp',
            to: ['soc@example.go.jp'],
          },
        ],
        routes: [{ organisations: [], minSeverity: 'low', channels: ['soc-hook', 'soc-mail'] }],
        maintenance: [
          { site: listing, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', reason: 'planned CMS upgrade' },
        ],
        pollMs: 50,
        retryBaseMs: 100,
        retryMaxMs: 1000,
        timeoutMs: 2000,
      },
    });
    runtime = await openRuntime(config, silentLog);
    await syncEstate(runtime.store, config.estate.organisations, Date.now());
    pages = (await runtime.store.listPages({ limit: 1000 })).items;
  });

  afterAll(async () => {
    await runtime?.close();
    await smtp?.close();
    await hook?.close();
    await server?.close();
    tmp?.remove();
  });

  it('learns the estate without opening an incident', async () => {
    for (let tick = 0; tick < 6; tick++) {
      server.setState({ tick });
      await checkAll();
    }
    expect(await runtime.incidents.store.list({ limit: 10 })).toEqual([]);
  });

  it('opens incidents for the defacement while the receivers are down, and keeps what it owes', async () => {
    hook.status = 503;
    server.setState({ tick: 6, incidents: { localOfficeDefaced: true, hiddenLinkInListing: true } });
    await checkAll();
    const sites = await runtime.incidents.store.list({ scope: 'site', state: 'active', limit: 10 });
    expect(sites.map((s) => [s.kind, s.severity]).sort()).toEqual([
      ['tampered', 'critical'],
      ['tampered', 'critical'],
    ]);
    const defacedPage = (await runtime.store.getPageByUrl(urlOf(DEMO_INCIDENT_TARGETS.localOfficeDefaced)))!;
    const [pageIncident] = await runtime.incidents.store.list({ pageId: defacedPage.id, limit: 1 });
    expect(pageIncident).toMatchObject({ state: 'open', kind: 'tampered' });
    expect(pageIncident!.hosts.length).toBeGreaterThan(0);

    // One delivery pass, as serve's dispatcher would make: both receivers fail, nothing is lost.
    await runtime.incidents.alerts.dispatcher.runOnce();
    const rows = await runtime.incidents.alerts.outbox.list({ limit: 20 });
    const owed = rows.filter((r) => r.state === 'pending');
    expect(owed.map((r) => r.channel).sort()).toEqual(['soc-hook', 'soc-mail']);
    expect(owed.every((r) => r.attempts === 1 && r.lastError !== null)).toBe(true);
    expect(rows.filter((r) => r.state === 'suppressed')).toHaveLength(2);
    expect(hook.received).toEqual([]);
  });

  it('delivers after a restart to the real webhook receiver and SMTP server, once each', async () => {
    await runtime.close();
    hook.status = 200;
    smtp = await startSmtpReceiver(smtpPort);
    runtime = await openRuntime(config, silentLog);
    runtime.incidents.alerts.dispatcher.start();
    await waitFor(
      () => hook.received.length >= 1 && (smtp?.received.length ?? 0) >= 1,
      15_000,
      'the webhook and the mail',
    );

    const got = hook.received[0]!;
    expect(got.headers[SIGNATURE_HEADER]).toBe(signBody(SECRET, String(got.headers[TIMESTAMP_HEADER]), got.body));
    const body = JSON.parse(got.body) as {
      event: string;
      kind: string;
      severity: string;
      pageUrl: string;
      organisation: { name: string };
    };
    expect(body).toMatchObject({
      event: 'incident.opened',
      kind: 'tampered',
      severity: 'critical',
      pageUrl: urlOf(DEMO_INCIDENT_TARGETS.localOfficeDefaced),
    });
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['soc@example.go.jp']);
    expect(mail.raw).toMatch(/X-Mamori-Event: incident\.opened/);
    await runtime.incidents.alerts.dispatcher.runOnce();
    expect(hook.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
  });

  it('resolves the incident when the page is back to its baseline, and says so', async () => {
    pages = (await runtime.store.listPages({ limit: 1000 })).items;
    for (const tick of [7, 8]) {
      server.setState({ tick, incidents: { localOfficeDefaced: false, hiddenLinkInListing: false } });
      await checkAll();
    }
    const all = await runtime.incidents.store.list({ limit: 20 });
    expect(all.filter((i) => i.state !== 'resolved')).toEqual([]);
    expect(all.every((i) => i.resolution === 'restored')).toBe(true);
    await waitFor(
      () => hook.received.length >= 2 && (smtp?.received.length ?? 0) >= 2,
      15_000,
      'the restoration notices',
    );
    expect(JSON.parse(hook.received[1]!.body) as { event: string; state: string }).toMatchObject({
      event: 'incident.restored',
      state: 'resolved',
    });
    const site = all.find(
      (i) =>
        i.scope === 'site' &&
        i.pageId === null &&
        hook.received.some((r) => (JSON.parse(r.body) as { incidentId: number }).incidentId === i.id),
    )!;
    expect((await runtime.incidents.store.events(site.id)).map((e) => e.type)).toEqual(['opened', 'restored']);
  });

  it('lists them with mamori incidents', async () => {
    await runtime.close();
    const env = {
      MAMORI_DATABASE_URL: config.database.url,
      MAMORI_DATA_DIR: config.dataDir,
      MAMORI_RENDER_ENABLED: 'false',
      MAMORI_EVIDENCE_ENABLED: 'false',
    };
    Object.assign(process.env, env);
    try {
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(['node', 'mamori', 'incidents', ...args], {
          out: (t) => out.push(t),
          err: (t) => err.push(t),
          isTTY: false,
        });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      expect(await run()).toMatchObject({ code: 0, out: 'No incidents.' });
      const all = await run('--all');
      expect(all.code).toBe(0);
      expect(all.out).toMatch(/#\d+ CRITICAL resolved/);
      expect(all.out).toContain(urlOf(DEMO_INCIDENT_TARGETS.localOfficeDefaced));
      expect(all.out.split('\n').at(-1)).toBe('4 incidents, 0 active');
      expect(await run('--state', 'sleeping')).toMatchObject({
        code: 2,
        err: expect.stringContaining('--state must be one of') as unknown,
      });
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
      runtime = await openRuntime(config, silentLog);
    }
  });
});
