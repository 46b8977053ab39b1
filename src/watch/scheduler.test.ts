import { describe, expect, it } from 'vitest';
import { Scheduler, type CheckJob } from './scheduler.ts';
import type { JobQueue, QueueStats } from '../queue/types.ts';
import type { Clock } from '../pipeline/clock.ts';

/** A recording queue: the scheduler's only collaborator, with a controllable backlog. */
class RecordingQueue implements JobQueue<CheckJob> {
  jobs: { id: string; at: number }[] = [];
  busy = new Set<string>();
  waiting = 0;
  constructor(private readonly clock: Clock) {}
  enqueue(id: string): Promise<boolean> {
    if (this.busy.has(id)) return Promise.resolve(false);
    this.jobs.push({ id, at: this.clock.now() });
    return Promise.resolve(true);
  }
  start(): void {}
  stats(): Promise<QueueStats> {
    return Promise.resolve({ waiting: this.waiting, active: 0, completed: 0, failed: 0, retried: 0 });
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
