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
