/**
 * Which checks become evidence. Pure: the observer gives it the facts, it names the trigger.
 *
 * A capture is written for the first check of a page, for every verdict other than `unchanged`, when
 * a page goes down or comes back up, and as a periodic sample so a quiet page still has a recent
 * record of what it looked like. Everything else (an unchanged page inside the sample interval)
 * costs nothing.
 */
import type { Reason, VerdictKind } from '../core/verdict.ts';
import { canonicalJson } from './canonical-json.ts';
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

/** The page's last capture (or this check), as far as deciding a repeat needs it. */
export interface LastCaptureFacts {
  bodySha256: string | null;
  httpStatus: number | null;
  finalUrl: string | null;
  outcome: string;
  verdict: VerdictKind;
  /** findingKey() of the reasons. */
  findingKey: string;
  /** When the check was made (epoch ms). */
  observedAt: number;
}

/**
 * What a verdict rests on, without the wording and quotes that churn with the page (an info reason's
 * percentages, a counter in a snippet): the non-info reasons' codes, severities, selectors and URLs.
 */
export function findingKey(reasons: readonly Reason[]): string {
  return canonicalJson(
    reasons
      .filter((r) => r.severity !== 'info')
      .map((r) => ({ code: r.code, severity: r.severity, selector: r.evidence?.selector, url: r.evidence?.url })),
  );
}

/**
 * Whether this check repeats the page's last capture, and how:
 * - `same-bytes`: the same body (by hash), status, final URL and judgement (verdict and reasons); two failures without a body repeat
 *   each other when their outcome class is the same (a lasting outage);
 * - `same-finding`: a different body (a visitor counter, a form token) but the same verdict resting on
 *   the same reasons, within the sample interval of the capture: a lasting defacement on a page that
 *   churns. Once the interval has passed the next such check is captured in full again, so the bytes
 *   of a lasting finding are on record at least once per interval.
 * A repeat is recorded as a ledger line naming that capture, not as a new copy.
 */
export function repeatOf(
  last: LastCaptureFacts | null,
  now: LastCaptureFacts,
  sampleIntervalMs: number,
): 'same-bytes' | 'same-finding' | null {
  if (last === null) return null;
  if (last.httpStatus !== now.httpStatus || last.finalUrl !== now.finalUrl) return null;
  if (now.bodySha256 === null) return last.bodySha256 === null && last.outcome === now.outcome ? 'same-bytes' : null;
  // The same bytes judged differently (a script-only injection the browser saw, a baseline that
  // learnt more) are new evidence: only the same bytes under the same judgement repeat a capture.
  const sameJudgement = now.verdict === last.verdict && now.findingKey === last.findingKey;
  if (last.bodySha256 === now.bodySha256) return sameJudgement ? 'same-bytes' : null;
  const sameFinding =
    now.verdict !== 'unchanged' &&
    sameJudgement &&
    sampleIntervalMs > 0 &&
    now.observedAt - last.observedAt < sampleIntervalMs;
  return sameFinding ? 'same-finding' : null;
}
