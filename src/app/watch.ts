import { InProcessQueue } from '../queue/in-process-queue.ts';
import type { JobQueue } from '../queue/types.ts';
import { Scheduler, type CheckJob } from '../watch/scheduler.ts';
import { WatchService } from '../watch/watch-service.ts';
import type { Runtime } from './runtime.ts';

export interface Watch {
  queue: JobQueue<CheckJob>;
  scheduler: Scheduler;
  service: WatchService;
}

/** How often a running watch re-reads the estate for pages added elsewhere. */
const REFRESH_MS = 30_000;

/** Wire the watch loop: queue → check service, scheduler → queue. */
export function createWatch(runtime: Runtime): Watch {
  const { config, log, clock, store, blobs, checks } = runtime;
  const queue = new InProcessQueue<CheckJob>({
    retry: { maxAttempts: 3, backoffMs: 2_000 },
    now: () => clock.now(),
    onFailed: (job, error) => log.error({ err: error, pageId: job.data.pageId, attempts: job.attempt }, 'check failed after retries'),
  });
  const scheduler = new Scheduler(queue, clock, {
    jitterRatio: config.scheduler.jitterRatio,
    tickMs: config.scheduler.tickMs,
    maxBacklog: config.scheduler.maxConcurrency * 4,
    firstCheckSpreadMs: Math.min(config.scheduler.defaultIntervalSeconds * 1000, 10_000),
  });
  const service = new WatchService({
    store, blobs, queue, scheduler, checks, log,
    defaultIntervalSeconds: config.scheduler.defaultIntervalSeconds,
    concurrency: config.scheduler.maxConcurrency,
    retention: config.retention,
    refreshMs: REFRESH_MS,
  });
  return { queue, scheduler, service };
}
