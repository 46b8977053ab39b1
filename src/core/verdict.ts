/**
 * Verdicts and the reasons behind them. A reason must read well to an analyst: it names the element,
 * quotes it, and says why it matters.
 */

export const VERDICT_KINDS = ['unchanged', 'changed', 'suspicious', 'tampered', 'down'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export type Severity = 'info' | 'low' | 'medium' | 'high';

export interface ReasonEvidence {
  /** CSS-like path of the element concerned. */
  selector?: string;
  /** A short quote of the inserted or changed content. */
  snippet?: string;
  /** A URL concerned (link target, script source, redirect location). */
  url?: string;
}

export interface Reason {
  /** Stable machine code, e.g. `hidden-external-link`, `page-replaced`, `http-5xx`. */
  code: string;
  /** One sentence for a person. */
  message: string;
  severity: Severity;
  evidence?: ReasonEvidence;
}

export interface Verdict {
  kind: VerdictKind;
  reasons: Reason[];
}

const RANK: Record<VerdictKind, number> = { unchanged: 0, changed: 1, suspicious: 2, tampered: 3, down: 4 };

/** True when `a` is a worse verdict than `b` (down > tampered > suspicious > changed > unchanged). */
export function isWorse(a: VerdictKind, b: VerdictKind): boolean {
  return RANK[a] > RANK[b];
}
