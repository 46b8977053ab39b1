import { combineEvidence, featuresOf, type VerdictWeights } from '../core/verdict-model.ts';
import { fitVerdictModel, DEFAULT_FIT, type FitFigures, type FitOptions, type FitSample } from '../core/verdict-fit.ts';
import type { VerdictKind } from '../core/verdict.ts';
import type { CaseResult } from './tally.ts';

/**
 * Grouped validation of the verdict model. The detectors run once per case (the bench's results
 * hold every reason of the final judgement); each fold refits the model on every case outside one
 * source family and judges that family's cases with it. A family is thus judged by a model that has
 * never seen its material: the nearest this project can get to other sites, defacers and malware.
 */

/** A fetch failure is judged down before any detector runs: nothing for the model to weigh. */
function isFetchFailure(r: CaseResult): boolean {
  return r.verdict === 'down' && !r.reasons.some((x) => x.code === 'soft-404');
}

/** The cases a model can learn from, as features and labels. */
export function fitSamplesOf(results: readonly CaseResult[]): FitSample[] {
  return results
    .filter((r) => !isFetchFailure(r))
    .map((r) => ({ features: featuresOf(r.reasons), tampered: r.label === 'tampered' }));
}

/**
 * The verdict another set of weights gives a case, from the reasons its run recorded: the same
 * combination as `judgePage` (soft 404 after the evidence), the rules `assess` applies first kept.
 */
export function rejudge(r: CaseResult, weights: VerdictWeights): VerdictKind {
  if (isFetchFailure(r)) return 'down';
  if (r.reasons.some((x) => x.code === 'redirect-offsite')) return 'tampered';
  const soft404 = r.reasons.find((x) => x.code === 'soft-404') ?? null;
  const combined = combineEvidence(
    r.reasons.filter((x) => x !== soft404),
    soft404,
    weights,
  );
  if (combined.kind !== null) return combined.kind;
  return r.verdict === 'unchanged' ? 'unchanged' : 'changed';
}

export interface Fold {
  family: string;
  /** Ids of the cases the fold's model was fitted on. */
  trained: string[];
  heldOut: string[];
  figures: FitFigures;
}

export interface GroupedRun {
  /** Every case as judged by the fold that held its family out. */
  results: CaseResult[];
  folds: Fold[];
}

/** Hold out each family in turn, fit on the rest, judge the held-out cases. Cases without a family are never held out. */
export function runGrouped(results: readonly CaseResult[], options: FitOptions = DEFAULT_FIT): GroupedRun {
  const families = [...new Set(results.map((r) => r.family).filter((f): f is string => f !== undefined))].sort();
  const judged = new Map<string, CaseResult>();
  const folds: Fold[] = [];
  for (const family of families) {
    const train = results.filter((r) => r.family !== family);
    const held = results.filter((r) => r.family === family);
    const { weights, figures } = fitVerdictModel(fitSamplesOf(train), options);
    for (const r of held) judged.set(r.id, { ...r, verdict: rejudge(r, weights) });
    folds.push({ family, trained: train.map((r) => r.id), heldOut: held.map((r) => r.id), figures });
  }
  return { results: results.filter((r) => judged.has(r.id)).map((r) => judged.get(r.id)!), folds };
}
