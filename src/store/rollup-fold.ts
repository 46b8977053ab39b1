/**
 * Check rows folded into per-page history buckets (hour and day, UTC). Pure. Every figure is a count,
 * a sum or a maximum, so buckets merge exactly: folding rows in two passes and adding the buckets
 * gives what one pass gives, which is what lets retention fold rows as it deletes them, batch by batch.
 */
import type { VerdictKind } from '../core/verdict.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type RollupPeriod = 'hour' | 'day';

/** The columns of a check row that history keeps. */
export interface FoldRow {
  startedAt: number;
  verdict: string;
  durationMs: number;
  httpStatus: number | null;
  /**
   * The checks a run-length row stands for (migration 0023) and their durations' sum and maximum;
   * absent or null for a row of one check. A row never spans two hours, so all of them fall in the
   * bucket of `startedAt`.
   */
  seenCount?: number;
  durationMsSum?: number | null;
  durationMsMax?: number | null;
}

export interface RollupBucket {
  period: RollupPeriod;
  /** Epoch ms of the bucket's start (UTC hour or day). */
  start: number;
  checks: number;
  verdicts: Record<VerdictKind, number>;
  /** Checks that received an HTTP response: response times are theirs. */
  responses: number;
  responseMsSum: number;
  responseMsMax: number;
}

const VERDICTS: readonly VerdictKind[] = ['unchanged', 'changed', 'suspicious', 'tampered', 'down'];

export function bucketStart(at: number, period: RollupPeriod): number {
  const size = period === 'hour' ? HOUR_MS : DAY_MS;
  return at - (((at % size) + size) % size);
}

export function emptyBucket(period: RollupPeriod, start: number): RollupBucket {
  return {
    period,
    start,
    checks: 0,
    verdicts: { unchanged: 0, changed: 0, suspicious: 0, tampered: 0, down: 0 },
    responses: 0,
    responseMsSum: 0,
    responseMsMax: 0,
  };
}

/** Adds `b` into `a` (same period and start). */
export function addInto(a: RollupBucket, b: RollupBucket): void {
  a.checks += b.checks;
  for (const v of VERDICTS) a.verdicts[v] += b.verdicts[v];
  a.responses += b.responses;
  a.responseMsSum += b.responseMsSum;
  a.responseMsMax = Math.max(a.responseMsMax, b.responseMsMax);
}

/** The rows' buckets of one period, oldest first. */
export function foldChecks(rows: readonly FoldRow[], period: RollupPeriod): RollupBucket[] {
  const buckets = new Map<number, RollupBucket>();
  for (const row of rows) {
    const start = bucketStart(row.startedAt, period);
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = emptyBucket(period, start)));
    const seen = row.seenCount ?? 1;
    b.checks += seen;
    const verdict = (VERDICTS as readonly string[]).includes(row.verdict) ? (row.verdict as VerdictKind) : 'changed';
    b.verdicts[verdict] += seen;
    if (row.httpStatus !== null) {
      b.responses += seen;
      b.responseMsSum += row.durationMsSum ?? row.durationMs;
      b.responseMsMax = Math.max(b.responseMsMax, row.durationMsMax ?? row.durationMs);
    }
  }
  return [...buckets.values()].sort((x, y) => x.start - y.start);
}

/** Buckets of one period merged by start (rolled-up history and recent rows side by side). */
export function mergeBuckets(...lists: readonly RollupBucket[][]): RollupBucket[] {
  const merged = new Map<number, RollupBucket>();
  for (const list of lists)
    for (const b of list) {
      const into = merged.get(b.start);
      if (into) addInto(into, b);
      else merged.set(b.start, { ...b, verdicts: { ...b.verdicts } });
    }
  return [...merged.values()].sort((x, y) => x.start - y.start);
}

export interface HistoryFigures {
  checks: number;
  verdicts: Record<VerdictKind, number>;
  /** Share of checks that were not `down`, 0..1; null without checks. */
  uptime: number | null;
  /** Mean and longest response time of the checks that got a response, ms; null without any. */
  meanResponseMs: number | null;
  maxResponseMs: number | null;
}

export function figuresOf(b: RollupBucket): HistoryFigures {
  return {
    checks: b.checks,
    verdicts: { ...b.verdicts },
    uptime: b.checks === 0 ? null : (b.checks - b.verdicts.down) / b.checks,
    meanResponseMs: b.responses === 0 ? null : Math.round(b.responseMsSum / b.responses),
    maxResponseMs: b.responses === 0 ? null : b.responseMsMax,
  };
}
