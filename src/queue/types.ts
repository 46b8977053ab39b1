/**
 * Job execution behind one interface. The watch loop only enqueues jobs and handles them; whether
 * they run in this process (the default) or on BullMQ workers across machines is configuration.
 */

export interface Job<T> {
  /** Jobs are de-duplicated by id while one is waiting or running (a page is never checked twice at once). */
  id: string;
  data: T;
  /** 1 on the first try. */
  attempt: number;
}

/** Resolving acknowledges the job; rejecting retries it with backoff until `maxAttempts`, then fails it. */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface QueueStats {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  retried: number;
}

/** What the scheduler needs before dispatching: the jobs waiting and running, without the totals. */
export type QueueBacklog = Pick<QueueStats, 'waiting' | 'active'>;

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before attempt n+1 is `backoffMs * 2^(n-1)`. */
  backoffMs: number;
}

export interface JobQueue<T> {
  /** Add a job. Returns false when a job with this id is already waiting or running. */
  enqueue(id: string, data: T): Promise<boolean>;
  /** Start consuming jobs with at most `concurrency` at once. Call once. */
  start(handler: JobHandler<T>, concurrency: number): void;
  stats(): Promise<QueueStats>;
  /** Waiting and running jobs only: cheaper than stats() (one Redis call on BullMQ), asked on every scheduler tick. */
  backlog(): Promise<QueueBacklog>;
  /** Stop taking new jobs and wait for running ones to finish. */
  close(): Promise<void>;
}

/** Failures the handler reports after the last attempt: logged, never silently dropped. */
export type FailureListener<T> = (job: Job<T>, error: unknown) => void;

/** BullMQ's queue of check jobs, unless a scope names another (here so naming it loads no Redis client). */
export const DEFAULT_QUEUE_NAME = 'mamori-checks';
