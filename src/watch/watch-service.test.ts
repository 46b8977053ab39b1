/** Re-pacing pages when their site's heightened watch begins, over a real SQLite store and the real scheduler. */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import type { JobQueue, QueueBacklog, QueueStats } from '../queue/types.ts';
import type { SchedulerLease } from '../queue/scheduler-lease.ts';
import { Scheduler, type CheckJob } from './scheduler.ts';
import { WatchService } from './watch-service.ts';

class RecordingQueue implements JobQueue<CheckJob> {
  readonly ids: string[] = [];
  enqueue(id: string): Promise<boolean> {
    this.ids.push(id);
    return Promise.resolve(true);
  }
  start(): void {}
  stats(): Promise<QueueStats> {
    return Promise.resolve({ waiting: 0, active: 0, completed: 0, failed: 0, retried: 0 });
  }
  backlog(): Promise<QueueBacklog> {
    return Promise.resolve({ waiting: 0, active: 0 });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const T0 = 1_760_000_000_000;

describe('WatchService.retuneSites', () => {
  let store: EstateStore;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
    store = await openStore({ url: `sqlite:${join(dir.path, 'w.db')}` });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('checks a page of a site under heightened watch at the heightened pace, and goes back after', async () => {
    const org = await store.upsertOrganisation({ slug: 'o', name: 'O' }, T0);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://a.example', name: 'a' }, T0);
    const { page } = await store.addPage({ siteId: site.id, url: 'https://a.example/news/', source: 'declared' }, T0);
    let now = T0;
    const clock = { now: () => now, sleep: () => Promise.resolve() };
    const queue = new RecordingQueue();
    const scheduler = new Scheduler(
      queue,
      clock,
      { jitterRatio: 0, tickMs: 100, maxBacklog: 100, firstCheckSpreadMs: 0 },
      () => 0,
    );
    const heightenedSites = new Set<number>();
    const service = new WatchService({
      store,
      blobs: new FsBlobStore(join(dir.path, 'b')),
      queue,
      scheduler,
      log: pino({ level: 'silent' }),
      handler: () => Promise.resolve(),
      defaultIntervalSeconds: 300,
      concurrency: 1,
      retention: { checksPerPage: 10, bodiesPerPage: 2 },
      refreshMs: 60_000,
      now: () => now,
      heightened: { intervalSeconds: 30, isHeightened: (p) => heightenedSites.has(p.siteId) },
    });
    await service.refresh();
    await scheduler.tick(); // never checked: due at once
    expect(queue.ids).toEqual([`check:${page.id}`]);

    now += 60_000;
    await scheduler.tick();
    expect(queue.ids).toHaveLength(1); // the normal interval is 300 s

    heightenedSites.add(site.id);
    expect(await service.retuneSites([site.id])).toBe(1);
    await scheduler.tick();
    expect(queue.ids).toHaveLength(2); // at the 30 s pace, 60 s since the last dispatch is overdue
    now += 30_000;
    await scheduler.tick();
    expect(queue.ids).toHaveLength(3);

    heightenedSites.clear();
    await service.retuneSites([site.id]);
    now += 30_000;
    await scheduler.tick();
    expect(queue.ids).toHaveLength(3);
  });
});

/** A lease whose gains and losses the test decides: what WatchService does with them is under test. */
class HandedLease implements SchedulerLease {
  private onChange: ((held: boolean) => void) | null = null;
  private holding = false;
  stopped = false;
  start(onChange: (held: boolean) => void): void {
    this.onChange = onChange;
  }
  held(): boolean {
    return this.holding;
  }
  set(held: boolean): void {
    this.holding = held;
    this.onChange?.(held);
  }
  stop(): Promise<void> {
    this.stopped = true;
    this.holding = false;
    return Promise.resolve();
  }
}

describe('WatchService with a scheduler lease', () => {
  let store: EstateStore;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
    store = await openStore({ url: `sqlite:${join(dir.path, 'w.db')}` });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('dispatches only while it holds the lease, and rebuilds the schedule from the store when it gains it', async () => {
    const org = await store.upsertOrganisation({ slug: 'o', name: 'O' }, T0);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://a.example', name: 'a' }, T0);
    await store.addPage({ siteId: site.id, url: 'https://a.example/', source: 'declared' }, T0);
    let now = T0;
    const clock = { now: () => now, sleep: () => Promise.resolve() };
    const queue = new RecordingQueue();
    const lease = new HandedLease();
    const scheduler = new Scheduler(
      queue,
      clock,
      { jitterRatio: 0, tickMs: 60_000, maxBacklog: 100, firstCheckSpreadMs: 0, mayDispatch: () => lease.held() },
      () => 0,
    );
    const service = new WatchService({
      store,
      blobs: new FsBlobStore(join(dir.path, 'b')),
      queue,
      scheduler,
      log: pino({ level: 'silent' }),
      handler: () => Promise.resolve(),
      defaultIntervalSeconds: 300,
      concurrency: 1,
      retention: { checksPerPage: 10, bodiesPerPage: 2 },
      refreshMs: 60_000,
      now: () => now,
      lease,
    });
    const until = async (what: string, fn: () => boolean) => {
      for (let i = 0; i < 200 && !fn(); i++) await new Promise((r) => setTimeout(r, 5));
      if (!fn()) throw new Error(`never: ${what}`);
    };
    // What the site watches follow: told each gain and loss, in order.
    const told: boolean[] = [];
    service.onLeadership((held) => told.push(held));
    await service.start();
    await scheduler.tick();
    expect(queue.ids).toEqual([]); // the page is due, but another process schedules
    expect(service.isLeader()).toBe(false);
    expect(told).toEqual([]);

    lease.set(true);
    await until('the first dispatch', () => {
      void scheduler.tick();
      return queue.ids.length === 1;
    });
    expect(service.isLeader()).toBe(true);

    // Lost, then regained a minute later: the schedule comes from the store, where the page was never
    // checked (its job was lost, say, with Redis), so it is due at once, not an interval after the
    // dispatch this process remembers.
    now += 60_000;
    lease.set(false);
    lease.set(true);
    await until('the dispatch after the rebuild', () => {
      void scheduler.tick();
      return queue.ids.length === 2;
    });

    lease.set(false);
    now += 600_000; // due by any account, but the lease is gone
    await new Promise((r) => setTimeout(r, 20));
    await scheduler.tick();
    expect(queue.ids).toHaveLength(2);
    expect(service.isLeader()).toBe(false);
    await until('the loss told', () => told.length === 4);
    expect(told).toEqual([true, false, true, false]);
    await service.stop();
    expect(lease.stopped).toBe(true);
  });

  it('without a lease leads from start to stop, and says so to its leadership listeners', async () => {
    const clock = { now: () => T0, sleep: () => Promise.resolve() };
    const queue = new RecordingQueue();
    const scheduler = new Scheduler(
      queue,
      clock,
      { jitterRatio: 0, tickMs: 60_000, maxBacklog: 100, firstCheckSpreadMs: 0 },
      () => 0,
    );
    const service = new WatchService({
      store,
      blobs: new FsBlobStore(join(dir.path, 'b')),
      queue,
      scheduler,
      log: pino({ level: 'silent' }),
      handler: () => Promise.resolve(),
      defaultIntervalSeconds: 300,
      concurrency: 1,
      retention: { checksPerPage: 10, bodiesPerPage: 2 },
      refreshMs: 60_000,
      now: () => T0,
    });
    const told: boolean[] = [];
    service.onLeadership((held) => told.push(held));
    await service.start();
    expect(told).toEqual([true]);
    expect(service.isLeader()).toBe(true);
    await service.stop();
    expect(told).toEqual([true, false]);
  });
});
