import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import { discoverSites } from '../import/discover.ts';
import { activeIncidents, incidentHolds } from '../evidence/incident-scope.ts';
import { applyEvidenceRetention } from '../evidence/retention.ts';
import { stampLedgerHead } from '../evidence/timestamp.ts';
import { syncEstate, type SyncSummary } from '../estate/sync-config.ts';
import type { JobQueue } from '../queue/types.ts';
import type { CheckObserver } from '../pipeline/check-event.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { CheckJob } from '../watch/scheduler.ts';
import type { LastResort } from './last-resort.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { startServer, type RunningServer } from './server.ts';
import { checkJobHandler, createCheckQueue, createWatch, type QueueScope, type Watch } from './watch.ts';

export interface RunningMamori {
  runtime: Runtime;
  watch: Watch;
  server: RunningServer | null;
  estate: SyncSummary;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Serve the API (default true). */
  serve?: boolean;
  observers?: CheckObserver[];
  /** The BullMQ queue to share (tests use unique ones); ignored by the in-process queue. */
  queue?: QueueScope;
  /** The process's last-resort handler (installed by the command), counted in the metrics. */
  lastResort?: LastResort;
  /** Overrides the per-check deadline derived from the config (tests). */
  checkDeadlineMs?: number;
}

const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** Sitemaps change slowly and are re-read whole: hourly notices doorway pages within the hour, politely. */
const DISCOVERY_EVERY_MS = 60 * 60 * 1000;

/** The whole watch: store, estate from config, scheduler and workers, API. What `mamori serve` runs. */
export async function startMamori(
  config: MamoriConfig,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningMamori> {
  const runtime = await openRuntime(config, log, options.clock ? { clock: options.clock } : {});
  for (const o of options.observers ?? []) runtime.checks.addObserver(o);
  let watch: Watch | null = null;
  let estate: SyncSummary;
  try {
    // Before the estate sync, so an unreachable Redis stops the start before anything is written.
    watch = await createWatch(runtime, options.queue, options.checkDeadlineMs);
    estate = await syncEstate(runtime.store, config.estate.organisations, runtime.clock.now());
  } catch (error) {
    await watch?.queue.close();
    await runtime.close();
    throw error;
  }
  log.info(estate, 'estate synchronised from config');
  // One process of a cluster looks at the sites' DNS, certificates and domains: the one that schedules.
  const siteWatch = runtime.siteWatch.service;
  if (config.siteWatch.enabled) watch.service.onLeadership((held) => void siteWatch.setActive(held));
  await watch.service.start();
  runtime.incidents.alerts.dispatcher.start();
  runtime.intel.start();
  let server: RunningServer | null = null;
  try {
    if (options.serve !== false) server = await startServer(runtime, watch, options.lastResort);
  } catch (error) {
    // Nothing may keep running (the lease, the workers) in a process that failed to start.
    await watch.service.stop();
    await siteWatch.setActive(false);
    await runtime.close();
    throw error;
  }
  const incidents = runtime.incidents.store;
  const retention = setInterval(() => {
    watch.service
      .applyRetention()
      .then((r) => log.info(r, 'retention applied'))
      .catch((error: unknown) => log.error({ err: error }, 'retention failed'));
    runtime.render
      ?.sweepArtefacts(runtime.renderBlobs, runtime.clock.now())
      .then((r) => log.info(r, 'render artefacts swept'))
      .catch((error: unknown) => log.error({ err: error }, 'render artefact sweep failed'));
    // Evidence of a page with an open incident is kept until the incident closes.
    const { evidence } = runtime;
    activeIncidents((filter) => incidents.list(filter))
      .then((open) =>
        applyEvidenceRetention(
          evidence.ledger,
          evidence.files,
          evidence.settings.retentionDays,
          runtime.clock.now(),
          incidentHolds(open),
        ),
      )
      .then((r) => log.info(r, 'evidence retention applied'))
      .catch((error: unknown) => log.error({ err: error }, 'evidence retention failed'));
    runtime.auth
      .deleteExpiredSessions(runtime.clock.now())
      .then((deleted) => log.info({ deleted }, 'expired sessions deleted'))
      .catch((error: unknown) => log.error({ err: error }, 'expired session cleanup failed'));
  }, RETENTION_EVERY_MS);
  retention.unref();
  // The ledger head is stamped by the TSA now and then, so a rewritten ledger no longer matches a token.
  const stamping =
    config.evidence.tsaUrl === ''
      ? null
      : setInterval(() => {
          stampLedgerHead(runtime.evidence.ledger, runtime.evidence.files, config.evidence.tsaUrl, () =>
            runtime.clock.now(),
          )
            .then((r) =>
              'error' in r
                ? log.warn({ tsa: config.evidence.tsaUrl, problem: r.error.message }, 'ledger time stamp failed')
                : log.info({ seq: r.stamped?.seq }, 'ledger time stamp'),
            )
            .catch((error: unknown) => log.error({ err: error }, 'ledger time stamp failed'));
        }, config.evidence.timestampMinutes * 60_000);
  stamping?.unref();
  let discovering: Promise<void> | null = null;
  const discovery = setInterval(() => {
    // A slow pass (many large sitemaps) must not overlap the next one.
    if (discovering) return;
    discovering = discoverSites({ store: runtime.store, fetcher: runtime.fetcher, now: () => runtime.clock.now() })
      .then((r) =>
        log.info(
          { sources: r.sources.length, failed: r.failed, findings: r.findings.length, added: r.added },
          'discovery pass done',
        ),
      )
      .catch((error: unknown) => log.error({ err: error }, 'discovery failed'))
      .finally(() => (discovering = null));
  }, DISCOVERY_EVERY_MS);
  discovery.unref();
  return {
    runtime,
    watch,
    server,
    estate,
    async stop() {
      clearInterval(retention);
      if (stamping) clearInterval(stamping);
      clearInterval(discovery);
      // Let a running pass finish before the store it writes to closes.
      await discovering;
      await server?.close();
      await watch.service.stop();
      await siteWatch.setActive(false);
      await runtime.close();
    },
  };
}

export interface RunningWorker {
  runtime: Runtime;
  queue: JobQueue<CheckJob>;
  /** Stop taking jobs, finish the running checks, close the queue and the runtime. */
  stop(): Promise<void>;
}

export type WorkerOptions = Omit<StartOptions, 'serve'>;

/**
 * Only the checks, for scale-out: consume the shared BullMQ queue that `mamori serve` fills. No
 * scheduler, no API, no estate sync (serve owns those). With the in-process queue there would be no
 * jobs to share, so that is refused.
 */
export async function startWorker(
  config: MamoriConfig,
  log: Logger,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  if (config.queue.backend !== 'bullmq')
    throw new Error(`a worker needs queue.backend: bullmq (it is ${config.queue.backend})`);
  const runtime = await openRuntime(config, log, options.clock ? { clock: options.clock } : {});
  for (const o of options.observers ?? []) runtime.checks.addObserver(o);
  let queue: JobQueue<CheckJob>;
  try {
    queue = await createCheckQueue(runtime, options.queue);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  queue.start(checkJobHandler(runtime, options.checkDeadlineMs), config.scheduler.maxConcurrency);
  log.info({ concurrency: config.scheduler.maxConcurrency }, 'worker started');
  return {
    runtime,
    queue,
    async stop() {
      await queue.close();
      await runtime.close();
    },
  };
}
