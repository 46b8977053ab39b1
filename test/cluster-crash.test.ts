/**
 * Crash safety with real processes on PostgreSQL and Redis:
 * - a `mamori worker` killed with SIGKILL mid-check: BullMQ's stalled-job handling (DEFAULT_STALL_POLICY)
 *   runs the job again on another worker, the check is recorded once, and `mamori evidence verify` passes;
 * - Redis killed and restarted empty mid-run (a private redis-server, never the shared one): serve
 *   and worker reconnect, the new lease holder rebuilds the schedule from the store, and every page,
 *   including those whose jobs Redis lost, is checked, once.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BullMqQueue } from '../src/queue/bullmq-queue.ts';
import { privateRedis } from '../src/queue/test-support.ts';
import { openStore } from '../src/store/open-store.ts';
import type { CheckJob } from '../src/watch/scheduler.ts';
import { freePort } from './helpers.ts';
import {
  clusterProblem,
  health,
  paths,
  REDIS_URL,
  runMamori,
  setUpCluster,
  startMamoriProcess,
  until,
} from './cluster-support.ts';

const problem = await clusterProblem();
if (problem !== null && !process.env.CI) console.warn(`Skipping the cluster crash tests: ${problem}.`);

const INTERVAL_MS = 300_000;

describe.skipIf(problem !== null && !process.env.CI)('crash safety of a cluster', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('re-runs the check of a worker killed mid-check, records it once, and keeps the evidence verifiable', async () => {
    // The page's first request never answers: the check in flight when its worker is killed.
    const { site, dir, databaseUrl, prefix } = await setUpCluster(cleanups, {
      name: 'crash',
      site: { delayMs: 50, hold: (_path, nth) => nth === 1 },
      pages: ['/p0'],
    });

    const store = await openStore({ url: databaseUrl });
    cleanups.push(() => store.close());
    await store.migrate();
    const org = await store.upsertOrganisation({ slug: 'city', name: 'City' }, 1);
    const siteRow = await store.upsertSite({ organisationId: org.id, origin: site.origin, name: 'city' }, 1);
    const { page } = await store.addPage({ siteId: siteRow.id, url: site.url('/p0'), source: 'declared' }, 1);

    const first = await startMamoriProcess('worker', dir);
    cleanups.push(() => first.kill('SIGKILL'));
    // The scheduler's side of the queue, as `mamori serve` would dispatch the page's slot.
    const producer = new BullMqQueue<CheckJob>({
      redisUrl: REDIS_URL,
      prefix,
      retry: { maxAttempts: 3, backoffMs: 500 },
    });
    cleanups.push(() => producer.close());
    expect(
      await producer.enqueue(`check:${page.id}`, { pageId: page.id, trigger: 'schedule', intervalMs: INTERVAL_MS }),
    ).toBe(true);
    await until('the first worker to start the check', () => site.requests.length === 1, 30_000);
    await first.kill('SIGKILL');

    const second = await startMamoriProcess('worker', dir);
    cleanups.push(() => second.kill('SIGKILL'));
    await until(
      'the check re-run and stored',
      async () => (await store.getPage(page.id))?.lastCheckedAt != null,
      45_000,
    );
    await until('the job completed', async () => (await producer.stats()).completed >= 1, 15_000);

    expect(site.requests.map((r) => r.path)).toEqual(['/p0', '/p0']);
    expect(await store.listChecks(page.id, { limit: 10 })).toHaveLength(1);
    expect((await producer.stats()).failed).toBe(0);
    expect(await second.kill('SIGTERM')).toBe(0);
    const verify = await runMamori(dir, 'evidence', 'verify');
    expect(verify.output).not.toMatch(/broken|mismatch|missing/i);
    expect(verify.code).toBe(0);
  }, 120_000);

  it('resumes after Redis restarts empty, and checks the pages whose jobs Redis lost', async () => {
    const redis = await privateRedis(await freePort());
    cleanups.push(() => redis.kill());
    // Slow answers and one check at a time per process: the first round's pages come due (over 10 s)
    // faster than two processes check them, so jobs wait in Redis when it goes down.
    const pages = paths(20);
    const { site, dir, databaseUrl } = await setUpCluster(cleanups, {
      name: 'redis-restart',
      site: { delayMs: 1_000 },
      pages,
      redisUrl: redis.url,
      config: { scheduler: { defaultIntervalSeconds: INTERVAL_MS / 1000, tickMs: 100, maxConcurrency: 1 } },
    });
    const [serve, worker] = await Promise.all([startMamoriProcess('serve', dir), startMamoriProcess('worker', dir)]);
    cleanups.push(
      () => serve.kill('SIGKILL'),
      () => worker.kill('SIGKILL'),
    );

    await until(
      'some pages checked and jobs waiting in Redis',
      async () => site.requests.length >= 1 && ((await health(serve.api!))?.queue?.waiting ?? 0) >= 2,
      45_000,
    );
    const notYetChecked = pages.filter((p) => !site.requests.some((r) => r.path === p));
    expect(notYetChecked.length).toBeGreaterThan(0);
    await redis.kill();
    const again = spawn(
      'redis-server',
      ['--port', new URL(redis.url).port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const againExited = new Promise<void>((resolve) => again.once('exit', () => resolve()));
    cleanups.push(() => {
      if (again.exitCode === null) again.kill('SIGKILL');
      return againExited;
    });
    // Every page is checked, though a page whose job was waiting has its interval (5 min) to go.
    await until(
      'every page checked',
      () => pages.every((p) => site.requests.some((r) => r.path === p && r.end !== null)),
      60_000,
    );
    await until(
      'the serve to hold the scheduler lease again',
      async () => (await health(serve.api!))?.scheduler?.leader,
      15_000,
    );

    const store = await openStore({ url: databaseUrl });
    cleanups.push(() => store.close());
    await until(
      'every check stored',
      async () => ((await store.countPagesByStatus()).byStatus.pending ?? 0) === 0,
      15_000,
    );
    // Nothing checked twice: the rebuilt schedule counts from each page's stored check.
    for (const p of (await store.listPages({ limit: 100 })).items)
      expect(await store.listChecks(p.id, { limit: 10 }), p.url).toHaveLength(1);
    for (const p of [serve, worker]) expect(await p.kill('SIGTERM')).toBe(0);
    const verify = await runMamori(dir, 'evidence', 'verify');
    expect(verify.code).toBe(0);
  }, 150_000);
});
