import type { MamoriConfig } from '../config/schema.ts';
import type { StallPolicy } from './bullmq-queue.ts';
import { InProcessQueue } from './in-process-queue.ts';
import type { FailureListener, JobQueue, RetryPolicy } from './types.ts';

/** The queue's config; `prefix` (BullMQ's key prefix) defaults to BullMQ's own. */
export type QueueConfig = Pick<MamoriConfig['queue'], 'backend' | 'redisUrl'> & { prefix?: string };

export interface CreateQueueOptions<T> {
  retry: RetryPolicy;
  onFailed?: FailureListener<T>;
  /** Redis connection trouble while running (BullMQ only; it reconnects by itself). */
  onError?: (error: Error) => void;
  /** The in-process queue's clock for retry delays (BullMQ times retries in Redis). */
  now?: () => number;
  /** BullMQ queue name and key prefix, for running several estates (or tests) on one Redis. */
  queueName?: string;
  prefix?: string;
  connectTimeoutMs?: number;
  /** BullMQ's stalled-job handling (tests shorten it). */
  stall?: StallPolicy;
}

/**
 * The one place that knows every queue implementation. A BullMQ queue is only returned once Redis
 * answers, so a command fails at start with QueueUnavailableError instead of running without a queue.
 */
export async function createQueue<T>(config: QueueConfig, options: CreateQueueOptions<T>): Promise<JobQueue<T>> {
  const { retry, onFailed, onError, now, queueName, prefix, connectTimeoutMs, stall } = options;
  switch (config.backend) {
    case 'in-process':
      return new InProcessQueue<T>({ retry, onFailed, now });
    case 'bullmq': {
      // Loaded only here: BullMQ and its Redis client cost about 25 MB of RSS to a process that never uses them.
      const { BullMqQueue } = await import('./bullmq-queue.ts');
      const queue = new BullMqQueue<T>({
        redisUrl: config.redisUrl,
        retry,
        onFailed,
        onError,
        queueName,
        prefix: prefix ?? config.prefix,
        connectTimeoutMs,
        ...(stall ? { stall } : {}),
      });
      try {
        await queue.ready();
      } catch (error) {
        await queue.close();
        throw error;
      }
      return queue;
    }
  }
}
