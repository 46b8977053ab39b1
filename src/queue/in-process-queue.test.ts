import { describe, expect, it } from 'vitest';
import { InProcessQueue } from './in-process-queue.ts';
import type { Job } from './types.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InProcessQueue', () => {
  it('runs jobs with bounded concurrency and de-duplicates waiting ids', async () => {
    const q = new InProcessQueue<number>({ retry: { maxAttempts: 1, backoffMs: 1 } });
    const gate = deferred();
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    q.start(async (job) => {
      active += 1;
      peak = Math.max(peak, active);
      await gate.promise;
      seen.push(job.data);
      active -= 1;
    }, 2);
    const added = await Promise.all([q.enqueue('a', 1), q.enqueue('b', 2), q.enqueue('c', 3), q.enqueue('a', 9)]);
    expect(added).toEqual([true, true, true, false]);
    expect((await q.stats()).active).toBe(2);
    gate.resolve();
    await q.idle();
    await q.close();
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(peak).toBe(2);
    expect((await q.stats()).completed).toBe(3);
  });

  it('retries a failing job with backoff, then reports it failed', async () => {
    const failures: Job<string>[] = [];
    const q = new InProcessQueue<string>({ retry: { maxAttempts: 3, backoffMs: 5 }, onFailed: (job) => failures.push(job) });
    const attempts: number[] = [];
    const done = deferred();
    q.start((job) => {
      attempts.push(job.attempt);
      if (job.attempt === 3) done.resolve();
      return Promise.reject(new Error('boom'));
    }, 1);
    await q.enqueue('x', 'payload');
    await done.promise;
    await new Promise((r) => setTimeout(r, 20));
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures.map((f) => f.attempt)).toEqual([3]);
    const stats = await q.stats();
    expect(stats).toMatchObject({ failed: 1, retried: 2, waiting: 0 });
    // The id is free again after the final failure.
    expect(await q.enqueue('x', 'again')).toBe(true);
    await q.close();
  });

  it('accepts a job id again once it has completed', async () => {
    const q = new InProcessQueue<number>({ retry: { maxAttempts: 1, backoffMs: 1 } });
    const done = deferred();
    q.start(() => {
      done.resolve();
      return Promise.resolve();
    }, 1);
    await q.enqueue('p', 1);
    await done.promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(await q.enqueue('p', 2)).toBe(true);
    await q.close();
  });
});
