import { describe, expect, it } from 'vitest';
import { InProcessQueue } from './in-process-queue.ts';

// The behaviour both queues share is in queue.contract.test.ts; this is what only the in-process one has.
describe('InProcessQueue', () => {
  it('idle() resolves once nothing waits or runs, including retries still backing off', async () => {
    const q = new InProcessQueue<number>({ retry: { maxAttempts: 2, backoffMs: 30 } });
    const attempts: number[] = [];
    q.start((job) => {
      attempts.push(job.attempt);
      return job.attempt === 1 ? Promise.reject(new Error('once')) : new Promise((r) => setTimeout(r, 20));
    }, 2);
    await Promise.all([q.enqueue('a', 1), q.enqueue('b', 2)]);
    await q.idle();
    expect(attempts).toEqual([1, 1, 2, 2]);
    expect(await q.stats()).toEqual({ waiting: 0, active: 0, completed: 2, failed: 0, retried: 2 });
    await q.close();
  });

  it('idle() resolves at once on an empty queue', async () => {
    const q = new InProcessQueue<number>({ retry: { maxAttempts: 1, backoffMs: 1 } });
    await q.idle();
    await q.close();
  });

  // A backlog of N jobs must cost N steps, not N²: the old queue scanned and shifted the whole
  // backlog for every job taken, so 200,000 jobs took billions of steps (many minutes); in steps
  // linear in N they take well under a second. The generous timeout only bounds the quadratic case.
  it('takes a large backlog in time linear in its size', { timeout: 120_000 }, async () => {
    const q = new InProcessQueue<number>({ retry: { maxAttempts: 1, backoffMs: 1 } });
    let ran = 0;
    let last = -1;
    let inOrder = true;
    // The whole backlog is queued before the workers start, as when a scheduler finds many pages due.
    for (let i = 0; i < 200_000; i++) await q.enqueue(`j${i}`, i);
    q.start((job) => {
      ran += 1;
      if (job.data !== last + 1) inOrder = false;
      last = job.data;
      return Promise.resolve();
    }, 4);
    await q.idle();
    expect(ran).toBe(200_000);
    expect(inOrder).toBe(true);
    expect((await q.stats()).waiting).toBe(0);
    await q.close();
  });
});
