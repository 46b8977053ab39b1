import { createQueue } from '../queue/create-queue.ts';
import type { StallPolicy } from '../queue/bullmq-queue.ts';
import type { SchedulerLease } from '../queue/scheduler-lease.ts';
import { DEFAULT_QUEUE_NAME, type JobHandler, type JobQueue } from '../queue/types.ts';
import { Scheduler, type CheckJob } from '../watch/scheduler.ts';
import { WatchService } from '../watch/watch-service.ts';
import type { IntelStage } from './open-intel.ts';
import type { Runtime } from './runtime.ts';
import { TargetControl } from '../estate/target-control.ts';
import { CheckDeadlineError, checkDeadlineMs, withCheckDeadline } from './check-deadline.ts';

export interface Watch {
  queue: JobQueue<CheckJob>;
  scheduler: Scheduler;
  service: WatchService;
  /** Who schedules, on BullMQ (one `serve` of a cluster at a time); null: this process alone, always. */
  lease: SchedulerLease | null;
}

/**
 * Which BullMQ queue the check jobs go through. Every process of one estate (serve, workers) must use
 * the same one; the defaults do. Tests pass unique names so runs sharing a Redis never meet.
 */
export interface QueueScope {
  name?: string;
  prefix?: string;
  /** BullMQ's stalled-job handling; tests shorten it to see a stalled job re-run within seconds. */
  stall?: StallPolicy;
}

/** What the queue needs of the runtime. */
export type QueueRuntime = Pick<Runtime, 'config' | 'log' | 'clock'>;

/** What a check job needs of the runtime: the check service and the page's pause and last check. */
export type CheckJobRuntime = Pick<Runtime, 'config' | 'log' | 'clock' | 'store' | 'checks' | 'database'>;

/** What the watch loop needs of the runtime: the above, page bodies for retention, and the threat watch's pace. */
export type WatchRuntime = CheckJobRuntime & Pick<Runtime, 'blobs'> & { intel: Pick<IntelStage, 'heightened'> };

/** How often a running watch re-reads the estate for pages added elsewhere. */
const REFRESH_MS = 30_000;

/** The check queue from config (in-process, or BullMQ once Redis answers), with retries and failure logging. */
export function createCheckQueue(runtime: QueueRuntime, scope: QueueScope = {}): Promise<JobQueue<CheckJob>> {
  const { config, log, clock } = runtime;
  return createQueue<CheckJob>(config.queue, {
    retry: { maxAttempts: 3, backoffMs: 2_000 },
    now: () => clock.now(),
    queueName: scope.name,
    prefix: scope.prefix ?? config.queue.prefix,
    ...(scope.stall ? { stall: scope.stall } : {}),
    onFailed: (job, error) =>
      log.error({ err: error, pageId: job.data.pageId, attempts: job.attempt }, 'check failed after retries'),
    onError: (error) => log.warn({ err: error }, 'job queue connection problem; reconnecting'),
  });
}

/**
 * What a worker does with a check job: the same as the watch service's own workers. A check that
 * never settles (its promise orphaned by a fault the last-resort handler caught) is failed at its
 * deadline, so its job is retried and the page's slot freed instead of being held for ever.
 */
export function checkJobHandler(
  runtime: CheckJobRuntime,
  deadlineMs: number = checkDeadlineMs(runtime.config),
): JobHandler<CheckJob> {
  const { checks, log } = runtime;
  const targets = new TargetControl(runtime.database);
  return async (job) => {
    // A job queued before its page was paused (or taken by a worker that has not refreshed) does nothing.
    if (await targets.pauseOf(job.data.pageId)) return;
    if (await checkedThisSlot(runtime, job.data)) {
      log.info(
        { pageId: job.data.pageId, attempt: job.attempt },
        'scheduled check skipped: the page was checked moments ago (a late re-run after a stalled worker)',
      );
      return;
    }
    const event = await withCheckDeadline(checks.checkPage(job.data.pageId), job.data.pageId, deadlineMs).catch(
      (error: unknown) => {
        // Said at once, not only after the last retry: an orphaned check points at a stage without a timeout.
        if (error instanceof CheckDeadlineError)
          log.error({ err: error, pageId: job.data.pageId, attempt: job.attempt }, 'check abandoned at its deadline');
        throw error;
      },
    );
    if (event)
      log.debug({ pageId: event.page.id, verdict: event.check.verdict, outcome: event.check.outcome }, 'checked');
  };
}

/**
 * A scheduled job whose page was checked less than half the shortest gap between two of its slots
 * ago. The scheduler never does that on its own; it happens when a job is
 * re-run late after its worker stalled or died, and its check would then be followed by the next
 * slot's shortly after, or when the stalled worker did finish after all.
 */
async function checkedThisSlot(runtime: Pick<Runtime, 'store' | 'config' | 'clock'>, job: CheckJob): Promise<boolean> {
  if (job.trigger !== 'schedule' || job.intervalMs === undefined) return false;
  const page = await runtime.store.getPage(job.pageId);
  const last = page?.lastCheckedAt ?? null;
  // Half the shortest gap the jitter allows between two slots, so a regular slot is never skipped.
  const freshMs = (job.intervalMs * (1 - runtime.config.scheduler.jitterRatio)) / 2;
  return last !== null && runtime.clock.now() - last < freshMs;
}

/**
 * Who schedules. On BullMQ any number of `serve` processes share the queue, so they share a lease in
 * the same Redis, next to the queue it guards (docs/scaling.md says why Redis rather than PostgreSQL).
 * The in-process queue is this process's alone: nobody else could schedule into it, so no lease (null).
 */
export async function createSchedulerLease(
  runtime: QueueRuntime,
  scope: QueueScope = {},
): Promise<SchedulerLease | null> {
  const { config, log } = runtime;
  if (config.queue.backend !== 'bullmq') return null;
  const { RedisLease } = await import('../queue/scheduler-lease.ts');
  const prefix = scope.prefix ?? config.queue.prefix;
  return new RedisLease({
    redisUrl: config.queue.redisUrl,
    key: `${prefix}:${scope.name ?? DEFAULT_QUEUE_NAME}:scheduler-lease`,
    onError: (error) => log.debug({ err: error }, 'scheduler lease: Redis call failed; trying again'),
  });
}

/** Wire the watch loop: queue → check service, scheduler → queue. */
export async function createWatch(
  runtime: WatchRuntime,
  scope: QueueScope = {},
  checkDeadline?: number,
): Promise<Watch> {
  const { config, log, clock, store, blobs } = runtime;
  const queue = await createCheckQueue(runtime, scope);
  const targets = new TargetControl(runtime.database);
  const lease = await createSchedulerLease(runtime, scope);
  const scheduler = new Scheduler(queue, clock, {
    jitterRatio: config.scheduler.jitterRatio,
    tickMs: config.scheduler.tickMs,
    maxBacklog: config.scheduler.maxConcurrency * 4,
    firstCheckSpreadMs: Math.min(config.scheduler.defaultIntervalSeconds * 1000, 10_000),
    ...(lease ? { mayDispatch: () => lease.held() } : {}),
  });
  const service = new WatchService({
    store,
    blobs,
    queue,
    scheduler,
    log,
    handler: checkJobHandler(runtime, checkDeadline),
    now: () => clock.now(),
    defaultIntervalSeconds: config.scheduler.defaultIntervalSeconds,
    concurrency: config.scheduler.maxConcurrency,
    retention: config.retention,
    refreshMs: REFRESH_MS,
    pausedIds: () => targets.pausedIds(),
    ...(lease ? { lease } : {}),
    heightened: {
      intervalSeconds: config.intel.heightenedIntervalSeconds,
      isHeightened: (page) => runtime.intel.heightened.isHeightened(page),
    },
  });
  // A threat that opens (or a window that ends) re-paces its sites' pages at once.
  runtime.intel.heightened.onChange((siteIds) => {
    service
      .retuneSites(siteIds)
      .then((pages) => log.info({ sites: siteIds.length, pages }, 'heightened watch changed: pages re-paced'))
      .catch((error: unknown) => log.error({ err: error }, 'could not re-pace pages for the heightened watch'));
  });
  return { queue, scheduler, service, lease };
}
