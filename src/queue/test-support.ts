/**
 * Helpers for tests that need a real Redis: a reachability probe and names no other run will pick.
 * Configuration comes in as arguments; test files read the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BullMqQueue } from './bullmq-queue.ts';
import { describeCause } from './errors.ts';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Null when the server answers PING, else the reason it doesn't. One attempt, no reconnection. */
export async function probeRedis(url: string, timeoutMs = 2000): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis reports the refusal as an event and rejects with a bare "Connection is closed".
  let refused: unknown = null;
  client.on('error', (error) => (refused ??= error));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return describeCause(refused ?? error);
  } finally {
    client.disconnect();
  }
}

/** A queue name (and key prefix) unique to this run, so parallel runs and leftovers never meet. */
export function uniqueQueueName(prefix = 'mamori-test'): string {
  return `${prefix}-${process.pid}-${randomBytes(5).toString('hex')}`;
}

/** Delete a test queue's keys once its workers have stopped (obliterate, plus what obliterate leaves). */
export async function removeTestQueue(redisUrl: string, queueName: string, prefix: string): Promise<void> {
  const sweeper = new BullMqQueue<unknown>({ redisUrl, queueName, prefix, retry: { maxAttempts: 1, backoffMs: 1 } });
  try {
    await sweeper.obliterate();
  } finally {
    await sweeper.close();
  }
}

/** A private Redis: its own redis-server on `port`, in memory only, so a restart loses everything. */
export interface PrivateRedis {
  url: string;
  child: ChildProcess;
  kill(): Promise<void>;
}

/**
 * Starts a redis-server of the test's own on a free port, without persistence. For tests that must
 * see only their own clients' commands (MONITOR) or kill Redis, never the shared server.
 */
export async function privateRedis(port: number, timeoutMs = 15_000): Promise<PrivateRedis> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while ((await probeRedis(url, 500)) !== null) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the private redis-server on port ${port} did not answer within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}
