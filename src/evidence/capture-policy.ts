/**
 * Which checks become evidence. Pure: the observer gives it the facts, it names the trigger.
 *
 * A capture is written for the first check of a page, for every verdict other than `unchanged`, when
 * a page goes down or comes back up, and as a periodic sample so a quiet page still has a recent
 * record of what it looked like. Everything else (an unchanged page inside the sample interval)
 * costs nothing.
 */
import type { VerdictKind } from '../core/verdict.ts';
import type { CaptureTrigger } from './types.ts';

export interface CaptureFacts {
  verdict: VerdictKind;
  /** The page's status before this check (`pending` before its first). */
  previousStatus: VerdictKind | 'pending';
  /** Epoch milliseconds the check started. */
  observedAt: number;
  /** When the page was last captured, null when it never was. */
  lastCapturedAt: number | null;
  /** Longest time between captures of a page; 0 turns periodic samples off. */
  sampleIntervalMs: number;
  /** The check verifies a claim: its observation is evidence for the claim's answer, even unchanged. */
  forClaim?: boolean;
}

/** The reason to capture this check, or null to skip it. */
export function captureTrigger(facts: CaptureFacts): CaptureTrigger | null {
  const { verdict, previousStatus, observedAt, lastCapturedAt, sampleIntervalMs } = facts;
  if (previousStatus === 'pending' || lastCapturedAt === null) return 'first';
  if (verdict === 'down') return 'down';
  if (previousStatus === 'down') return 'up';
  if (verdict !== 'unchanged') return verdict;
  if (facts.forClaim === true) return 'claim';
  if (sampleIntervalMs > 0 && observedAt - lastCapturedAt >= sampleIntervalMs) return 'sample';
  return null;
}

/** The page's last capture, as far as deciding whether a check repeats it needs. */
export interface LastCaptureFacts {
  bodySha256: string | null;
  httpStatus: number | null;
  finalUrl: string | null;
  outcome: string;
}

/**
 * Whether this check saw what the page's last capture holds: the same body (by hash), status and
 * final URL. Two failures without a body repeat each other when their outcome class is the same (a
 * lasting outage). A repeat is recorded as a ledger line naming that capture, not as a new copy.
 */
export function repeatsLastCapture(last: LastCaptureFacts | null, now: LastCaptureFacts): boolean {
  if (last === null) return false;
  if (last.httpStatus !== now.httpStatus || last.finalUrl !== now.finalUrl) return false;
  if (now.bodySha256 === null) return last.bodySha256 === null && last.outcome === now.outcome;
  return last.bodySha256 === now.bodySha256;
}
