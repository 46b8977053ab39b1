import { execFile } from 'node:child_process';
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

  it('aborts the requests still in flight in a window with the DeadlineError, and only those', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const deadlines = new SharedDeadlines(1_000, 50);
    const signal = deadlines.signal();
    const reasons: Record<string, Error | null> = { slow: null, done: null };
    const inFlight = deadlines.watchers(signal);
    const slow = { abort: (reason: Error) => (reasons.slow = reason) };
    const done = { abort: (reason: Error) => (reasons.done = reason) };
    inFlight.add(slow).add(done);
    expect(deadlines.watchers(signal)).toBe(inFlight);
    inFlight.delete(done);
    vi.advanceTimersByTime(1_050);
    expect(reasons.slow).toBeInstanceOf(DeadlineError);
    expect(reasons.slow).toBe(signal.reason);
    expect(reasons.done).toBeNull();
    expect(inFlight.size).toBe(0);
    deadlines.dispose();
  });

  it('does not keep a process alive once its fetches are over, however long the deadline', async () => {
    // A one-shot command whose fetcher is never closed: with a ref'd timer it would wait out the hour.
    const script = `import { SharedDeadlines } from ${JSON.stringify(new URL('./shared-deadlines.ts', import.meta.url).href)};
new SharedDeadlines(3_600_000).signal();`;
    const exited = await new Promise<boolean>((resolve) => {
      // Exited cleanly: a script that failed to load would exit at once too.
      const child = execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (error) =>
        resolve(error === null),
      );
      // Far longer than a start takes on a loaded machine, far shorter than the deadline.
      setTimeout(() => {
        child.kill();
        resolve(false);
      }, 60_000).unref();
    });
    expect(exited).toBe(true);
  }, 90_000);
});
