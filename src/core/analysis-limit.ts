/**
 * The verdict of a page whose analysis ran out of its limits (time or memory, or its worker died):
 * it cannot be said to be unchanged, and a page built to exhaust the analyser is itself a sign of
 * trouble, so it is `suspicious`, its baseline untouched. Pure.
 */
import type { Assessment, Observation, PriorState } from './assess.ts';
import type { Reason } from './verdict.ts';

export const ANALYSIS_LIMIT_CODE = 'analysis-limit';

/** `detail` names what was exceeded, e.g. "time: 10 s" or "memory: over 256 MB". */
export function analysisLimitReason(detail: string): Reason {
  return {
    code: ANALYSIS_LIMIT_CODE,
    severity: 'medium',
    message: `The page could not be analysed within limits (${detail}).`,
  };
}

export function analysisLimitAssessment(detail: string): Assessment {
  return {
    outcome: 'ok',
    verdict: { kind: 'suspicious', reasons: [analysisLimitReason(detail)] },
    baseline: undefined,
    model: null,
  };
}

/**
 * The same body that could not be analysed last time: the standing verdict again, without spending
 * another deadline on it (even before any baseline exists, when `assess` would analyse afresh).
 */
export function standingAnalysisLimit(obs: Observation, prior: PriorState): Assessment | null {
  if (obs.kind !== 'page' || !obs.sameBodyAsLast || !prior.previous) return null;
  if (!prior.previous.reasons.some((r) => r.code === ANALYSIS_LIMIT_CODE)) return null;
  return { outcome: 'ok', verdict: prior.previous, baseline: undefined, model: null };
}
