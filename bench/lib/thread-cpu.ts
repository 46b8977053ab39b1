import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time of each thread of this process (Linux: /proc/self/task/<id>/schedstat, nanoseconds on the
 * CPU), so a phase's CPU can be split between the main thread, the analysis threads and the rest
 * (V8's helper threads, which collect garbage, and libuv's pool, which writes files). Empty elsewhere.
 */
export type ThreadTimes = Map<number, number>;

export function threadTimes(): ThreadTimes {
  const times: ThreadTimes = new Map();
  let ids: string[];
  try {
    ids = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const id of ids) {
    try {
      const ns = Number(readFileSync(`/proc/self/task/${id}/schedstat`, 'utf8').split(' ')[0]);
      times.set(Number(id), ns / 1e6);
    } catch {
      // The thread ended between the listing and the read: its time is in the process's total.
    }
  }
  return times;
}

export interface ThreadSplit {
  mainMs: number;
  analysisMs: number;
  /** Everything else of the process's CPU in the phase: helper threads, and threads that ended in it. */
  otherMs: number;
}

/**
 * Splits a phase's CPU (`totalMs`, the process's own figure) between the main thread, the given analysis
 * threads (alive at the end of the phase, by OS id) and the rest. A thread started in the phase counts
 * from zero.
 */
export function splitThreads(
  before: ThreadTimes,
  after: ThreadTimes,
  analysisIds: readonly number[],
  totalMs: number,
): ThreadSplit {
  const delta = (id: number) => (after.get(id) ?? 0) - (before.get(id) ?? 0);
  const mainMs = delta(process.pid);
  const analysisMs = analysisIds.reduce((sum, id) => sum + delta(id), 0);
  return { mainMs, analysisMs, otherMs: Math.max(0, totalMs - mainMs - analysisMs) };
}
