import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job as BullJob, type RedisOptions } from 'bullmq';
import { describeCause, QueueUnavailableError } from './errors.ts';
import { DEFAULT_QUEUE_NAME } from './types.ts';
import type { FailureListener, Job, JobHandler, JobQueue, QueueBacklog, QueueStats, RetryPolicy } from './types.ts';

export { DEFAULT_QUEUE_NAME };
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Failed jobs kept in Redis for inspection (Bull Board, redis-cli); older ones are trimmed. */
const KEEP_FAILED = 1000;
/**
 * How often a process adds its completed/failed/retried counts to the queue's shared totals. One
 * HINCRBY per finished job was one Redis command in fifty per check for a figure read by /metrics;
 * a process killed between flushes loses at most this much of its counts (never a job).
 */
const COUNTS_FLUSH_MS = 1_000;

/**
 * What happens to a job whose worker dies or freezes mid-check. A worker holds a lock on each running
 * job and renews it every lockDuration/2; when the lock lapses, another worker's stall check (every
 * stalledInterval) moves the job back to waiting and it is run again, up to maxStalledCount times,
 * after which it fails. Set on purpose rather than left to BullMQ's defaults:
 * - lockDurationMs + stalledIntervalMs at most 15 s: a process killed mid-check (a worker, or the
 *   `serve` that schedules and works) has its check re-run within 15 s, so no page waits longer than
 *   its interval plus 15 s (docs/scaling.md);
 * - the lock is renewed every lockDurationMs / 2 = 5 s, far above the event-loop pauses a healthy
 *   check causes now that analysis runs in worker threads and rendering in Chromium, so a busy but
 *   living worker does not lose its job to a second run;
 * - maxStalledCount 1: a page that kills its worker every time (a crash bug) fails after its second
 *   try instead of taking down worker after worker.
 * A re-run that comes late (the stall is noticed up to lockDuration + stalledInterval after the
 * worker died) does not lead to a second check in the same slot: the check handler skips a scheduled
 * job for a page checked less than half an interval ago (src/app/watch.ts).
 */
export interface StallPolicy {
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
}

export const DEFAULT_STALL_POLICY: StallPolicy = {
  lockDurationMs: 10_000,
  stalledIntervalMs: 5_000,
  maxStalledCount: 1,
};

export interface BullMqQueueOptions<T> {
  /** Stalled-job handling; DEFAULT_STALL_POLICY unless given (tests shorten it). */
  stall?: StallPolicy;
  redisUrl: string;
  queueName?: string;
  /** BullMQ's key prefix (its default is `bull`); tests use a unique one so runs never meet. */
  prefix?: string;
  retry: RetryPolicy;
  /** Called in the process whose worker ran the last attempt. */
  onFailed?: FailureListener<T>;
  /** Connection trouble while running (Redis restarting): reported, not thrown, since BullMQ reconnects by itself. */
  onError?: (error: Error) => void;
  /** How long `ready()` and calls made before the first connection wait for Redis. */
  connectTimeoutMs?: number;
}

type Counter = 'completed' | 'failed' | 'retried';

/**
 * JobQueue over BullMQ on Redis, for several worker processes sharing one estate's checks.
 *
 * De-duplication uses BullMQ's deduplication id (our job id), not its job id: the deduplication key
 * is set atomically in the same Lua script that adds the job and released when the job completes or
 * finally fails, which is exactly "waiting, delayed for a retry, or running". Keying on BullMQ's job
 * id instead would keep an id blocked for as long as its failed job is kept for inspection, and would
 * need ids mapped around BullMQ's rules (no ':' and no integers). So each add gets a fresh UUID as
 * BullMQ job id, and an add that comes back with a different id was deduplicated.
 *
 * Data must survive JSON (BullMQ stores it as JSON). Unlike the in-process queue, waiting jobs
 * outlive `close()`: they stay in Redis for the other workers.
 */
export class BullMqQueue<T> implements JobQueue<T> {
  readonly queueName: string;
  private readonly queue: Queue<unknown, void, string>;
  private worker: Worker<unknown, void, string> | null = null;
  private closing: Promise<void> | null = null;
  private lastError: Error | null = null;
  private readonly connectTimeoutMs: number;
  private readonly statsKey: string;
  /** Counts not yet added to the shared totals (statsKey), flushed every COUNTS_FLUSH_MS and on close. */
  private readonly pending: Record<Counter, number> = { completed: 0, failed: 0, retried: 0 };
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /**
   * A flush takes its counts out of `pending` before Redis has them: a `stats()` that read the totals
   * before the write and `pending` after it would miss them (a total going down between two reads).
   * So a flush waits for the reads in progress, and a read waits for the write in progress.
   */
  private readonly readers = new Set<Promise<unknown>>();
  private writing: Promise<void> | null = null;

  constructor(private readonly options: BullMqQueueOptions<T>) {
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.statsKey = `${options.prefix ?? 'bull'}:${this.queueName}:mamori-stats`;
    this.queue = new Queue<unknown, void, string>(this.queueName, {
      // A queue serves the scheduler and the API: a call must fail quickly when Redis is gone rather
      // than wait through every reconnection, so one retry per request.
      connection: connectionOptions(options.redisUrl, this.connectTimeoutMs, 1),
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
    // Without a listener an 'error' event would crash the process; ioredis keeps reconnecting anyway.
    this.queue.on('error', (error) => this.report(error));
  }

  /** Resolves once Redis answers; rejects with QueueUnavailableError after the connect timeout instead of waiting forever. */
  async ready(): Promise<void> {
    await withTimeout(this.queue.waitUntilReady(), this.connectTimeoutMs, () => this.unavailable());
  }

  async enqueue(id: string, data: T): Promise<boolean> {
    if (this.closing) return false;
    const { maxAttempts, backoffMs } = this.options.retry;
    const jobId = randomUUID();
    const job = await this.call(() =>
      this.queue.add(id, data, {
        jobId,
        deduplication: { id },
        attempts: Math.max(1, maxAttempts),
        // BullMQ's exponential backoff waits delay * 2^(attempt-1): the RetryPolicy formula.
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: true,
        removeOnFail: { count: KEEP_FAILED },
      }),
    );
    return job.id === jobId;
  }

  start(handler: JobHandler<T>, concurrency: number): void {
    if (this.worker) throw new Error('BullMqQueue.start() was called twice');
    if (this.closing) return;
    const stall = this.options.stall ?? DEFAULT_STALL_POLICY;
    const worker = new Worker<unknown, void, string>(
      this.queueName,
      (job) => handler(toJob<T>(job, job.attemptsMade + 1)),
      {
        // BullMQ requires workers to retry forever (they block on Redis and must ride out restarts).
        connection: connectionOptions(this.options.redisUrl, this.connectTimeoutMs, null),
        ...(this.options.prefix ? { prefix: this.options.prefix } : {}),
        concurrency: Math.max(1, concurrency),
        lockDuration: stall.lockDurationMs,
        stalledInterval: stall.stalledIntervalMs,
        maxStalledCount: stall.maxStalledCount,
      },
    );
    worker.on('error', (error) => this.report(error));
    worker.on('completed', () => this.count('completed'));
    worker.on('failed', (job, error) => {
      if (!job) return; // BullMQ lost the job (e.g. removed while running): nothing to report on
      // moveToFailed has already counted this attempt: attemptsMade is the attempt that just failed.
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.count(final ? 'failed' : 'retried');
      if (final) this.options.onFailed?.(toJob<T>(job, job.attemptsMade), error);
    });
    this.worker = worker;
  }

  /** Queue-wide numbers, shared by every process on this queue; the totals count since the queue was created. */
  async stats(): Promise<QueueStats> {
    const read = this.readStats();
    this.readers.add(read);
    try {
      return await read;
    } finally {
      this.readers.delete(read);
    }
  }

  private async readStats(): Promise<QueueStats> {
    while (this.writing) await this.writing;
    const [counts, totals] = await this.call(async () => {
      const client = await this.queue.backend.client;
      return Promise.all([
        this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'),
        client.hgetall(this.statsKey),
      ]);
    });
    const count = (key: string): number => counts[key] ?? 0;
    // This process's counts not flushed yet are added, so its own stats are exact.
    const total = (key: Counter): number => Number(totals[key] ?? 0) + this.pending[key];
    return {
      // Delayed jobs are retries waiting out their backoff, as in the in-process queue.
      waiting: count('waiting') + count('prioritized') + count('delayed'),
      active: count('active'),
      completed: total('completed'),
      failed: total('failed'),
      retried: total('retried'),
    };
  }

  async backlog(): Promise<QueueBacklog> {
    const counts = await this.call(() => this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'));
    const count = (key: string): number => counts[key] ?? 0;
    return { waiting: count('waiting') + count('prioritized') + count('delayed'), active: count('active') };
  }

  /** Stop taking jobs, wait for running ones to finish, close the connections. Waiting jobs stay in Redis. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.worker?.close();
      } finally {
        if (this.flushTimer) clearTimeout(this.flushTimer);
        this.flushTimer = null;
        await this.flushing;
        await this.flushCounts();
        await this.queue.close();
      }
    })();
    return this.closing;
  }

  /** Delete everything this queue keeps in Redis (tests; retiring a queue). Pauses nothing: stop workers first. */
  async obliterate(): Promise<void> {
    await this.call(async () => {
      await this.queue.obliterate({ force: true });
      // obliterate leaves keys it does not know: deduplication keys and our counters.
      const client = await this.queue.backend.client;
      const pattern = `${this.options.prefix ?? 'bull'}:${this.queueName}:*`;
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, { MATCH: pattern, COUNT: 500 });
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
  }

  /**
   * Run a Redis call: wait (bounded) for the first connection, and turn failures that happen while
   * disconnected into QueueUnavailableError. Other errors (bugs, bad arguments) pass through.
   */
  private async call<R>(fn: () => Promise<R>): Promise<R> {
    await this.ready();
    try {
      return await fn();
    } catch (error) {
      if (!(await this.isConnected())) throw this.unavailable(error);
      throw error;
    }
  }

  private async isConnected(): Promise<boolean> {
    try {
      return (await this.queue.backend.client).status === 'ready';
    } catch {
      return false;
    }
  }

  private unavailable(cause: unknown = this.lastError): QueueUnavailableError {
    const detail = cause ? describeCause(cause) : `no connection within ${this.connectTimeoutMs} ms`;
    return new QueueUnavailableError(this.options.redisUrl, detail, { cause });
  }

  private count(counter: Counter): void {
    this.pending[counter] += 1;
    if (this.flushTimer || this.closing) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushing = this.flushCounts().finally(() => (this.flushing = null));
    }, COUNTS_FLUSH_MS);
    this.flushTimer.unref();
  }

  /** Add the pending counts to the shared totals; counts that could not be written are kept for the next flush. */
  private async flushCounts(): Promise<void> {
    while (this.readers.size > 0) await Promise.allSettled([...this.readers]);
    const entries = (Object.entries(this.pending) as [Counter, number][]).filter(([, n]) => n > 0);
    if (entries.length === 0) return;
    for (const [counter] of entries) this.pending[counter] = 0;
    const write = this.writeCounts(entries);
    this.writing = write;
    try {
      await write;
    } finally {
      this.writing = null;
    }
  }

  private async writeCounts(entries: [Counter, number][]): Promise<void> {
    let unwritten = entries;
    try {
      const client = await this.queue.backend.client;
      for (const [counter, n] of entries) {
        await client.runCommand('hincrby', [this.statsKey, counter, n]);
        unwritten = unwritten.slice(1);
      }
    } catch (error) {
      for (const [counter, n] of unwritten) this.pending[counter] += n;
      this.report(error);
    }
  }

  private report(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.lastError = e;
    this.options.onError?.(e);
  }
}

function toJob<T>(job: BullJob<unknown, void, string>, attempt: number): Job<T> {
  // The data is what enqueue() stored for this queue's T, back from JSON.
  return { id: job.name, data: job.data as T, attempt };
}

function connectionOptions(url: string, connectTimeoutMs: number, maxRetriesPerRequest: number | null): RedisOptions {
  return { url, connectTimeout: connectTimeoutMs, maxRetriesPerRequest };
}

async function withTimeout<R>(promise: Promise<R>, ms: number, onTimeout: () => Error): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
