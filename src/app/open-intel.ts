/**
 * The threat watch and claim verification assembled from config, over the store's own handle. The
 * composition root binds `checkPage` (claims are checked through the normal pipeline), lets the
 * render stage and the incident service ask `heightened`, and starts `feeds` where the watch runs.
 */
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import type { Fetcher } from '../fetch/types.ts';
import { IncidentStore } from '../incidents/incident-store.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { EstateStore } from '../store/types.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import type { Clock } from '../pipeline/clock.ts';
import { ClaimService } from '../intel/claim-service.ts';
import { FeedPoller } from '../intel/feeds/feed-poller.ts';
import { HeightenedWatch } from '../intel/heightened.ts';
import { IntelStore } from '../intel/intel-store.ts';
import { intelSource } from '../intel/stix-source.ts';
import { ThreatService } from '../intel/threat-service.ts';
import type { IntelSource } from '../interop/stix/export-service.ts';

export interface IntelStage {
  store: IntelStore;
  heightened: HeightenedWatch;
  threats: ThreatService;
  claims: ClaimService;
  feeds: FeedPoller;
  /** Threats and claims for STIX exports. */
  stix: IntelSource;
  /** Start polling the feeds (serve only: one process reads them). */
  start(): void;
  close(): Promise<void>;
}

export interface IntelWiring {
  handle: DatabaseHandle;
  store: EstateStore;
  fetcher: Fetcher;
  checkPage: (pageId: number) => Promise<CheckEvent | null>;
}

const HOUR_MS = 3_600_000;
/** Every process re-reads the heightened watch this often: windows end, and other processes add threats. */
const HEIGHTENED_REFRESH_MS = 15_000;

export function openIntelStage(config: MamoriConfig, clock: Clock, log: Logger, wiring: IntelWiring): IntelStage {
  const intelLog = log.child({ stage: 'intel' });
  const now = () => clock.now();
  const store = new IntelStore(wiring.handle);
  const heightened = new HeightenedWatch({ intel: store, store: wiring.store, now });
  const sectorsBySlug = new Map(config.estate.organisations.map((o) => [o.slug, o.sectors]));
  const threats = new ThreatService({
    intel: store,
    store: wiring.store,
    sectorsBySlug,
    heightenedMs: config.intel.heightenedHours * HOUR_MS,
    now,
    log: intelLog,
    vocabulary: { keywords: config.intel.keywords, sectors: config.intel.sectors },
    onThreat: async () => {
      await heightened.refresh();
    },
  });
  const claims = new ClaimService({
    intel: store,
    store: wiring.store,
    incidents: new IncidentStore(wiring.handle),
    checkPage: wiring.checkPage,
    now,
    log: intelLog,
    minSamples: config.baseline.minSamples,
    maxPages: config.intel.claimPages,
    windowMs: config.intel.claimWindowHours * 3_600_000,
  });
  const feeds = new FeedPoller({ feeds: config.intel.feeds, fetcher: wiring.fetcher, threats, claims, log: intelLog });
  // Every process (serve, workers) keeps its own view of the heightened watch, read from the database.
  heightened.start(HEIGHTENED_REFRESH_MS, (error) => intelLog.error({ err: error }, 'heightened watch refresh failed'));
  return {
    store,
    heightened,
    threats,
    claims,
    feeds,
    stix: intelSource(store),
    start() {
      feeds.start();
    },
    async close() {
      await feeds.stop();
      await heightened.stop();
    },
  };
}
