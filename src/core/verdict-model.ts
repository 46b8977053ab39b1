import { z } from 'zod';
import type { Reason, Severity } from './verdict.ts';

/**
 * The verdict model: every detector's reasons weighed together instead of a fixed sum of severities.
 *
 * Each reason becomes a feature keyed by its code and severity (`obfuscated-script@high`); a linear
 * score over those features, read as a log-odds, decides `tampered` above one threshold and
 * `suspicious` above a lower one. The weights are data (verdict-weights.json), fitted on labelled
 * corpora by scripts/fit-verdict-model.ts. A code the fit never saw still counts, by its severity:
 * that is what lets an attack family absent from the training corpora be judged at all.
 */

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high'];

const severityWeights = z.object({ info: z.number(), low: z.number(), medium: z.number(), high: z.number() });

export const verdictWeightsSchema = z.object({
  version: z.literal(1),
  /** Score of a page with no reason at all. */
  bias: z.number(),
  /** Fitted weight per feature key (`code@severity`, `code@severity#more`, `agg:*`). */
  weights: z.record(z.string(), z.number()),
  /** Weight of a `code@severity` the fit never saw, by severity. */
  unseen: severityWeights,
  /** Scores (log-odds) at or above which a page is `tampered` / `suspicious`. */
  thresholds: z
    .object({ tampered: z.number(), suspicious: z.number() })
    .refine((t) => t.suspicious <= t.tampered, 'the suspicious threshold must not exceed the tampered one'),
  /** How the weights were obtained: figures only, for the reader of the file. */
  fit: z.record(z.string(), z.unknown()).optional(),
});

export type VerdictWeights = z.infer<typeof verdictWeightsSchema>;

/** Reasons the judge writes about its own state: outputs of a verdict, never evidence for one. */
export const JUDGE_NOTE_CODES: ReadonlySet<string> = new Set([
  'content-changed',
  'baseline-learning',
  'baseline-untrusted',
]);

/**
 * Availability findings: they say the page is down, not that it was tampered with. A defacement that
 * says "404" must be judged on its other evidence, so these never feed the score.
 */
export const AVAILABILITY_CODES: ReadonlySet<string> = new Set(['soft-404']);

/**
 * The reasons that count as evidence of tampering. `info` reasons are notes by definition (an
 * inventory item seen, a redesign recognised): they are listed but never weighed, or a fit would
 * learn that "a new inline script" is itself a sign of attack, which benign pages add every week.
 */
export function evidenceReasons(reasons: readonly Reason[]): Reason[] {
  return reasons.filter(
    (r) => r.severity !== 'info' && !JUDGE_NOTE_CODES.has(r.code) && !AVAILABILITY_CODES.has(r.code),
  );
}

export const reasonKey = (r: Pick<Reason, 'code' | 'severity'>): string => `${r.code}@${r.severity}`;

/** Sparse features of a reason list. Pure and deterministic (keys sorted). */
export function featuresOf(reasons: readonly Reason[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of evidenceReasons(reasons)) counts.set(reasonKey(r), (counts.get(reasonKey(r)) ?? 0) + 1);
  const features = new Map<string, number>();
  const distinct: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0 };
  for (const key of [...counts.keys()].sort()) {
    const n = counts.get(key) ?? 0;
    features.set(key, 1);
    // Ten new hidden links weigh more than one, but not ten times more.
    if (n > 1) features.set(`${key}#more`, Math.log2(n));
    distinct[key.slice(key.lastIndexOf('@') + 1) as Severity] += 1;
  }
  // Independent findings of different kinds corroborate each other.
  if (distinct.high > 1) features.set('agg:high-codes', distinct.high - 1);
  if (distinct.medium > 1) features.set('agg:medium-codes', distinct.medium - 1);
  if (distinct.high + distinct.medium > 0 && distinct.low > 0) features.set('agg:low-with-stronger', distinct.low);
  return features;
}

/** The weight a feature carries: fitted when the fit saw it, otherwise its severity's (never for counts and aggregates). */
export function weightOf(key: string, weights: VerdictWeights): number {
  const fitted = weights.weights[key];
  if (fitted !== undefined) return fitted;
  if (key.startsWith('agg:') || key.includes('#')) return 0;
  const severity = key.slice(key.lastIndexOf('@') + 1);
  return (SEVERITIES as readonly string[]).includes(severity) ? weights.unseen[severity as Severity] : 0;
}

export function scoreOf(features: ReadonlyMap<string, number>, weights: VerdictWeights): number {
  let score = weights.bias;
  for (const [key, value] of features) score += weightOf(key, weights) * value;
  return score;
}

export type ModelDecision = 'tampered' | 'suspicious' | 'benign';

export interface ModelJudgement {
  decision: ModelDecision;
  /** Log-odds of tampering. */
  score: number;
  /** The same as a probability, for people. */
  probability: number;
  /** The reasons, ranked by what each added to the score (largest first); notes keep their place at the end. */
  ranked: Reason[];
}

export function decide(score: number, weights: VerdictWeights): ModelDecision {
  if (score >= weights.thresholds.tampered) return 'tampered';
  if (score >= weights.thresholds.suspicious) return 'suspicious';
  return 'benign';
}

/** Weigh a page's reasons together. Pure. */
export function weighReasons(reasons: readonly Reason[], weights: VerdictWeights): ModelJudgement {
  const score = scoreOf(featuresOf(reasons), weights);
  return {
    decision: decide(score, weights),
    score,
    probability: 1 / (1 + Math.exp(-score)),
    ranked: rankByContribution(reasons, weights),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

/** Evidence first, the strongest contribution first (severity, then order given, break ties); notes last. */
export function rankByContribution(reasons: readonly Reason[], weights: VerdictWeights): Reason[] {
  const evidence = new Set(evidenceReasons(reasons));
  const contribution = (r: Reason): number => (evidence.has(r) ? weightOf(reasonKey(r), weights) : -Infinity);
  return reasons
    .map((r, i) => ({ r, i, c: contribution(r) }))
    .sort((a, b) => b.c - a.c || SEVERITY_ORDER[a.r.severity] - SEVERITY_ORDER[b.r.severity] || a.i - b.i)
    .map((x) => x.r);
}

/** Findings a "not found" page produces by itself. */
const EXPLAINED_BY_ABSENCE: ReadonlySet<string> = new Set(['page-replaced']);

export interface CombinedVerdict {
  /** `tampered`, `down`, `suspicious`, or null when the page is to be judged as changed or unchanged. */
  kind: 'tampered' | 'down' | 'suspicious' | null;
  /** Every reason, ranked by contribution (a soft 404 first when the page is down, last when tampered). */
  reasons: Reason[];
}

/**
 * Tampering evidence weighed before availability decides. A page that is gone has been replaced by
 * definition, so with a soft 404 only what a "not found" page would not show (a defacer's message, a
 * hidden link, a script) can make it tampered; otherwise it is down, its other findings listed.
 */
export function combineEvidence(
  reasons: readonly Reason[],
  soft404: Reason | null,
  weights: VerdictWeights,
): CombinedVerdict {
  const weighed = weighReasons(reasons, weights);
  if (soft404) {
    const beyondAbsence = weighReasons(
      reasons.filter((r) => !EXPLAINED_BY_ABSENCE.has(r.code)),
      weights,
    );
    return beyondAbsence.decision === 'tampered'
      ? { kind: 'tampered', reasons: [...weighed.ranked, soft404] }
      : { kind: 'down', reasons: [soft404, ...weighed.ranked] };
  }
  if (weighed.decision === 'benign') return { kind: null, reasons: weighed.ranked };
  return { kind: weighed.decision, reasons: weighed.ranked };
}

/**
 * The weight an unseen reason of each severity gets, from the fitted bias and thresholds: one high
 * reason makes `tampered`, one medium `suspicious` and two `tampered`, two low ones `suspicious`; the
 * rule the fixed severity sum applied to everything, kept for what the fit has no data on.
 */
export function unseenWeights(
  bias: number,
  thresholds: { tampered: number; suspicious: number },
): Record<Severity, number> {
  const margin = 0.25;
  const toTampered = Math.max(thresholds.tampered - bias, 0);
  const toSuspicious = Math.max(thresholds.suspicious - bias, 0);
  return {
    info: 0,
    // Two make `suspicious`, one never does.
    low: Math.min(toSuspicious / 2 + margin, Math.max(toSuspicious - margin, 0)),
    medium: Math.min(Math.max(toSuspicious, toTampered / 2) + margin, Math.max(toTampered - margin, 0)),
    high: toTampered + margin,
  };
}

/** Parse a weights document; throws a zod error naming the bad field (a corrupt file must stop start-up). */
export function parseVerdictWeights(data: unknown): VerdictWeights {
  return verdictWeightsSchema.parse(data);
}
