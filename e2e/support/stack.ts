/**
 * The browser tests' world, run as its own process (`tsx e2e/support/stack.ts <dataDir>`): the demo
 * estate and a hostile site on loopback, Mamori watching both and serving the built dashboard on a
 * free port, and a few accounts. Once the demo's three incidents and the hostile page's have been
 * detected it prints one JSON line (StackInfo) and keeps running until SIGTERM.
 */
import { createLogger } from '../../src/app/logger.ts';
import { loadConfig } from '../../src/config/load.ts';
import { demoAlertsConfig, demoEstateConfig } from '../../src/demo/demo-config.ts';
import { startSocReceiver } from '../../src/demo/soc-receiver.ts';
import { createDemoEstate } from '../../src/demo/estate.ts';
import { startEstateServer } from '../../src/demo/estate-server.ts';
import { DEMO_INCIDENT_TARGETS } from '../../src/demo/incidents.ts';
import { runDemo } from '../../src/demo/run-demo.ts';
import { DNS_HIJACK_SITE, startSiteWatchStory } from '../../src/demo/site-watch-story.ts';
import { startHostileSite } from './hostile-site.ts';
import type { StackInfo } from './stack-info.ts';
import { E2E_ACCOUNTS, MEMBER_ACCOUNTS } from './stack-info.ts';

const INTERVAL_SECONDS = 5;

async function main(dataDir: string): Promise<void> {
  const estate = createDemoEstate();
  const server = await startEstateServer(estate);
  const hostile = await startHostileSite();
  const soc = await startSocReceiver();
  // The demo's DNS hijack, for the site view's watch cards (the certificate half is left to the demo).
  const story = { ...(await startSiteWatchStory(server, dataDir, INTERVAL_SECONDS)), portal: null };
  const demo = demoEstateConfig(estate, server, INTERVAL_SECONDS);
  const loaded = loadConfig({
    env: {},
    file: '/dev/null',
    overrides: {
      database: { url: `sqlite:${dataDir}/mamori.db` },
      dataDir,
      server: { host: '127.0.0.1', port: 0 },
      network: { allowLoopback: true },
      politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
      scheduler: { defaultIntervalSeconds: INTERVAL_SECONDS, tickMs: 100 },
      auth: { adminPassword: E2E_ACCOUNTS.admin.password },
      alerts: demoAlertsConfig(soc.url, server, Date.now()),
      siteWatch: story.config,
      estate: {
        organisations: [
          ...(demo.organisations ?? []),
          {
            slug: 'shiken',
            name: '試験庁',
            aliases: ['Test Agency'],
            sites: [
              { origin: hostile.origin, name: '試験庁', intervalSeconds: INTERVAL_SECONDS, pages: [hostile.pageUrl] },
            ],
          },
        ],
      },
    },
  });
  if (!loaded.ok) throw new Error(`e2e config: ${loaded.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const config = loaded.config;
  const run = await runDemo(
    config,
    createLogger({ log: { level: 'warn' } }),
    server,
    (line) => process.stderr.write(`${line}\n`),
    story,
  );
  const { runtime } = run.mamori;
  const orgs = await runtime.store.listOrganisations();
  const orgId = (slug: string) => {
    const org = orgs.find((o) => o.slug === slug);
    if (!org) throw new Error(`no organisation ${slug}`);
    return org.id;
  };
  const now = Date.now();
  for (const a of MEMBER_ACCOUNTS) {
    await runtime.auth.addUser(
      {
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        password: a.password,
        locale: a.locale,
        timeZone: a.timeZone,
        ...(a.org ? { organisationIds: [orgId(a.org)] } : {}),
      },
      now,
    );
  }
  // Hostile once the baseline is learnt (minSamples checks), like the demo's own incidents.
  setTimeout(() => hostile.turnHostile(), INTERVAL_SECONDS * 1000 * (config.baseline.minSamples + 1.5)).unref();

  const defacedUrl = server.urlFor(
    DEMO_INCIDENT_TARGETS.localOfficeDefaced.siteKey,
    DEMO_INCIDENT_TARGETS.localOfficeDefaced.path,
  );
  const deadline = Date.now() + 240_000; // heightened watch renders every check: slow on a busy 2-core machine
  await run.allDetected;
  const pageIncident = async (url: string) => {
    const page = (await runtime.store.listPages({ limit: 500 })).items.find((p) => p.url === url);
    if (!page) throw new Error(`${url} is not watched`);
    for (;;) {
      const [incident] = await runtime.incidents.store.list({ pageId: page.id, limit: 1 });
      if (incident) return { incidentId: incident.id, pageId: page.id };
      if (Date.now() > deadline) throw new Error(`no incident opened for ${url}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const defaced = await pageIncident(defacedUrl);
  const hostileIncident = await pageIncident(hostile.pageUrl);
  await reportIntel(run.mamori.server?.url ?? '', defacedUrl);
  const hijackedOrigin = server.sites.find((s) => s.key === DNS_HIJACK_SITE)?.origin;
  const hijacked = (await runtime.store.listSites()).find((s) => s.origin === hijackedOrigin);
  if (!hijacked) throw new Error(`no site ${DNS_HIJACK_SITE}`);
  const info: StackInfo = {
    url: run.mamori.server?.url ?? '',
    defacedIncidentId: defaced.incidentId,
    defacedPageId: defaced.pageId,
    hostileIncidentId: hostileIncident.incidentId,
    hostilePageId: hostileIncident.pageId,
    beaconUrl: hostile.beaconUrl,
    hostileOrigin: hostile.origin,
    hijackedSiteId: hijacked.id,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);

  const stop = () => {
    run
      .stop()
      .then(() => Promise.all([server.close(), hostile.close(), soc.close(), story.close()]))
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`stack stop failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * A threat naming two of the organisations and a claim about the defaced page, posted as an analyst
 * would, so the threats and claims board has something to show. Where this Mamori has no intel
 * routes the board says so, and so does this.
 */
async function reportIntel(base: string, defacedUrl: string): Promise<void> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: E2E_ACCOUNTS.admin.username, password: E2E_ACCOUNTS.admin.password }),
  });
  if (!login.ok) throw new Error(`admin sign-in failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
    if (!res.ok)
      process.stderr.write(`e2e stack: POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}\n`);
  };
  await post('/api/threats', {
    title: '#OpKokkai',
    text: '#OpKokkai We will attack 法務省 and 裁判所 websites tomorrow. Expect us.',
    source: 'e2e-forum',
  });
  await post('/api/claims', { text: `${defacedUrl} hacked by Kuro Team`, url: defacedUrl, source: 'e2e-forum' });
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx e2e/support/stack.ts <dataDir>\n');
  process.exit(2);
}
main(dir).catch((error: unknown) => {
  process.stderr.write(
    `e2e stack failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
