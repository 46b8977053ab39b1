import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  waitFor,
  type SmtpReceiver,
  type WebhookReceiver,
} from '../src/alert/test-receivers.ts';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { startServer, type RunningServer } from '../src/app/server.ts';
import type { MamoriConfig } from '../src/config/schema.ts';
import { demoEstateConfig } from '../src/demo/demo-config.ts';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { DEMO_INCIDENT_TARGETS, SUBPAGE_DOWN_CONTROL } from '../src/demo/incidents.ts';
import { syncEstate } from '../src/estate/sync-config.ts';
import type { Claim } from '../src/intel/types.ts';
import { OASIS_SCHEMAS_DIR, loadOasisValidator } from '../src/interop/stix/oasis-schemas.ts';
import type { StixObject } from '../src/interop/stix/types.ts';
import type { Page } from '../src/store/types.ts';
import { freePort, silentLog, tempDir, testConfig } from './helpers.ts';

const ADMIN_PASSWORD = 'timeline-admin-password';
const ANNOUNCEMENT = {
  title: '#OpCopyright',
  text: 'Over the new Copyright Enforcement Act we will attack the Japanese government, its courts and the Japan Recording Industry Association. Expect us.',
  source: 'hacktivist-channel',
};

/** Signs in as the first-start admin and returns a JSON caller for the live API. */
async function apiClient(
  server: RunningServer,
): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const cookie = /mamori_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json() };
  };
}

/**
 * The motivating case, replayed on the loopback demo estate through the real pipeline:
 * a hacktivist announcement naming the government, its courts and a recording-industry body puts
 * them on heightened watch; then a sub-page goes down while its site's home page stays up, a local
 * office's page shows an image and an English message, and an external link is hidden in a news
 * listing. The three incidents form one campaign (the threat ties them, though they share no
 * signature), their notifications survive a restart while both receivers are out and then reach
 * a real webhook receiver and a real SMTP server, and two public claims are checked: one about an
 * intact site is refuted, one about the defaced page confirmed, each with its checks as evidence.
 */
describe('the motivating timeline', () => {
  const estate = createDemoEstate();
  let server: EstateServer;
  let hook: WebhookReceiver;
  let smtp: SmtpReceiver | null = null;
  let smtpPort: number;
  let tmp: ReturnType<typeof tempDir>;
  let config: MamoriConfig;
  let runtime: Runtime;
  let api: RunningServer;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let pages: Page[];
  let threatId: string;

  const urlOf = (ref: { siteKey: string; path: string }) => server.urlFor(ref.siteKey, ref.path);
  const checkAll = () => Promise.all(pages.map((p) => runtime.checks.checkPage(p.id)));
  const siteIncidents = () => runtime.incidents.store.list({ scope: 'site', state: 'active', limit: 20 });

  beforeAll(async () => {
    server = await startEstateServer(estate);
    hook = await startWebhookReceiver();
    smtpPort = await freePort();
    tmp = tempDir();
    config = testConfig(tmp.dir, {
      estate: demoEstateConfig(estate, server, 300),
      render: { enabled: false },
      auth: { adminPassword: ADMIN_PASSWORD },
      intel: { keywords: ['#OpCopyright'], heightenedIntervalSeconds: 30 },
      alerts: {
        channels: [
          { name: 'soc-hook', type: 'webhook', url: hook.url, secret: 'timeline-shared-secret' },
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
        pollMs: 50,
        retryBaseMs: 100,
        retryMaxMs: 1000,
        timeoutMs: 2000,
      },
    });
    runtime = await openRuntime(config, silentLog);
    await syncEstate(runtime.store, config.estate.organisations, Date.now());
    pages = (await runtime.store.listPages({ limit: 1000 })).items;
    api = await startServer(runtime, null);
    call = await apiClient(api);
  });

  afterAll(async () => {
    await api?.close();
    await runtime?.close();
    await smtp?.close();
    await hook?.close();
    await server?.close();
    tmp?.remove();
  });

  it('learns the estate quietly', async () => {
    for (let tick = 0; tick < 6; tick++) {
      server.setState({ tick });
      await checkAll();
    }
    expect(await siteIncidents()).toEqual([]);
  });

  it('opens a threat from the announcement and puts the government, the courts and the recording-industry body on heightened watch', async () => {
    const res = await call('POST', '/api/threats', ANNOUNCEMENT);
    expect(res.status).toBe(201);
    const { threat } = res.json as {
      threat: { id: string; targets: { organisationId: number; by: string }[]; keywords: string[] };
    };
    threatId = threat.id;
    const orgs = await runtime.store.listOrganisations();
    const bySlug = new Map(orgs.map((o) => [o.slug, o.id]));
    expect(threat.targets.map((t) => [t.organisationId, t.by]).sort()).toEqual(
      [
        [bySlug.get('moj'), 'sector'],
        [bySlug.get('soumu'), 'sector'],
        [bySlug.get('courts'), 'sector'],
        [bySlug.get('recording'), 'alias'],
      ].sort(),
    );
    expect(threat.keywords).toContain('#opcopyright');
    for (const site of await runtime.store.listSites())
      expect(runtime.intel.heightened.isHeightened({ siteId: site.id })).toBe(true);
  });

  it('sees the three attacks as three incidents in one campaign, while the receivers are out', async () => {
    hook.status = 503;
    server.setState({ tick: 6, incidents: { subpageDown: true, localOfficeDefaced: true, hiddenLinkInListing: true } });
    for (let round = 0; round < 4 && (await siteIncidents()).length < 3; round++) await checkAll();
    const sites = await siteIncidents();
    expect(sites.map((s) => s.kind).sort()).toEqual(['down', 'tampered', 'tampered']);
    expect(sites.every((s) => s.threatId === threatId)).toBe(true);
    const campaigns = new Set(sites.map((s) => s.campaignId));
    expect(campaigns.size).toBe(1);
    expect([...campaigns][0]).not.toBeNull();
    const campaign = await runtime.incidents.store.getCampaign([...campaigns][0]!);
    expect(campaign?.keys).toContain(`threat:${threatId}`);
    // The outage is of the sub-page only: the soumu home page stayed up.
    expect((await runtime.store.getPageByUrl(urlOf(SUBPAGE_DOWN_CONTROL)))?.status).not.toBe('down');
    expect((await runtime.store.getPageByUrl(urlOf(DEMO_INCIDENT_TARGETS.subpageDown)))?.status).toBe('down');

    await runtime.incidents.alerts.dispatcher.runOnce();
    const owed = (await runtime.incidents.alerts.outbox.list({ limit: 50 })).filter((r) => r.state === 'pending');
    expect(owed.length).toBeGreaterThanOrEqual(6); // three incidents × two channels, none delivered
    expect(hook.received).toEqual([]);
  });

  it('delivers every notice after a restart, to the real webhook receiver and SMTP server', async () => {
    await api.close();
    await runtime.close();
    hook.status = 200;
    smtp = await startSmtpReceiver(smtpPort);
    runtime = await openRuntime(config, silentLog);
    api = await startServer(runtime, null);
    call = await apiClient(api);
    runtime.incidents.alerts.dispatcher.start();
    const sites = await siteIncidents();
    const delivered = (id: number) =>
      hook.received.some((r) => (JSON.parse(r.body) as { incidentId: number }).incidentId === id);
    await waitFor(
      () => sites.every((s) => delivered(s.id)) && (smtp?.received.length ?? 0) >= 3,
      20_000,
      'notices of the three site incidents',
    );
    const urls = hook.received.map((r) => (JSON.parse(r.body) as { pageUrl: string | null }).pageUrl);
    for (const name of ['subpageDown', 'localOfficeDefaced', 'hiddenLinkInListing'] as const)
      expect(urls).toContain(urlOf(DEMO_INCIDENT_TARGETS[name]));
    expect(runtime.intel.heightened.isHeightened({ siteId: sites[0]!.siteId })).toBe(true); // the watch survives the restart too
  });

  it('refutes a claim about an intact site and confirms one about the defaced page, each with evidence', async () => {
    const intactHome = server.urlFor('recording', '/');
    const refuted = await call('POST', '/api/claims', {
      text: `${intactHome} was hacked by Kuro Team`,
      source: 'social-media',
      threatId,
    });
    expect(refuted.status).toBe(201);
    const r = refuted.json as Claim;
    expect(r).toMatchObject({ status: 'refuted', asserts: 'defaced', incidentId: null, threatId });
    expect(r.checkIds.length).toBeGreaterThan(0);

    const defaced = urlOf(DEMO_INCIDENT_TARGETS.localOfficeDefaced);
    const confirmed = await call('POST', '/api/claims', {
      text: `We defaced ${defaced} #OpCopyright`,
      source: 'social-media',
      threatId,
    });
    const c = confirmed.json as Claim;
    expect(c).toMatchObject({ status: 'confirmed', asserts: 'defaced' });
    const pageIncident = (
      await runtime.incidents.store.list({
        pageId: (await runtime.store.getPageByUrl(defaced))!.id,
        state: 'active',
        limit: 1,
      })
    )[0];
    expect(c.incidentId).toBe(pageIncident?.id);
    expect(c.summary).toMatch(/tampered/);

    // Evidence: every check a claim ran is in the custody ledger, with the trigger that kept it (a
    // repeat when it saw the bytes of the page's last capture).
    const ledger = await runtime.evidence.ledger.entries(0, 10_000);
    for (const checkId of r.checkIds) {
      const entry = ledger.find((e) => e.checkId === checkId);
      expect(['capture', 'repeat']).toContain(entry?.kind);
      expect((JSON.parse(entry?.details ?? '{}') as { trigger: string }).trigger).toBe('claim');
    }
    for (const checkId of c.checkIds) expect(ledger.some((e) => e.checkId === checkId)).toBe(true);
    const listed = (await call('GET', '/api/claims')).json as { items: Claim[] };
    expect(listed.items.map((x) => x.status).sort()).toEqual(['confirmed', 'refuted']);
  });

  it('exports the threat, the claims and the incidents as one STIX bundle', async () => {
    const sites = await siteIncidents();
    const res = await call('GET', `/api/stix?campaignId=${sites[0]!.campaignId}`);
    expect(res.status).toBe(200);
    const objects = (
      res.json as {
        objects: { type: string; id: string; source_ref?: string; target_ref?: string; content?: string }[];
      }
    ).objects;
    const types = new Set(objects.map((o) => o.type));
    for (const t of ['incident', 'campaign', 'report', 'note', 'observed-data', 'relationship'])
      expect(types).toContain(t);
    // Each claim is its own note, linked to the observations of the checks that answered it.
    const notes = objects.filter((o) => o.type === 'note');
    expect(notes).toHaveLength(2);
    for (const note of notes) {
      const linked = objects
        .filter((o) => o.type === 'relationship' && o.source_ref === note.id)
        .map((r) => objects.find((o) => o.id === r.target_ref)?.type);
      expect(linked).toContain('observed-data');
      expect(linked).toContain('report');
    }
    // Every object follows the official schemas (they sit beside the project; CI always has them).
    const oasis = loadOasisValidator(OASIS_SCHEMAS_DIR);
    if (oasis) expect((objects as StixObject[]).flatMap((o) => oasis.validate(o))).toEqual([]);
    else
      expect(process.env.CI ?? '', `the OASIS schemas are required under CI at ${OASIS_SCHEMAS_DIR}`).toMatch(
        /^(false)?$/,
      );
  });
});
