/**
 * A check row can stand for a run of identical checks (migration 0023: seen_count, last_seen_at). Every
 * exporter describes such a row by the whole run it stands for, never by its first check alone: an
 * investigator reading "intact at 10:00" must also learn it was still intact at 10:59.
 */
import type { ObservationInput } from './stix/types.ts';

export interface ObservationRun {
  /** When the first check of the run ran. */
  firstAt: number;
  /** When the last check of the run ran (the first for a single check). */
  lastAt: number;
  /** How many checks the row stands for: at least one. */
  count: number;
}

export function observationRun(obs: Pick<ObservationInput, 'at' | 'seenCount' | 'lastSeenAt'>): ObservationRun {
  return {
    firstAt: obs.at,
    lastAt: Math.max(obs.at, obs.lastSeenAt ?? obs.at),
    count: Math.max(1, obs.seenCount ?? 1),
  };
}

/** " (seen 12 times, until 2026-12-07T10:59:00.000Z)" for a run, "" for a single check: for free text. */
export function runSuffix(obs: Pick<ObservationInput, 'at' | 'seenCount' | 'lastSeenAt'>): string {
  const run = observationRun(obs);
  return run.count > 1 ? ` (seen ${run.count} times, until ${new Date(run.lastAt).toISOString()})` : '';
}
