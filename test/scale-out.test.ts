import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startMamori, startWorker, type RunningMamori, type RunningWorker } from '../src/app/mamori.ts';
import type { CliIo } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { demoEstateConfig } from '../src/demo/demo-config.ts';
import { DEFAULT_TEST_REDIS_URL, probeRedis, removeTestQueue, uniqueQueueName } from '../src/queue/test-support.ts';
import type { CheckObserver } from '../src/pipeline/check-event.ts';
import { silentLog, tempDir, testConfig } from './helpers.ts';

const REDIS_URL = process.env.MAMORI_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
const redisProblem = await probeRedis(REDIS_URL);
if (redisProblem !== null && !process.env.CI)
  console.warn(`Skipping the BullMQ watch test: Redis at ${REDIS_URL} is unreachable (${redisProblem}).`);

function counter(name: string): CheckObserver & { pages: Set<number>; checks: number } {
  const pages = new Set<number>();
  return {
    name,
    pages,
    checks: 0,
    onCheck(event) {
      this.checks += 1;
      pages.add(event.page.id);
      return Promise.resolve();
    },
  };
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Scale-out: the scheduler (with its own workers, as `mamori serve` runs it) and a separate worker
 * (as `mamori worker` runs it: its own runtime, store connection, HostGate and Redis connections)
 * share the checks through BullMQ on a real Redis.
 */
describe.skipIf(redisProblem !== null && !process.env.CI)('watch over BullMQ', () => {
  const estate = createDemoEstate();
  const scope = { name: uniqueQueueName(), prefix: uniqueQueueName() };
  let server: EstateServer;
  let tmp: ReturnType<typeof tempDir>;
  let mamori: RunningMamori | undefined;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    server = await startEstateServer(estate);
    tmp = tempDir();
  });

  afterAll(async () => {
    await mamori?.stop();
    await worker?.stop();
    await removeTestQueue(REDIS_URL, scope.name, scope.prefix);
    await server?.close();
    tmp?.remove();
  });

  it('checks every page through Redis, with the work shared between scheduler and worker', async () => {
    const config = testConfig(tmp.dir, {
      queue: { backend: 'bullmq', redisUrl: REDIS_URL },
      scheduler: { defaultIntervalSeconds: 5, tickMs: 50, maxConcurrency: 2 },
      estate: demoEstateConfig(estate, server, 5),
    });
    const byWorker = counter('worker');
    const byServe = counter('serve');
    // The worker first, so it is already waiting on Redis when the first jobs arrive.
    worker = await startWorker(config, silentLog, { queue: scope, observers: [byWorker] });
    mamori = await startMamori(config, silentLog, { serve: false, queue: scope, observers: [byServe] });
    const pages = (await mamori.runtime.store.listPages({ limit: 1000 })).items;
    expect(pages.length).toBeGreaterThanOrEqual(30);

    await until(
      'every page checked',
      async () => (await mamori!.runtime.store.countPagesByStatus()).byStatus.pending === 0,
    );
    // Observers run after the check is stored (evidence and incidents before these counters): wait for them too.
    const checked = new Set<number>();
    await until('every check observed', () => {
      for (const id of [...byWorker.pages, ...byServe.pages]) checked.add(id);
      return Promise.resolve(checked.size === pages.length);
    });
    expect(checked.size).toBe(pages.length);
    expect(byWorker.checks).toBeGreaterThan(0);
    expect(byServe.checks).toBeGreaterThan(0);

    // The queue's numbers are Redis's, the same from either side. A job is marked completed in Redis
    // only after its handler (and so its observers) returned: wait for the last ones to be counted.
    await until(
      'every job counted as completed',
      async () => (await mamori!.watch.queue.stats()).completed >= pages.length,
    );
    const stats = await mamori.watch.queue.stats();
    expect(stats.completed).toBeGreaterThanOrEqual(pages.length);
    expect(stats.failed).toBe(0);
    // Each process adds its counts to the shared totals once a second: the other side sees them soon after.
    await until(
      'the worker to see every job counted',
      async () => (await worker!.queue.stats()).completed >= pages.length,
    );
  }, 60_000);
});

function capture(): CliIo & { text(): string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), isTTY: false, text: () => lines.join('\n') };
}

describe('mamori worker', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir();
  });
  afterAll(() => tmp?.remove());

  async function worker(queue: Record<string, string>) {
    const file = join(tmp.dir, 'mamori.yaml');
    writeFileSync(
      file,
      stringify({
        database: { url: `sqlite:${join(tmp.dir, 'mamori.db')}` },
        dataDir: join(tmp.dir, 'data'),
        log: { level: 'silent' },
        queue,
      }),
    );
    const io = capture();
    const code = await main(['node', 'mamori', '--config', file, 'worker'], io);
    return { code, output: io.text() };
  }

  it('refuses to run on the in-process queue, which has no jobs to share', async () => {
    const r = await worker({ backend: 'in-process' });
    expect(r.code).toBe(2);
    expect(r.output).toContain('queue.backend: bullmq');
    expect(r.output).toContain('no jobs to share');
  });

  it('stops within the connect timeout, saying what to do, when Redis is unreachable', async () => {
    const started = Date.now();
    const r = await worker({ backend: 'bullmq', redisUrl: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1 is unavailable \(connect ECONNREFUSED/);
    expect(r.output).toContain('queue.redisUrl');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});
