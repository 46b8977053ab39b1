/**
 * What only the BullMQ queue has: several processes on one queue, and a Redis that isn't there.
 * The shared behaviour is in queue.contract.test.ts.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { BullMqQueue } from './bullmq-queue.ts';
import { createQueue } from './create-queue.ts';
import { QueueUnavailableError } from './errors.ts';
import { DEFAULT_TEST_REDIS_URL, privateRedis, probeRedis, removeTestQueue, uniqueQueueName } from './test-support.ts';
import { freePort } from '../../test/helpers.ts';

const REDIS_URL = process.env.MAMORI_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
const redisProblem = await probeRedis(REDIS_URL);
/** Nothing listens on port 1: connections are refused at once. */
const DEAD_REDIS = 'redis://:hunter2@127.0.0.1:1';
const retry = { maxAttempts: 1, backoffMs: 1 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('BullMqQueue without Redis', () => {
  it('fails fast with QueueUnavailableError that says what to do, and closes without hanging', async () => {
    const q = new BullMqQueue<number>({ redisUrl: DEAD_REDIS, retry, connectTimeoutMs: 500 });
    const started = Date.now();
    const error = await q.enqueue('a', 1).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('queue.redisUrl');
    expect(message).toContain('redis://:***@127.0.0.1:1'); // the password is never printed
    expect(message).not.toContain('hunter2');
    await expect(q.stats()).rejects.toBeInstanceOf(QueueUnavailableError);
    q.start(() => Promise.resolve(), 1);
    await q.close();
  });

  it('createQueue refuses to hand out a BullMQ queue it cannot reach', async () => {
    const attempt = createQueue<number>({ backend: 'bullmq', redisUrl: DEAD_REDIS }, { retry, connectTimeoutMs: 500 });
    await expect(attempt).rejects.toBeInstanceOf(QueueUnavailableError);
  });
});

// In CI these run (and fail clearly) without Redis; queue.contract.test.ts says why it is required.
describe.skipIf(redisProblem !== null && !process.env.CI)('BullMqQueue across processes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('lets two instances on one queue share the work without ever running one id twice at once', async () => {
    const name = uniqueQueueName();
    // Two "processes": separate instances, connections and workers; only Redis is shared.
    const [a, b] = [0, 1].map(
      () => new BullMqQueue<number>({ redisUrl: REDIS_URL, queueName: name, prefix: name, retry }),
    );
    cleanups.push(() => removeTestQueue(REDIS_URL, name, name));
    cleanups.push(async () => void (await Promise.all([a!.close(), b!.close()])));

    const running = new Map<string, number>();
    const ranBy = { a: 0, b: 0 };
    let overlaps = 0;
    let runs = 0;
    const handler = (who: 'a' | 'b') => async (job: { id: string }) => {
      const now = (running.get(job.id) ?? 0) + 1;
      running.set(job.id, now);
      if (now > 1) overlaps += 1;
      await sleep(5 + Math.random() * 20);
      running.set(job.id, now - 1);
      ranBy[who] += 1;
      runs += 1;
    };
    a!.start(handler('a'), 3);
    b!.start(handler('b'), 3);

    const ids = Array.from({ length: 10 }, (_, i) => `check:${i}`);
    let accepted = 0;
    let bothAccepted = 0;
    for (let round = 0; round < 6; round++) {
      // Both "schedulers" enqueue every id at the same moment.
      const results = await Promise.all(ids.flatMap((id) => [a!.enqueue(id, round), b!.enqueue(id, round)]));
      accepted += results.filter(Boolean).length;
      for (let i = 0; i < results.length; i += 2) if (results[i] && results[i + 1]) bothAccepted += 1;
      await sleep(15);
    }
    // Completions are counted from BullMQ's 'completed' events, a moment after each handler returns:
    // wait for the counts to settle, not only for the handlers.
    // Each instance adds its counts to the shared totals once a second: wait until both see all of them.
    await waitFor('every accepted job to run and be counted', async () => {
      const [stats, other] = await Promise.all([a!.stats(), b!.stats()]);
      return runs === accepted && stats.active === 0 && stats.completed === accepted && other.completed === accepted;
    });

    expect(bothAccepted).toBe(0);
    expect(overlaps).toBe(0);
    expect(accepted).toBeGreaterThanOrEqual(ids.length);
    expect(ranBy.a).toBeGreaterThan(0);
    expect(ranBy.b).toBeGreaterThan(0);
    const [sa, sb] = await Promise.all([a!.stats(), b!.stats()]);
    expect(sa).toEqual(sb); // one queue, one set of numbers, whoever asks
    expect(sa).toMatchObject({ waiting: 0, active: 0, completed: accepted, failed: 0 });
  });

  it('adds its completed count to the shared totals in batches, not with one Redis write per job', async () => {
    // A Redis of its own: MONITOR on the shared one sees every other test's commands, and ioredis
    // cannot tell a monitored line that arrives with MONITOR's own reply from that reply.
    const redis = await privateRedis(await freePort());
    cleanups.push(() => redis.kill());
    const name = uniqueQueueName();
    const statsKey = `${name}:${name}:mamori-stats`;
    // Monitoring starts before any other client connects, so nothing can race its handshake.
    const monitor = await new Redis(redis.url, { lazyConnect: true }).monitor();
    cleanups.push(() => Promise.resolve(monitor.disconnect()));
    const q = new BullMqQueue<number>({ redisUrl: redis.url, queueName: name, prefix: name, retry });
    cleanups.push(() => q.close());
    let writes = 0;
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'hincrby' && args[1] === statsKey) writes += 1;
    });
    const jobs = 60;
    let done = 0;
    q.start(() => {
      done += 1;
      return Promise.resolve();
    }, 4);
    for (let i = 0; i < jobs; i++) expect(await q.enqueue(`check:${i}`, i)).toBe(true);
    // This process's own numbers are exact at once, written or not.
    await waitFor('every job counted', async () => done === jobs && (await q.stats()).completed === jobs);
    await q.close(); // writes what is left
    const reader = new Redis(redis.url);
    cleanups.push(() => Promise.resolve(reader.disconnect()));
    expect(Number(await reader.hget(statsKey, 'completed'))).toBe(jobs);
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(jobs / 4);
  });

  it('never reports fewer completed jobs than before while its counts are being written', async () => {
    const name = uniqueQueueName();
    const q = new BullMqQueue<number>({ redisUrl: REDIS_URL, queueName: name, prefix: name, retry });
    cleanups.push(() => removeTestQueue(REDIS_URL, name, name));
    cleanups.push(() => q.close());
    let done = 0;
    q.start(() => {
      done += 1;
      return Promise.resolve();
    }, 4);
    const jobs = 40;
    for (let i = 0; i < jobs; i++) expect(await q.enqueue(`check:${i}`, i)).toBe(true);
    // Reads back to back, so one is in flight whenever a flush takes the counts out of `pending`.
    const seen: number[] = [];
    const until = Date.now() + 2_500; // past two flushes
    while (Date.now() < until || done < jobs) seen.push((await q.stats()).completed);
    const drops = seen.filter((n, i) => i > 0 && n < seen[i - 1]!);
    expect(drops).toEqual([]);
    expect(seen.at(-1)).toBe(jobs);
  });

  it('keeps waiting jobs in Redis for another worker when one closes', async () => {
    const name = uniqueQueueName();
    const producer = new BullMqQueue<number>({ redisUrl: REDIS_URL, queueName: name, prefix: name, retry });
    cleanups.push(() => removeTestQueue(REDIS_URL, name, name));
    cleanups.push(() => producer.close());
    expect(await producer.enqueue('check:1', 1)).toBe(true);
    await producer.close();

    const worker = new BullMqQueue<number>({ redisUrl: REDIS_URL, queueName: name, prefix: name, retry });
    cleanups.push(() => worker.close());
    const seen: string[] = [];
    worker.start((job) => {
      seen.push(`${job.id}=${job.data}`);
      return Promise.resolve();
    }, 1);
    await waitFor('the job to be picked up', () => seen.length === 1);
    expect(seen).toEqual(['check:1=1']);
  });
});
