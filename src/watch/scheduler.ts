import type { JobQueue } from '../queue/types.ts';
import type { CheckTrigger } from '../pipeline/check-event.ts';
import type { Clock } from '../pipeline/clock.ts';
import { MinHeap } from './min-heap.ts';

export interface CheckJob {
  pageId: number;
  /** Why the check runs: shown in logs, and later used to prioritise claims. */
  trigger: CheckTrigger;
  /**
   * The page's interval when the scheduler dispatched the job: a scheduled job run long after (re-run
   * after its worker stalled) is skipped when the page was checked within half of it.
   */
  intervalMs?: number;
}

export interface SchedulerOptions {
  /** Each interval is stretched or shrunk by up to this share, so checks don't march in lockstep. */
  jitterRatio: number;
  tickMs: number;
  /** Stop dispatching while this many jobs already wait: report lag instead of piling work up. */
  maxBacklog: number;
  /** Pages never checked are spread over this window on start instead of all at once. */
  firstCheckSpreadMs: number;
  /**
   * Asked before each tick: false while this process does not hold the scheduler lease (its renewal
   * is overdue), so a process that may have lost it dispatches nothing. Default: always.
   */
  mayDispatch?: () => boolean;
}

export interface SchedulerStats {
  pages: number;
  /** How late the most overdue page is (0 when on time). */
  lagMs: number;
  dispatched: number;
  /** Due checks not dispatched because the page's previous check was still queued or running. */
  skippedBusy: number;
  /** Ticks that stopped early because the queue's backlog was full. */
  throttledTicks: number;
}

interface Entry {
  pageId: number;
  intervalMs: number;
  version: number;
}

/**
 * Per-page intervals with jitter over a min-heap of due times. The scheduler only decides *when*;
 * politeness per host is enforced where requests are made, and de-duplication by the queue.
 */
export class Scheduler {
  private heap = new MinHeap<Entry>();
  private readonly entries = new Map<number, Entry>();
  /** When each page was last handed to the queue, so a changed interval counts from there. */
  private readonly lastDispatch = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly counters = { dispatched: 0, skippedBusy: 0, throttledTicks: 0 };
  private lagMs = 0;

  constructor(
    private readonly queue: JobQueue<CheckJob>,
    private readonly clock: Clock,
    private readonly options: SchedulerOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** Add a page, or change its interval. `lastCheckedAt` null means "never checked": due soon. */
  upsert(pageId: number, intervalMs: number, lastCheckedAt: number | null): void {
    const now = this.clock.now();
    const version = (this.entries.get(pageId)?.version ?? 0) + 1;
    const entry: Entry = { pageId, intervalMs, version };
    this.entries.set(pageId, entry);
    const due =
      lastCheckedAt === null
        ? now + this.random() * this.options.firstCheckSpreadMs
        : Math.max(now, lastCheckedAt + intervalMs);
    this.heap.push(due, entry);
  }

  /**
   * Change a scheduled page's interval, counting from its last dispatch: a page whose pace quickens
   * (heightened watch) and is already overdue at the new pace is due at once. Unknown pages are ignored.
   */
  retime(pageId: number, intervalMs: number): void {
    const current = this.entries.get(pageId);
    if (!current || current.intervalMs === intervalMs) return;
    const now = this.clock.now();
    const entry: Entry = { pageId, intervalMs, version: current.version + 1 };
    this.entries.set(pageId, entry);
    const last = this.lastDispatch.get(pageId);
    this.heap.push(last === undefined ? now : Math.max(now, last + intervalMs), entry);
  }

  remove(pageId: number): void {
    this.entries.delete(pageId);
    this.lastDispatch.delete(pageId);
  }

  /** Forget every page, to be loaded again from the store (a new scheduler lease holder does). */
  clear(): void {
    this.heap = new MinHeap<Entry>();
    this.entries.clear();
    this.lastDispatch.clear();
    this.lagMs = 0;
  }

  /**
   * Dispatch every due page, oldest first, until the backlog is full. The backlog may hold as many
   * jobs as run at once across the cluster, and at least maxBacklog: a cap of one process's share
   * would starve the other workers between ticks (at most maxBacklog jobs a tick, whatever the
   * number of workers). A tick's jobs are handed to the queue together, not one round trip after
   * another: on a busy `serve` each await waits its turn on the event loop, and one-by-one adds
   * capped the whole cluster's dispatch rate below what its workers could check.
   */
  async tick(): Promise<void> {
    if (this.options.mayDispatch && !this.options.mayDispatch()) return;
    const now = this.clock.now();
    // Nothing due: no need to ask the queue (a Redis round trip on BullMQ, several times a second).
    if (!this.dueAt(now)) {
      this.lagMs = 0;
      return;
    }
    const backlog = await this.queue.backlog();
    let room = Math.max(this.options.maxBacklog, backlog.active) - backlog.waiting;
    while (this.dueAt(now)) {
      if (room <= 0) {
        this.counters.throttledTicks += 1;
        this.lagMs = now - (this.heap.peek()?.key ?? now);
        return;
      }
      const batch: { entry: Entry; due: number }[] = [];
      while (batch.length < room && this.dueAt(now)) {
        const top = this.heap.pop()!;
        batch.push({ entry: top.value, due: top.key });
      }
      room -= await this.dispatch(batch, now);
    }
    this.lagMs = 0;
  }

  /** Enqueue a batch at once; returns how many were added (the rest were still queued or running). */
  private async dispatch(batch: { entry: Entry; due: number }[], now: number): Promise<number> {
    const results = await Promise.allSettled(
      batch.map(({ entry }) =>
        this.queue.enqueue(jobId(entry.pageId), {
          pageId: entry.pageId,
          trigger: 'schedule',
          intervalMs: entry.intervalMs,
        }),
      ),
    );
    let added = 0;
    let failure: { reason: unknown } | null = null;
    for (const [i, result] of results.entries()) {
      const { entry, due } = batch[i]!;
      if (result.status === 'rejected') {
        // Not dispatched (Redis unreachable): still due, tried again on the next tick.
        failure ??= { reason: result.reason };
        this.heap.push(due, entry);
        continue;
      }
      this.lastDispatch.set(entry.pageId, now);
      if (result.value) {
        this.counters.dispatched += 1;
        added += 1;
      } else this.counters.skippedBusy += 1;
      this.heap.push(Math.max(now, due) + this.jittered(entry.intervalMs), entry);
    }
    if (failure) throw failure.reason;
    return added;
  }

  start(onError: (error: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch(onError)
        .finally(() => (this.ticking = null));
    }, this.options.tickMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  stats(): SchedulerStats {
    return { pages: this.entries.size, lagMs: this.lagMs, ...this.counters };
  }

  /** Pop superseded entries (a later upsert, or removed) off the top; true when a live page is due at `now`. */
  private dueAt(now: number): boolean {
    for (let top = this.heap.peek(); top && top.key <= now; top = this.heap.peek()) {
      if (this.entries.get(top.value.pageId) === top.value) return true;
      this.heap.pop();
    }
    return false;
  }

  private jittered(intervalMs: number): number {
    const j = this.options.jitterRatio;
    return Math.round(intervalMs * (1 - j + 2 * j * this.random()));
  }
}

function jobId(pageId: number): string {
  return `check:${pageId}`;
}
