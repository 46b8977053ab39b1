/**
 * Politeness across workers with real processes: a `mamori serve` and two `mamori worker` share the
 * checks of one loopback host through BullMQ. The host records how many requests it has in flight:
 * the cluster, not each process, keeps to politeness.perHostConcurrency.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { clusterProblem, paths, setUpCluster, startMamoriProcess, until } from './cluster-support.ts';

const problem = await clusterProblem();
if (problem !== null && !process.env.CI) console.warn(`Skipping the cluster politeness test: ${problem}.`);

const PER_HOST = 2;

describe.skipIf(problem !== null && !process.env.CI)('per-host politeness across worker processes', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('never has more requests in flight to one host than the limit, with three processes checking', async () => {
    // Slow answers, so many checks of the host are due while earlier ones are still running.
    const pages = paths(10);
    const { site, dir } = await setUpCluster(cleanups, {
      name: 'polite',
      site: { delayMs: 1_000 },
      pages,
      config: {
        // Each process alone could have 2 in flight; three together 6 without a shared limit.
        politeness: { perHostConcurrency: PER_HOST, minSpacingMs: 0 },
        scheduler: { defaultIntervalSeconds: 300, tickMs: 100, maxConcurrency: 4 },
        evidence: { enabled: false },
      },
    });

    const processes = await Promise.all([
      startMamoriProcess('worker', dir),
      startMamoriProcess('worker', dir),
      startMamoriProcess('serve', dir),
    ]);
    for (const p of processes) cleanups.push(() => p.kill('SIGKILL'));

    await until(
      'every page checked',
      () => pages.every((p) => site.requests.some((r) => r.path === p && r.end !== null)),
      60_000,
    );
    expect(site.peak()).toBeLessThanOrEqual(PER_HOST);
    // The limit was reached, so it is the limit that held the rest back.
    expect(site.peak()).toBe(PER_HOST);
    // And no process logged an error (a politeness call failing would say so).
    for (const p of processes) expect(p.output()).not.toMatch(/"level":(50|60)/);
    for (const p of processes) expect(await p.kill('SIGTERM')).toBe(0);
  }, 120_000);
});
