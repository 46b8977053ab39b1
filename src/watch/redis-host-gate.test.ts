import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_REDIS_URL, probeRedis, uniqueQueueName } from '../queue/test-support.ts';
import { systemClock } from '../pipeline/clock.ts';
import type { PolitenessOptions } from './host-gate.ts';
import { RedisHostGate } from './redis-host-gate.ts';

const REDIS_URL = process.env.MAMORI_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
const redisProblem = await probeRedis(REDIS_URL);
if (redisProblem !== null && !process.env.CI)
  console.warn(`Skipping the Redis politeness tests: Redis at ${REDIS_URL} is unreachable (${redisProblem}).`);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Several gates on one Redis stand for several processes (each gate has its own connection and its
 * own in-memory queue); the process-level test is test/cluster-politeness.test.ts.
 */
describe.skipIf(redisProblem !== null && !process.env.CI)('per-host politeness shared through Redis', () => {
  const gates: RedisHostGate[] = [];
  afterEach(async () => {
    for (const g of gates.splice(0)) await g.close();
  });

  function gate(prefix: string, politeness: PolitenessOptions, slotLeaseMs = 30_000): RedisHostGate {
    const g = new RedisHostGate({ redisUrl: REDIS_URL, prefix, politeness, slotLeaseMs, clock: systemClock });
    gates.push(g);
    return g;
  }

  it('holds the per-host limit across gates, and lets other hosts through beside it', async () => {
    const prefix = uniqueQueueName();
    const politeness = { perHostConcurrency: 2, minSpacingMs: 0 };
    const all = [gate(prefix, politeness), gate(prefix, politeness), gate(prefix, politeness)];
    let inFlight = 0;
    let peak = 0;
    let otherHost = 0;
    const request = async (g: RedisHostGate, host: string) => {
      const release = await g.acquire(host);
      if (host !== 'busy.example:80') {
        otherHost += 1;
        return release();
      }
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await pause(30);
      inFlight -= 1;
      release();
    };
    // Each gate alone would allow 2: together they would reach 6 without the shared limit.
    const work = all.flatMap((g) => Array.from({ length: 6 }, () => request(g, 'busy.example:80')));
    work.push(request(all[0]!, 'quiet.example:80'));
    await Promise.all(work);
    expect(peak).toBe(2);
    expect(otherHost).toBe(1);
    for (const g of all) expect(g.busyHosts()).toBe(0);
  });

  it('spaces the starts on one host across gates', async () => {
    const prefix = uniqueQueueName();
    const politeness = { perHostConcurrency: 4, minSpacingMs: 1_500 };
    const [a, b] = [gate(prefix, politeness), gate(prefix, politeness)];
    (await a.acquire('spaced.example:80'))();
    let second = false;
    const waiting = b.acquire('spaced.example:80').then((release) => {
      second = true;
      release();
    });
    await pause(300);
    // A slot is free, but the spacing since a's start has not passed.
    expect(second).toBe(false);
    await waiting;
    expect(second).toBe(true);
  });

  it('frees a slot whose holder died once its lease ends', async () => {
    const prefix = uniqueQueueName();
    const politeness = { perHostConcurrency: 1, minSpacingMs: 0 };
    const dead = gate(prefix, politeness, 1_000);
    await dead.acquire('orphaned.example:80'); // never released: its process "dies"
    await dead.close();
    const alive = gate(prefix, politeness, 1_000);
    let got = false;
    const waiting = alive.acquire('orphaned.example:80').then((release) => {
      got = true;
      release();
    });
    await pause(200);
    expect(got).toBe(false);
    await waiting;
    expect(got).toBe(true);
  });
});
