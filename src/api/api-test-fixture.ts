/**
 * A whole API over a throwaway SQLite database, with the incident stage, for tests that need every
 * route registered (access and tenancy tests).
 */
import { join } from 'node:path';
import pino from 'pino';
import { ChannelService } from '../alert/channel-service.ts';
import type { ChannelConfig } from '../config/alerts.ts';
import { OutboxStore } from '../alert/outbox-store.ts';
import type { RoutingConfig } from '../alert/routing.ts';
import { AuditStore } from '../auth/audit-store.ts';
import { AuthStore } from '../auth/auth-store.ts';
import { TokenStore } from '../auth/token-store.ts';
import { IncidentService } from '../incidents/incident-service.ts';
import { IncidentStore } from '../incidents/incident-store.ts';
import { CaseStore } from '../incidents/case-store.ts';
import { EvidenceStore } from '../evidence/evidence-store.ts';
import { RenderStateStore } from '../render/render-state-store.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import { PageHistory } from '../store/rollup.ts';
import { captureTokens } from './capture/capture-token.ts';
import { TargetControl } from '../estate/target-control.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { createApi } from './app.ts';
import { ClaimService } from '../intel/claim-service.ts';
import { HeightenedWatch } from '../intel/heightened.ts';
import { IntelStore } from '../intel/intel-store.ts';
import { ThreatService } from '../intel/threat-service.ts';
import type { ApiApp, ApiDeps } from './types.ts';
import { SiteWatchStore } from '../site-watch/site-watch-store.ts';

export interface ApiFixture {
  app: ApiApp;
  store: EstateStore;
  handle: DatabaseHandle;
  auth: AuthStore;
  audit: AuditStore;
  incidents: IncidentStore;
  service: IncidentService;
  intel: IntelStore;
  outbox: OutboxStore;
  /** Page ids the claim service asked to check (no pages are fetched here). */
  claimChecks: number[];
  /** Times a channel test woke the (absent) dispatcher. */
  kicks: { count: number };
  errors: unknown[];
  close(): Promise<void>;
}

export const FIXTURE_NOW = 1_760_000_000_000;

/** The fixture's one channel: its URL's path and query are credentials, as Slack's and receivers' are. */
export const FIXTURE_CHANNEL = {
  name: 'hook',
  type: 'webhook',
  url: 'https://hooks.example.go.jp/services/T0K3N-PATH-SECRET?token=query-secret-value',
  secret: 'fixture-hmac-secret-0123',
} as const satisfies ChannelConfig;
const FIXTURE_ROUTING: RoutingConfig = {
  routes: [{ organisations: [], minSeverity: 'low', channels: ['hook'] }],
  maintenance: [
    {
      site: 'https://www.alpha.example.go.jp',
      from: '2025-10-09T00:00:00Z',
      to: '2025-10-10T00:00:00Z',
      reason: 'CMS upgrade',
    },
  ],
};

export async function openApiFixture(overrides: Partial<ApiDeps['auth']> = {}): Promise<ApiFixture> {
  const dir = await makeTempDir();
  const { store, handle } = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
  await store.migrate();
  const incidents = new IncidentStore(handle);
  const outbox = new OutboxStore(handle);
  const service = new IncidentService({
    incidents,
    store,
    routing: { ...FIXTURE_ROUTING, maintenance: [] },
    restoreAfterChecks: 2,
    campaignWindowMs: 3_600_000,
    log: pino({ level: 'silent' }),
  });
  const auth = new AuthStore(handle);
  const errors: unknown[] = [];
  const silent = pino({ level: 'silent' });
  const audit = new AuditStore(handle);
  const intel = new IntelStore(handle);
  const heightened = new HeightenedWatch({ intel, store, now: () => FIXTURE_NOW });
  const threats = new ThreatService({
    intel,
    store,
    vocabulary: { keywords: [], sectors: {} },
    sectorsBySlug: new Map(),
    heightenedMs: 3_600_000,
    now: () => FIXTURE_NOW,
    log: silent,
    onThreat: async () => {
      await heightened.refresh();
    },
  });
  const claimChecks: number[] = [];
  const claims = new ClaimService({
    intel,
    store,
    incidents,
    minSamples: 3,
    maxPages: 3,
    windowMs: 24 * 3_600_000,
    now: () => FIXTURE_NOW,
    log: silent,
    checkPage: (pageId) => {
      claimChecks.push(pageId);
      return Promise.resolve(null);
    },
  });
  const kicks = { count: 0 };
  const channels = new ChannelService({
    channels: [FIXTURE_CHANNEL],
    routing: FIXTURE_ROUTING,
    outbox,
    kick: () => {
      kicks.count += 1;
    },
  });
  const app = createApi({
    store,
    version: 't',
    now: () => FIXTURE_NOW,
    log: { error: (e: unknown) => errors.push(e) } as never,
    incidents: { store: incidents, service, outbox },
    cases: new CaseStore(handle),
    intel: { store: intel, threats, claims, heightened },
    siteWatch: { watches: new SiteWatchStore(handle) },
    channels,
    targets: { control: new TargetControl(handle) },
    history: new PageHistory(handle.db),
    // The console's routes too, so the tenancy walk covers them.
    console: {
      bodies: new FsBlobStore(join(dir.path, 'blobs')),
      renderStates: new RenderStateStore(handle),
      renderBlobs: new FsBlobStore(join(dir.path, 'renders')),
      evidence: { ledger: new EvidenceStore(handle), files: new FsBlobStore(join(dir.path, 'evidence')) },
      incidents,
      captureOrigin: () => 'http://127.0.0.1:9',
      tokens: captureTokens(),
      mamoriVersion: 't',
    },
    auth: {
      store: auth,
      sessionTtlMs: 3_600_000,
      cookieSecure: false,
      tokens: new TokenStore(handle),
      audit,
      ...overrides,
    },
  });
  return {
    app,
    store,
    handle,
    auth,
    audit,
    incidents,
    service,
    intel,
    outbox,
    claimChecks,
    kicks,
    errors,
    async close() {
      await store.close();
      await dir.remove();
    },
  };
}
