import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

/** Garbage collections of this process's main isolate in one phase: how many, and how long they paused it. */
export interface GcTally {
  /** Scavenges of the young generation. */
  minor: number;
  /** Mark-compacts (and their incremental finish) of the whole heap. */
  major: number;
  /** Milliseconds the main thread stood in scavenges (their parallel helpers' time is not in it). */
  minorMs: number;
  /**
   * Milliseconds the main thread stood in mark-compacts and their incremental marking steps; concurrent
   * marking on helper threads is not in it.
   */
  majorMs: number;
}

interface GcEntry extends PerformanceEntry {
  readonly detail?: { kind?: number };
}

/**
 * Counts the main isolate's collections from Node's `gc` performance entries, so a benchmark can show
 * how much of a check's CPU is the collector's: the pauses on the main thread here, and the helper
 * threads' share (concurrent marking, parallel scavenging) in the phase's thread split.
 */
export function startGcMeter(): { read(): GcTally; stop(): void } {
  const tally: GcTally = { minor: 0, major: 0, minorMs: 0, majorMs: 0 };
  const add = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries as readonly GcEntry[]) {
      const kind = entry.detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        tally.minor += 1;
        tally.minorMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        tally.major += 1;
        tally.majorMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) {
        // A mark-compact's incremental marking steps: its pause time, not another collection.
        tally.majorMs += entry.duration;
      }
    }
  };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    // Entries are delivered a turn late: take the ones still queued, so a phase's last collection counts.
    read: () => {
      add(observer.takeRecords());
      return { ...tally };
    },
    stop: () => observer.disconnect(),
  };
}

/** What `after` holds beyond `before`. */
export function gcSince(before: GcTally, after: GcTally): GcTally {
  return {
    minor: after.minor - before.minor,
    major: after.major - before.major,
    minorMs: after.minorMs - before.minorMs,
    majorMs: after.majorMs - before.majorMs,
  };
}

/** Per checked page: collections per thousand pages, pause microseconds per page. */
export function gcPerPage(tally: GcTally, pages: number) {
  const round = (n: number) => Number(n.toFixed(2));
  return {
    minorPerThousand: round((tally.minor / pages) * 1000),
    majorPerThousand: round((tally.major / pages) * 1000),
    minorPauseUsPerPage: round((tally.minorMs / pages) * 1000),
    majorPauseUsPerPage: round((tally.majorMs / pages) * 1000),
  };
}
