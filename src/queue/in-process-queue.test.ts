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
});
