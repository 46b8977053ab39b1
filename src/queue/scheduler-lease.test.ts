import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisLease } from './scheduler-lease.ts';
import { DEFAULT_TEST_REDIS_URL, probeRedis, uniqueQueueName } from './test-support.ts';

const REDIS_URL = process.env.MAMORI_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
const redisProblem = await probeRedis(REDIS_URL);
if (redisProblem !== null && !process.env.CI)
  console.warn(`Skipping the scheduler lease tests: Redis at ${REDIS_URL} is unreachable (${redisProblem}).`);

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A lease with its gains and losses recorded, short timings so a takeover is seen within seconds. */
function lease(key: string) {
  const changes: boolean[] = [];
  const connectionName = `lease-${uniqueQueueName()}`;
  const l = new RedisLease({ redisUrl: REDIS_URL, key, ttlMs: 1_500, renewMs: 250, connectionName });
  return { l, changes, connectionName, start: () => l.start((held) => changes.push(held)) };
}

describe.skipIf(redisProblem !== null && !process.env.CI)('the scheduler lease in Redis', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function track(key: string) {
    const x = lease(key);
    cleanups.push(() => x.l.stop());
    return x;
  }

  it('is held by one process at a time, and given up on stop goes to another at once', async () => {
    const key = `${uniqueQueueName()}:scheduler-lease`;
    const a = track(key);
    a.start();
    await until('a holds', () => a.l.held());
    const b = track(key);
    b.start();
    // b has tried several times meanwhile: a renews, b never gets it.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(a.l.held()).toBe(true);
    expect(b.l.held()).toBe(false);
    expect(b.changes).toEqual([]);

    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.quit());
    await a.l.stop();
    expect(a.changes).toEqual([true, false]);
    // Released (deleted), not left to expire: b takes it on its next try.
    expect(await redis.get(key)).not.toBe(a.l.token);
    await until('b holds', () => b.l.held());
  });

  it('passes to another process once the holder stops renewing (a holder killed), within ttl + renew', async () => {
    const key = `${uniqueQueueName()}:scheduler-lease`;
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.quit());
    // A holder that died: its token is in Redis with the lease's expiry, and nobody renews it.
    await redis.set(key, 'a-dead-process', 'PX', 1_500);
    const b = track(key);
    b.start();
    await new Promise((r) => setTimeout(r, 500));
    expect(b.l.held()).toBe(false);
    await until('b takes over', () => b.l.held(), 5_000);
    expect(await redis.get(key)).toBe(b.l.token);
  });

  it('is given up when its connection drops (Redis may have restarted empty), and taken again after', async () => {
    const key = `${uniqueQueueName()}:scheduler-lease`;
    const a = track(key);
    a.start();
    await until('a holds', () => a.l.held());
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.quit());
    // Kill the lease's own connection, as a Redis restart would; the key itself survives here.
    const clients = (await redis.client('LIST')) as string;
    const mine = clients.split('\n').filter((line) => line.includes(`name=${a.connectionName} `));
    expect(mine).toHaveLength(1);
    for (const line of mine) await redis.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    await until('a steps down and takes it again', () => a.changes.length >= 3 && a.l.held());
    expect(a.changes.slice(0, 3)).toEqual([true, false, true]);
  });

  it('is lost when someone else holds the key (the holder was cut off past its ttl)', async () => {
    const key = `${uniqueQueueName()}:scheduler-lease`;
    const a = track(key);
    a.start();
    await until('a holds', () => a.l.held());
    const redis = new Redis(REDIS_URL);
    cleanups.push(() => redis.quit());
    await redis.set(key, 'another-process', 'PX', 10_000);
    await until('a steps down', () => !a.l.held());
    expect(a.changes).toEqual([true, false]);
    await redis.del(key);
  });
});
