import type { FailureListener, Job, JobHandler, JobQueue, QueueBacklog, QueueStats, RetryPolicy } from './types.ts';

interface Entry<T> {
  job: Job<T>;
  /** Epoch ms before which a retried job must not run. */
  notBefore: number;
}

export interface InProcessQueueOptions<T> {
  retry: RetryPolicy;
  onFailed?: FailureListener<T>;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
}

/**
 * The embedded default: a FIFO in memory with de-duplication, bounded concurrency and retries with
 * exponential backoff. Nothing here survives a restart, and nothing needs to: the scheduler re-derives
 * due checks from the store on start.
 */
export class InProcessQueue<T> implements JobQueue<T> {
  /**
   * Jobs ready to run, first in first out, taken from `head` on: taking one must not cost a pass over
   * the backlog (a splice or a scan per job made a backlog of N pages cost N² steps).
   */
  private ready: Entry<T>[] = [];
  private head = 0;
  /** Retries backing off, few: they join `ready` when due. */
  private delayed: Entry<T>[] = [];
  private readonly ids = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  /** `idle()` callers waiting for the running jobs to drain, woken once when none is left running. */
  private drained: (() => void)[] = [];
  private handler: JobHandler<T> | null = null;
  private concurrency = 1;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly counts = { completed: 0, failed: 0, retried: 0 };
  private readonly now: () => number;

  constructor(private readonly options: InProcessQueueOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  enqueue(id: string, data: T): Promise<boolean> {
    if (this.closed || this.ids.has(id)) return Promise.resolve(false);
    this.ids.add(id);
    this.ready.push({ job: { id, data, attempt: 1 }, notBefore: 0 });
    this.pump();
    return Promise.resolve(true);
  }

  start(handler: JobHandler<T>, concurrency: number): void {
    if (this.handler) throw new Error('InProcessQueue.start() was called twice');
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  stats(): Promise<QueueStats> {
    return Promise.resolve({ waiting: this.waitingCount(), active: this.running.size, ...this.counts });
  }

  backlog(): Promise<QueueBacklog> {
    return Promise.resolve({ waiting: this.waitingCount(), active: this.running.size });
  }

  /** Resolves when nothing is waiting or running (tests and benchmarks wait on this). */
  async idle(): Promise<void> {
    while (this.waitingCount() > 0 || this.running.size > 0) {
      // One wake-up when the running jobs drain, not a race over all of them after every job: that
      // cost a reaction per running job per job (5 KB a check at 32 running, in bench:watch's CPU).
      if (this.running.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Stop taking jobs; waiting ones are dropped (the scheduler re-derives them on start), running ones finish. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running]);
  }

  private waitingCount(): number {
    return this.ready.length - this.head + this.delayed.length;
  }

  private pump(): void {
    if (!this.handler || this.closed) return;
    const now = this.now();
    this.releaseDue(now);
    while (this.running.size < this.concurrency && this.head < this.ready.length) {
      const entry = this.ready[this.head]!;
      this.head += 1;
      this.run(entry, this.handler);
    }
    // Drop the taken part now and then, so the array does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
    this.armRetryTimer(now);
  }

  private wakeIdle(): void {
    const waiters = this.drained;
    if (waiters.length === 0) return;
    this.drained = [];
    for (const wake of waiters) wake();
  }

  /** Retries whose backoff is over join the ready jobs, in the order they were retried. */
  private releaseDue(now: number): void {
    if (this.delayed.length === 0) return;
    const due = this.delayed.filter((e) => e.notBefore <= now);
    if (due.length === 0) return;
    this.delayed = this.delayed.filter((e) => e.notBefore > now);
    this.ready.push(...due);
  }

  private run(entry: Entry<T>, handler: JobHandler<T>): void {
    const p: Promise<void> = handler(entry.job)
      .then(
        () => this.settle(entry, null),
        (error: unknown) => this.settle(entry, error ?? new Error('job rejected without a reason')),
      )
      .finally(() => {
        this.running.delete(p);
        this.pump();
        if (this.running.size === 0) this.wakeIdle();
      });
    this.running.add(p);
  }

  private settle(entry: Entry<T>, error: unknown): void {
    if (error === null) {
      this.counts.completed += 1;
      this.ids.delete(entry.job.id);
      return;
    }
    const { maxAttempts, backoffMs } = this.options.retry;
    if (entry.job.attempt < maxAttempts && !this.closed) {
      this.counts.retried += 1;
      const delay = backoffMs * 2 ** (entry.job.attempt - 1);
      this.delayed.push({ job: { ...entry.job, attempt: entry.job.attempt + 1 }, notBefore: this.now() + delay });
      return;
    }
    this.counts.failed += 1;
    this.ids.delete(entry.job.id);
    this.options.onFailed?.(entry.job, error);
  }

  /** Wake up when the earliest delayed retry becomes due. */
  private armRetryTimer(now: number): void {
    if (this.timer || this.closed) return;
    const next = this.delayed.reduce((m, e) => (e.notBefore > now ? Math.min(m, e.notBefore) : m), Infinity);
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, next - now);
    this.timer.unref();
  }
}
