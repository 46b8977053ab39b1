import { join } from 'node:path';
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import type { Fetcher } from '../fetch/types.ts';
import { FsBlobStore, type BlobStore } from '../store/blob-store.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { openEvidence, type Evidence } from '../evidence/evidence.ts';
import { openIncidentStage, type IncidentStage } from './open-incidents.ts';
import { openIntelStage, type IntelStage } from './open-intel.ts';
import { VERSION } from './version.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { EstateStore } from '../store/types.ts';
import { CheckService } from '../watch/check-page.ts';
import { openRenderStage } from './open-render.ts';
import type { RenderStage } from '../render/render-stage.ts';
import { renderedCaptureSource } from '../evidence/rendered-source.ts';
import { systemClock, type Clock } from '../pipeline/clock.ts';
import { HostGate, type PolitenessGate } from '../watch/host-gate.ts';
import { politeFetcher } from '../watch/polite-fetcher.ts';
import { AuthStore } from '../auth/auth-store.ts';
import { AnalysisPool } from '../analysis/analysis-pool.ts';
import { openSiteWatch, type SiteWatchStage } from './open-site-watch.ts';
import { openVantageStage, type VantageStage } from './open-vantage.ts';

/** The long-lived parts every command shares, wired once from the config. */
export interface Runtime {
  config: MamoriConfig;
  log: Logger;
  clock: Clock;
  store: EstateStore;
  blobs: BlobStore;
  fetcher: Fetcher;
  /** Per-host politeness: in this process, or across the cluster through Redis (queue.backend bullmq). */
  gate: PolitenessGate;
  checks: CheckService;
  /** Evidence ledger and files; its capture observer is on `checks` when evidence.enabled. */
  evidence: Evidence;
  /** The rendering step (null when static-only) and its own blob store: screenshots, DOMs, diff images. */
  render: RenderStage | null;
  renderBlobs: FsBlobStore;
  /** Incidents (an observer on `checks`) and notifications (the outbox dispatcher, started by serve). */
  incidents: IncidentStage;
  /** Threat watch (feeds, heightened watch) and claim verification; `intel.start()` is serve's. */
  intel: IntelStage;
  /** DNS, certificate, domain and security header watches; the headers watch is an observer on `checks` when enabled, the loop serve's. */
  siteWatch: SiteWatchStage;
  /** Several vantage points: the confirmation in front of the incident stage, the probe protocol's service. */
  vantage: VantageStage;
  /** The store's database handle, for the stores of later stages (one SQLite connection per process). */
  database: DatabaseHandle;
  /**
   * Worker threads that analyse pages within a deadline and a heap cap (config `analysis.*`): the
   * checks, the renders' DOMs and the API's diff all go through it, so no page can stall this thread.
   */
  analysis: AnalysisPool;
  /** Accounts and sessions (the API's sign-in, `mamori users`). */
  auth: AuthStore;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
}

/**
 * With the BullMQ queue, checks run in several processes: their requests to one host share its
 * politeness limits through Redis. With the in-process queue, this process is the only one, and the
 * Redis client is never loaded (ioredis costs about 20 MB of RSS).
 */
async function politenessGate(
  config: MamoriConfig,
  clock: Clock,
  log: Logger,
): Promise<{ gate: PolitenessGate; close: () => Promise<void> }> {
  if (config.queue.backend !== 'bullmq') return { gate: new HostGate(config.politeness, clock), close: async () => {} };
  const { RedisHostGate } = await import('../watch/redis-host-gate.ts');
  const gate = new RedisHostGate({
    redisUrl: config.queue.redisUrl,
    prefix: config.queue.prefix,
    politeness: config.politeness,
    // A slot outlives the longest request it guards; one left by a dead process is free soon after.
    slotLeaseMs: config.fetch.totalTimeoutMs + 5_000,
    clock,
    onError: (error) => log.debug({ err: error }, 'politeness: Redis call failed; trying again'),
  });
  return { gate, close: () => gate.close() };
}

/** The fetcher and SSRF guard the config asks for: the watch's, and `mamori probe`'s, the same. */
export function configuredFetcher(config: MamoriConfig): Fetcher {
  return createFetcher({
    limits: {
      connectTimeoutMs: config.fetch.connectTimeoutMs,
      headersTimeoutMs: config.fetch.headersTimeoutMs,
      totalTimeoutMs: config.fetch.totalTimeoutMs,
      maxBodyBytes: config.fetch.maxBodyBytes,
      maxDecodedBytes: config.fetch.maxDecodedBytes,
      maxRedirects: config.fetch.maxRedirects,
    },
    policy: { ...config.network, allowCidrs: [...config.network.allowCidrs] },
    userAgent: config.fetch.userAgent,
    connectionsPerOrigin: Math.max(config.politeness.perHostConcurrency, 1),
  });
}

/** The composition root: the only place that knows which implementation backs each interface. */
export async function openRuntime(config: MamoriConfig, log: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const { store, handle } = await openStoreWithHandle({
    url: config.database.url,
    onBackgroundError: (error) => log.warn({ err: error }, 'database connection error'),
  });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  const blobs = new FsBlobStore(join(config.dataDir, 'blobs'));
  // Threads start on the first analysis, so commands that analyse nothing never start one.
  const analysis = new AnalysisPool({ ...config.analysis, log });
  const fetcher = configuredFetcher(config);
  const { gate, close: closeGate } = await politenessGate(config, clock, log);
  // Rendering (Chromium) reviews each check's verdict; null means static-only, already warned about.
  // Its cloaking fetches wait for the host's politeness slot like the checks' own.
  // Render artefacts live apart from page bodies: bodies are pruned with their checks, artefacts by
  // what the render states still name (RenderStage.sweepArtefacts).
  const renderBlobs = new FsBlobStore(join(config.dataDir, 'renders'));
  // The threat watch first: rendering and incidents ask it which pages are under heightened watch.
  // Claims are checked through the check service below, bound late.
  const intel = openIntelStage(config, clock, log, {
    handle,
    store,
    fetcher: politeFetcher(fetcher, gate),
    checkPage: (pageId) => checks.checkPage(pageId, 'claim'),
  });
  const render = await openRenderStage(config, handle, renderBlobs, log, {
    fetcher: politeFetcher(fetcher, gate),
    isHeightened: (page) => intel.heightened.isHeightened(page),
    analyser: analysis,
  });
  const checks: CheckService = new CheckService({
    store,
    blobs,
    fetcher,
    gate,
    clock,
    log,
    minSamples: config.baseline.minSamples,
    analyser: analysis,
    ...(render ? { reviewer: render } : {}),
  });
  const evidence = openEvidence(handle, config.dataDir, config.evidence, clock, VERSION);
  if (config.evidence.enabled)
    checks.addObserver(evidence.observer(render ? { rendered: renderedCaptureSource(render, renderBlobs) } : {}));
  const incidents = openIncidentStage(handle, store, config, clock, log, {
    threatOf: (organisationId) => intel.heightened.threatOf(organisationId),
  });
  // With remote vantages configured, alarms reach the incident stage only once confirmed.
  const vantage = openVantageStage(handle, store, config, clock, log, incidents.service);
  checks.addObserver(vantage.observer);
  const siteWatch = await openSiteWatch(
    config,
    handle,
    store,
    incidents,
    clock,
    log,
    config.evidence.enabled ? evidence.ledger : null,
  );
  if (config.siteWatch.enabled) checks.addObserver(siteWatch.service);
  // Threats stored before this start count at once, not after the first refresh.
  await intel.heightened.refresh();
  return {
    config,
    log,
    clock,
    store,
    blobs,
    fetcher,
    gate,
    checks,
    evidence,
    render,
    renderBlobs,
    incidents,
    intel,
    siteWatch,
    vantage,
    analysis,
    database: handle,
    auth: new AuthStore(handle),
    async close() {
      await intel.close();
      vantage.close();
      await incidents.close();
      await render?.close();
      await analysis.close();
      await fetcher.close();
      await closeGate();
      await store.close();
    },
  };
}
