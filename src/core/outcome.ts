/**
 * Outcome classes of one check: what happened on the wire, before any judgement of the content.
 * `ok` means a page was received and decoded; every other class is a way of being down or degraded.
 */
export const OUTCOME_CLASSES = [
  'ok',
  'dns',
  'connect',
  'tls',
  'timeout',
  'http-4xx',
  'http-5xx',
  'too-large',
  'bad-encoding',
  'unsupported-content',
  'protocol',
  'soft-404',
  'redirect-offsite',
  'blocked',
] as const;

export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

/** What the caller should do about a failed outcome. */
export type FailureAction =
  /** A passing fault: try again soon (timeouts, resets). */
  | 'retry'
  /** The target itself is down or broken: record it, alert, check again on schedule. */
  | 'target-down'
  /** Our configuration forbids or cannot express this request: fix the config, do not retry. */
  | 'misconfigured';
