import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineError } from './errors.ts';
import { SharedDeadlines } from './shared-deadlines.ts';

describe('SharedDeadlines', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives fetches of one window one signal, never aborted before the full deadline of the last', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const deadlines = new SharedDeadlines(1_000, 50);
    const first = deadlines.signal();
    vi.advanceTimersByTime(49);
    expect(deadlines.signal()).toBe(first);
    vi.advanceTimersByTime(1);
    const next = deadlines.signal();
    expect(next).not.toBe(first);
    // The last fetch of the first window started at 49 ms: its signal holds until 1,049 ms at least.
    vi.advanceTimersByTime(999);
    expect(first.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(first.aborted).toBe(true);
    expect(first.reason).toBeInstanceOf(DeadlineError);
    expect(next.aborted).toBe(false);
    deadlines.dispose();
    vi.advanceTimersByTime(10_000);
    expect(next.aborted).toBe(false);
  });
});
