/**
 * Site watches in a cluster, with real processes: two `mamori serve` on PostgreSQL and Redis, each
 * asking a DNS server of its own on loopback, so the queries each server counts are one process's.
 * Only the holder of the scheduler lease looks at the sites; when it is killed with SIGKILL the other
 * takes the lease and the site watches with it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestDnsServer, type TestDnsServer, type TestZone } from '../src/site-watch/test-dns-server.ts';
import {
  clusterProblem,
  health,
  type MamoriProcess,
  paths,
  setUpCluster,
  startMamoriProcess,
  until,
} from './cluster-support.ts';

const problem = await clusterProblem();
if (problem !== null && !process.env.CI) console.warn(`Skipping the site watch HA test: ${problem}.`);

/** The shortest pace the config allows: several rounds fit in the test. */
const SITE_WATCH_INTERVAL_S = 5;
/** The lease's ttl plus a renewal, with room for a loaded machine. */
const TAKEOVER_MS = 15_000;
/** Longer than one round's lookups take on loopback, shorter than the pace between rounds. */
const ROUND_SETTLE_MS = 2_000;
const NAME = 'www.city.test';
const ZONE: TestZone = {
  [NAME]: { A: ['127.0.0.1'] },
  'city.test': { NS: ['ns1.dns-host.test', 'ns2.dns-host.test'], CAA: ['0 issue good-ca.test'] },
};

/** Wait for the next round's queries: a round's own lookups on loopback are over well within the settle time. */
async function nextRound(server: TestDnsServer): Promise<void> {
  await new Promise((r) => setTimeout(r, ROUND_SETTLE_MS));
  const done = server.queries;
  await until('the next round of looks', () => server.queries > done, SITE_WATCH_INTERVAL_S * 1000 + 15_000);
}

describe.skipIf(problem !== null && !process.env.CI)('two serve processes and one site watch', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('resolves only on the lease holder, and the other takes the site watch over when it is killed', async () => {
    const dns: TestDnsServer[] = await Promise.all([startTestDnsServer(ZONE), startTestDnsServer(ZONE)]);
    for (const d of dns) cleanups.push(() => d.close());
    const { dir } = await setUpCluster(cleanups, {
      name: 'ha-site-watch',
      site: { delayMs: 0 },
      pages: paths(1),
      config: (site) => ({
        scheduler: { defaultIntervalSeconds: 60, jitterRatio: 0, tickMs: 100 },
        siteWatch: { intervalSeconds: SITE_WATCH_INTERVAL_S, timeoutMs: 1_000, names: { [site.origin]: NAME } },
      }),
    });

    // One config, one resolver per process: what a server counts was asked by its process alone.
    const serves: MamoriProcess[] = await Promise.all(
      dns.map((d) => startMamoriProcess('serve', dir, 60_000, { MAMORI_SITE_WATCH_RESOLVERS: d.server })),
    );
    for (const s of serves) cleanups.push(() => s.kill('SIGKILL'));

    const leaderIndex = await until(
      'one serve to hold the scheduler lease',
      async () => {
        const h = await Promise.all(serves.map((s) => health(s.api!)));
        const leaders = h.map((x) => x?.scheduler?.leader === true);
        return leaders.filter(Boolean).length === 1 ? leaders.indexOf(true) + 1 : null;
      },
      30_000,
    );
    const [leader, follower] = [serves[leaderIndex - 1]!, serves[2 - leaderIndex]!];
    const [leaderDns, followerDns] = [dns[leaderIndex - 1]!, dns[2 - leaderIndex]!];

    // Two rounds of the leader at least: time enough for a follower that also watched to have asked.
    await until('the leader to look at the site', () => leaderDns.queries > 0, 30_000);
    await nextRound(leaderDns);
    expect(followerDns.queries, 'DNS queries from the process that does not hold the lease').toBe(0);

    await leader.kill('SIGKILL');
    const afterKill = leaderDns.queries;
    await until(
      'the follower to take the lease',
      async () => (await health(follower.api!))?.scheduler?.leader,
      TAKEOVER_MS,
    );
    await until('the new leader to look at the site', () => followerDns.queries > 0, TAKEOVER_MS);
    await nextRound(followerDns);
    expect(leaderDns.queries).toBe(afterKill);
    expect(await follower.kill('SIGTERM')).toBe(0);
  }, 150_000);
});
