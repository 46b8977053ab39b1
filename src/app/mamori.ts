import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import { syncEstate, type SyncSummary } from '../estate/sync-config.ts';
import type { CheckObserver } from '../watch/check-page.ts';
import type { Clock } from '../watch/clock.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { startServer, type RunningServer } from './server.ts';
import { createWatch, type Watch } from './watch.ts';

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
}

const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** The whole watch: store, estate from config, scheduler and workers, API. What `mamori serve` runs. */
export async function startMamori(config: MamoriConfig, log: Logger, options: StartOptions = {}): Promise<RunningMamori> {
  const runtime = await openRuntime(config, log, options.clock ? { clock: options.clock } : {});
  for (const o of options.observers ?? []) runtime.checks.addObserver(o);
  const estate = await syncEstate(runtime.store, config.estate.organisations, runtime.clock.now());
  log.info(estate, 'estate synchronised from config');
  const watch = createWatch(runtime);
  await watch.service.start();
  const server = options.serve === false ? null : await startServer(runtime, watch);
  const retention = setInterval(() => {
    watch.service
      .applyRetention()
      .then((r) => log.info(r, 'retention applied'))
      .catch((error: unknown) => log.error({ err: error }, 'retention failed'));
  }, RETENTION_EVERY_MS);
  retention.unref();
  return {
    runtime, watch, server, estate,
    async stop() {
      clearInterval(retention);
      await server?.close();
      await watch.service.stop();
      await runtime.close();
    },
  };
}
