import type { Logger } from 'pino';
import type { JobHandler, JobQueue } from '../queue/types.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { Page, RetentionPolicy, Site, EstateStore } from '../store/types.ts';
import { allPages } from '../estate/all-pages.ts';
import { effectiveIntervalSeconds } from '../estate/intervals.ts';
import type { SchedulerLease } from '../queue/scheduler-lease.ts';
import type { CheckJob, Scheduler } from './scheduler.ts';

export interface WatchServiceDeps {
  store: EstateStore;
  blobs: BlobStore;
  queue: JobQueue<CheckJob>;
  scheduler: Scheduler;
  /** Runs one check job: the same handler a separate `mamori worker` uses. */
  handler: JobHandler<CheckJob>;
  log: Logger;
  defaultIntervalSeconds: number;
  concurrency: number;
  retention: RetentionPolicy;
  /** How often the estate is re-read to pick up pages added by other processes (import, API). */
  refreshMs: number;
  now: () => number;
  /** Pages under heightened watch (src/intel) are checked at least this often. */
  heightened?: { intervalSeconds: number; isHeightened(page: Pick<Page, 'siteId'>): boolean };
  /** Pages paused by an operator: left off the schedule until resumed. */
  pausedIds?: () => Promise<Set<number>>;
  /** Several `serve` processes: only the lease holder schedules. Without one, this process always does. */
  lease?: SchedulerLease;
}

/** A body nothing refers to is kept this long after its last use, in case a check is storing it right now. */
const BLOB_GRACE_MS = 60 * 60 * 1000;

/** The long-running watch: loads the estate into the scheduler and runs checks from the queue. */
export class WatchService {
  private readonly known = new Set<number>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  /** Gains and losses of the scheduler lease, applied one after the other. */
  private transition: Promise<void> = Promise.resolve();
  private readonly leadershipListeners: ((held: boolean) => void)[] = [];

  constructor(private readonly deps: WatchServiceDeps) {}

  async start(): Promise<void> {
    const { queue, scheduler, handler, log, lease } = this.deps;
    await this.refresh();
    queue.start(handler, this.deps.concurrency);
    if (lease) lease.start((held) => this.leadershipChanged(held));
    else {
      scheduler.start((error) => log.error({ err: error }, 'scheduler tick failed'));
      // Alone, this process leads from the start and for good.
      this.tellLeadership(true);
    }
    this.refreshTimer = setInterval(() => {
      if (this.refreshing) return;
      this.refreshing = this.refresh()
        .then(() => undefined)
        .catch((error: unknown) => log.error({ err: error }, 'estate refresh failed'))
        .finally(() => (this.refreshing = null));
    }, this.deps.refreshMs);
    log.info({ pages: this.known.size }, 'watch started');
  }

  /**
   * Told `true` when this process becomes the one that schedules and `false` when it stops, in order
   * (at once when there is no lease to hold). Work that one process of a cluster must do alone (the
   * site watches) follows it. Register before start().
   */
  onLeadership(listener: (held: boolean) => void): void {
    this.leadershipListeners.push(listener);
  }

  private tellLeadership(held: boolean): void {
    for (const listener of this.leadershipListeners) listener(held);
  }

  /** True while this process schedules (it holds the lease, or there is none to hold). */
  isLeader(): boolean {
    return this.deps.lease ? this.deps.lease.held() : this.refreshTimer !== null;
  }

  async stop(): Promise<void> {
    // Alone, this process leads until it stops; with a lease, giving it up below tells the listeners.
    if (!this.deps.lease && this.refreshTimer) this.tellLeadership(false);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
    // Given up first, so another process takes over without waiting for the lease to expire.
    await this.deps.lease?.stop();
    await this.transition;
    await this.refreshing;
    await this.deps.scheduler.stop();
    await this.deps.queue.close();
  }

  /**
   * A new holder rebuilds the schedule from the store: each page is due one interval after its last
   * stored check, so pages whose jobs were lost (a holder killed while dispatching, Redis restarted
   * empty) are due at once and none waits longer than its interval plus the takeover. A lost lease
   * stops the ticks; running checks finish.
   */
  private leadershipChanged(held: boolean): void {
    const { scheduler, log } = this.deps;
    this.transition = this.transition
      .then(async () => {
        this.tellLeadership(held);
        if (!held) {
          await scheduler.stop();
          log.warn('scheduler lease lost: another process schedules now');
          return;
        }
        scheduler.clear();
        this.known.clear();
        try {
          await this.refresh();
        } finally {
          // Even when the store did not answer: the next refresh fills the schedule.
          scheduler.start((error) => log.error({ err: error }, 'scheduler tick failed'));
        }
        log.info({ pages: this.known.size }, 'scheduler lease held: this process schedules');
      })
      .catch((error: unknown) => log.error({ err: error }, 'could not take over the schedule'));
  }

  /** Schedule one page added while running (API, import), unless it already is. */
  async schedulePage(page: Page): Promise<void> {
    if (this.known.has(page.id)) return;
    const site = await this.deps.store.getSite(page.siteId);
    this.known.add(page.id);
    this.deps.scheduler.upsert(page.id, this.intervalMs(page, site ?? undefined), page.lastCheckedAt);
  }

  /** Take a page off the schedule (paused or removed); a check already running finishes. */
  unschedulePage(pageId: number): void {
    this.known.delete(pageId);
    this.deps.scheduler.remove(pageId);
  }

  /**
   * Re-pace the pages of sites whose heightened watch began or ended. A page already overdue at its
   * new pace is due at once, so a threat's targets are looked at within one tick.
   */
  async retuneSites(siteIds: readonly number[]): Promise<number> {
    const { store } = this.deps;
    let retuned = 0;
    for (const siteId of siteIds) {
      const site = await store.getSite(siteId);
      if (!site) continue;
      for await (const page of allPages(store, { siteId })) {
        if (!this.known.has(page.id)) continue;
        this.deps.scheduler.retime(page.id, this.intervalMs(page, site));
        retuned += 1;
      }
    }
    return retuned;
  }

  private intervalMs(page: Page, site: Site | undefined): number {
    const seconds = effectiveIntervalSeconds(page, site, this.deps.defaultIntervalSeconds);
    const h = this.deps.heightened;
    return (h && h.isHeightened(page) ? Math.min(seconds, h.intervalSeconds) : seconds) * 1000;
  }

  /**
   * Put every stored page on the schedule (new ones only: known pages keep their place), and take
   * off it the pages paused or removed since, by this process or another (CLI, API elsewhere).
   */
  async refresh(): Promise<number> {
    const { store, scheduler } = this.deps;
    const sites = new Map<number, Site>((await store.listSites()).map((s) => [s.id, s]));
    const paused = (await this.deps.pausedIds?.()) ?? new Set<number>();
    // A page scheduled while this pass reads the estate (API) may be missed by it: only pages known
    // before the pass are candidates for removal.
    const before = new Set(this.known);
    const current = new Set<number>();
    let added = 0;
    for await (const page of allPages(store)) {
      if (paused.has(page.id)) continue;
      current.add(page.id);
      if (this.known.has(page.id)) continue;
      this.known.add(page.id);
      scheduler.upsert(page.id, this.intervalMs(page, sites.get(page.siteId)), page.lastCheckedAt);
      added += 1;
    }
    for (const id of before) if (!current.has(id)) this.unschedulePage(id);
    return added;
  }

  /** Apply retention to every page and delete bodies nothing refers to any more. */
  async applyRetention(): Promise<{ deletedChecks: number; deletedBlobs: number }> {
    const { store, blobs, retention } = this.deps;
    let deletedChecks = 0;
    let deletedBlobs = 0;
    for await (const page of allPages(store)) {
      const result = await store.pruneChecks(page.id, retention, this.deps.now());
      deletedChecks += result.deletedChecks;
      for (const sha of result.unreferencedBlobs) {
        if (await blobs.deleteIfIdle(sha, BLOB_GRACE_MS, this.deps.now())) deletedBlobs += 1;
      }
    }
    return { deletedChecks, deletedBlobs };
  }
}
