import { describe, expect, it } from 'vitest';
import { Scheduler, type CheckJob } from './scheduler.ts';
import type { JobQueue, QueueBacklog, QueueStats } from '../queue/types.ts';
import type { Clock } from '../pipeline/clock.ts';

/** A recording queue: the scheduler's only collaborator, with a controllable backlog. */
class RecordingQueue implements JobQueue<CheckJob> {
  jobs: { id: string; at: number }[] = [];
  busy = new Set<string>();
  waiting = 0;
  active = 0;
  /** Calls that asked the queue for its numbers: each is a Redis round trip on BullMQ. */
  queries = 0;
  constructor(private readonly clock: Clock) {}
  enqueue(id: string): Promise<boolean> {
    if (this.busy.has(id)) return Promise.resolve(false);
    this.jobs.push({ id, at: this.clock.now() });
    return Promise.resolve(true);
  }
  start(): void {}
  stats(): Promise<QueueStats> {
    this.queries += 1;
    return Promise.resolve({ waiting: this.waiting, active: this.active, completed: 0, failed: 0, retried: 0 });
  }
  backlog(): Promise<QueueBacklog> {
    this.queries += 1;
    return Promise.resolve({ waiting: this.waiting, active: this.active });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, sleep: () => Promise.resolve(), advance: (ms) => (t += ms) };
}

const options = { jitterRatio: 0, tickMs: 100, maxBacklog: 100, firstCheckSpreadMs: 0 };

describe('Scheduler', () => {
  it('dispatches each page at its own interval', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, options, () => 0);
    s.upsert(1, 10_000, null);
    s.upsert(2, 25_000, null);
    for (let i = 0; i <= 60; i++) {
      await s.tick();
      clock.advance(1000);
    }
    expect(q.jobs.filter((j) => j.id === 'check:1')).toHaveLength(7); // t=0,10,...,60
    expect(q.jobs.filter((j) => j.id === 'check:2')).toHaveLength(3); // t=0,25,50
  });

  it('resumes from the last check time instead of checking everything at once', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, options, () => 0);
    s.upsert(1, 60_000, clock.now() - 30_000);
    await s.tick();
    expect(q.jobs).toHaveLength(0);
    clock.advance(30_000);
    await s.tick();
    expect(q.jobs).toHaveLength(1);
  });

  it('applies jitter within the configured share', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, { ...options, jitterRatio: 0.1 }, () => 1);
    s.upsert(1, 10_000, null);
    await s.tick();
    clock.advance(10_999);
    await s.tick();
    expect(q.jobs).toHaveLength(1);
    clock.advance(1);
    await s.tick();
    expect(q.jobs).toHaveLength(2);
  });

  it('skips a page whose previous check is still running, and reports lag instead of piling up', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, { ...options, maxBacklog: 2 }, () => 0);
    q.busy.add('check:1');
    s.upsert(1, 10_000, null);
    await s.tick();
    expect(s.stats().skippedBusy).toBe(1);
    q.waiting = 2;
    s.upsert(2, 10_000, null);
    clock.advance(5_000);
    await s.tick();
    expect(q.jobs).toHaveLength(0);
    expect(s.stats().lagMs).toBe(5_000);
    expect(s.stats().throttledTicks).toBe(1);
  });

  it('lets the backlog grow to as many jobs as the cluster runs at once', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, { ...options, maxBacklog: 2 }, () => 0);
    for (let id = 1; id <= 20; id++) s.upsert(id, 10_000, null);
    // Workers of several processes run 10 jobs: 5 waiting is not yet a full backlog.
    q.active = 10;
    q.waiting = 5;
    await s.tick();
    expect(q.jobs).toHaveLength(5);
    expect(s.stats().throttledTicks).toBe(1);
  });

  it("hands a tick's due pages to the queue together, not one round trip after another", async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    let inFlight = 0;
    let mostInFlight = 0;
    const enqueue = q.enqueue.bind(q);
    q.enqueue = async (id: string) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((r) => setImmediate(r)); // a round trip to Redis
      inFlight -= 1;
      return enqueue(id);
    };
    const s = new Scheduler(q, clock, options, () => 0);
    for (let id = 1; id <= 10; id++) s.upsert(id, 10_000, null);
    await s.tick();
    expect(q.jobs).toHaveLength(10);
    expect(mostInFlight).toBe(10);
  });

  it('keeps a page due when the queue could not take its job', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const enqueue = q.enqueue.bind(q);
    q.enqueue = (id: string) => (id === 'check:2' ? Promise.reject(new Error('Redis is gone')) : enqueue(id));
    const s = new Scheduler(q, clock, options, () => 0);
    for (let id = 1; id <= 3; id++) s.upsert(id, 10_000, null);
    await expect(s.tick()).rejects.toThrow('Redis is gone');
    expect(q.jobs.map((j) => j.id)).toEqual(['check:1', 'check:3']);
    q.enqueue = enqueue;
    await s.tick();
    expect(q.jobs.map((j) => j.id)).toEqual(['check:1', 'check:3', 'check:2']);
  });

  it('asks the queue nothing while no page is due', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, options, () => 0);
    s.upsert(1, 10_000, clock.now());
    for (let i = 0; i < 9; i++) {
      clock.advance(1_000);
      await s.tick();
    }
    expect(q.queries).toBe(0);
    clock.advance(1_000);
    await s.tick();
    expect(q.jobs).toHaveLength(1);
    expect(q.queries).toBe(1);
  });

  it('uses the newest interval after an upsert and forgets removed pages', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, options, () => 0);
    s.upsert(1, 10_000, clock.now());
    s.upsert(1, 5_000, clock.now());
    s.upsert(2, 5_000, clock.now());
    s.remove(2);
    clock.advance(5_000);
    await s.tick();
    expect(q.jobs.map((j) => j.id)).toEqual(['check:1']);
    expect(s.stats().pages).toBe(1);
  });
});

describe('Scheduler.retime', () => {
  it('counts a new interval from the last dispatch', async () => {
    const clock = fakeClock();
    const q = new RecordingQueue(clock);
    const s = new Scheduler(q, clock, options, () => 0);
    s.upsert(1, 300_000, null);
    await s.tick();
    clock.advance(20_000);
    s.retime(1, 30_000);
    await s.tick();
    expect(q.jobs).toHaveLength(1); // 20 s since the dispatch: not yet due at 30 s
    clock.advance(10_000);
    await s.tick();
    expect(q.jobs).toHaveLength(2);
    s.retime(1, 300_000);
    clock.advance(60_000);
    await s.tick();
    expect(q.jobs).toHaveLength(2);
    s.retime(99, 1000); // unknown: ignored
    expect(s.stats().pages).toBe(1);
  });
});
