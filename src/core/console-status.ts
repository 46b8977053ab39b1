/**
 * The console's status colour of a page, from its last verdict and the outcome of its last check.
 * Pure. The colours are ranked worst first: the overview sorts and pages by this rank, so it is
 * stored beside the page (pages.health_rank, migration 0010) whenever a check is recorded.
 */
import type { OutcomeClass } from './outcome.ts';
import type { VerdictKind } from './verdict.ts';

/** Worst first: the index is the rank. */
export const CONSOLE_STATUSES = ['tampered', 'down', 'suspicious', 'degraded', 'unknown', 'up'] as const;
export type ConsoleStatus = (typeof CONSOLE_STATUSES)[number];

/**
 * Outcomes where the server still answers but the page is not right (a 4xx, a "not found" page
 * served as 200, a body Mamori cannot read): degraded rather than down, which means no answer at all.
 */
const DEGRADED_OUTCOMES: ReadonlySet<OutcomeClass> = new Set([
  'http-4xx',
  'soft-404',
  'too-large',
  'bad-encoding',
  'unsupported-content',
]);

/**
 * `blocked` is Mamori's own network policy refusing the request: nothing is known of the page, so
 * it is not called down (which would page someone about a site that may be fine).
 */
const UNKNOWN_OUTCOMES: ReadonlySet<OutcomeClass> = new Set(['blocked']);

export function consoleStatus(verdict: VerdictKind | 'pending', outcome: OutcomeClass | null): ConsoleStatus {
  if (verdict === 'pending') return 'unknown';
  if (verdict === 'tampered') return 'tampered';
  if (verdict === 'suspicious') return 'suspicious';
  if (outcome !== null && UNKNOWN_OUTCOMES.has(outcome)) return 'unknown';
  if (outcome !== null && DEGRADED_OUTCOMES.has(outcome)) return 'degraded';
  if (verdict === 'down') return 'down';
  return 'up';
}

export function consoleStatusRank(status: ConsoleStatus): number {
  return CONSOLE_STATUSES.indexOf(status);
}

export function consoleStatusOfRank(rank: number): ConsoleStatus {
  const status = CONSOLE_STATUSES[rank];
  if (status === undefined) throw new RangeError(`no console status has rank ${rank}`);
  return status;
}
