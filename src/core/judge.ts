import type { Baseline } from './baseline.ts';
import type { PageModel } from './page-model.ts';
import type { Reason, Severity, Verdict } from './verdict.ts';
import { DETECTORS } from './detectors/index.ts';
import { newVisibleBlocks } from './detectors/novelty.ts';
import { learn, normaliseBaseline } from './learn.ts';
import { detectSoft404 } from './availability.ts';
import { combineEvidence, parseVerdictWeights, type VerdictWeights } from './verdict-model.ts';
import fittedWeights from './verdict-weights.json' with { type: 'json' };

export interface JudgeOptions {
  /** Observations before a baseline is considered learnt. */
  minSamples: number;
  /** The verdict model's weights; the fitted ones in the repo when absent (tests and grouped folds pass their own). */
  weights?: VerdictWeights;
}

/** The fitted weights shipped in the repo, checked against their schema once, at load. */
export const VERDICT_WEIGHTS: VerdictWeights = parseVerdictWeights(fittedWeights);

export interface Judgement {
  verdict: Verdict;
  /** The page's baseline after this observation (unchanged when the observation is not trusted). */
  baseline: Baseline | null;
  /** True when this observation was folded into the baseline. */
  learned: boolean;
}

/**
 * Judge a page against its baseline and learn from it when it looks benign. Pure: the whole
 * "analyse → compare → verdict" step without I/O.
 */
export function judgePage(model: PageModel, stored: Baseline | null, options: JudgeOptions): Judgement {
  // A held first sight (`discovered-page.ts`) is no normal: the page is judged as at first sight.
  const baseline = stored && stored.held !== true ? normaliseBaseline(stored) : null;
  // Tampering evidence is weighed before availability decides: a defacement that says "404" is a
  // defacement, and a page can be both down and tampered with.
  const soft404 = detectSoft404(model, baseline);
  if (!baseline) return soft404 ? down(soft404, baseline) : firstObservation(model);

  const reasons = DETECTORS.flatMap((d) => d.detect({ model, baseline }));
  const combined = combineEvidence(reasons, soft404, options.weights ?? VERDICT_WEIGHTS);
  if (combined.kind !== null)
    return { verdict: { kind: combined.kind, reasons: combined.reasons }, baseline, learned: false };

  const changed = contentChanged(model, baseline);
  const next = learn(baseline, model);
  const notes = learningNotes(next, options);
  if (baseline.untrusted) notes.push(untrustedNote(baseline.untrusted.reasons));
  return {
    verdict: {
      kind: changed ? 'changed' : 'unchanged',
      reasons: [...combined.reasons, ...changeNotes(model, baseline, changed), ...notes],
    },
    baseline: next,
    learned: true,
  };
}

/** A first observation that says it is not there: nothing to compare with, nothing to learn. */
function down(soft404: Reason, baseline: Baseline | null): Judgement {
  return { verdict: { kind: 'down', reasons: [soft404] }, baseline, learned: false };
}

/**
 * A first observation has nothing to compare with; it is trusted unless it already carries a
 * defacer's signature, in which case the baseline is kept but flagged.
 */
function firstObservation(model: PageModel): Judgement {
  const reasons = DETECTORS.flatMap((d) => d.detect({ model, baseline: null }));
  const worrying = reasons.filter((r) => r.severity === 'high' || r.severity === 'medium');
  const baseline = learn(null, model);
  if (worrying.length > 0) {
    baseline.untrusted = { reasons: worrying.map((r) => r.message) };
    return {
      verdict: { kind: 'suspicious', reasons: [...rank(worrying), untrustedNote([])] },
      baseline,
      learned: true,
    };
  }
  return {
    verdict: { kind: 'unchanged', reasons: learningNotes(baseline, { minSamples: Infinity }) },
    baseline,
    learned: true,
  };
}

function contentChanged(model: PageModel, baseline: Baseline): boolean {
  return newVisibleBlocks(model, baseline).length > 0 || !baseline.titles.includes(model.title);
}

function changeNotes(model: PageModel, baseline: Baseline, changed: boolean): Reason[] {
  if (!changed) return [];
  const fresh = newVisibleBlocks(model, baseline);
  const first = fresh[0];
  return [
    {
      code: 'content-changed',
      severity: 'info',
      message: `${fresh.length} text block${fresh.length === 1 ? '' : 's'} changed in ways this page normally changes.`,
      ...(first ? { evidence: { selector: first.path, snippet: first.text.slice(0, 120) } } : {}),
    },
  ];
}

function learningNotes(baseline: Baseline, options: JudgeOptions): Reason[] {
  if (baseline.samples >= options.minSamples) return [];
  return [
    {
      code: 'baseline-learning',
      severity: 'info',
      message: `Learning this page's normal (${baseline.samples} observation${baseline.samples === 1 ? '' : 's'} so far).`,
    },
  ];
}

function untrustedNote(reasons: string[]): Reason {
  return {
    code: 'baseline-untrusted',
    severity: 'info',
    message: `The first observation of this page already looked tampered, so its baseline is not trusted until an analyst confirms it.${reasons[0] ? ` First finding: ${reasons[0]}` : ''}`,
  };
}

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

function rank(reasons: Reason[]): Reason[] {
  return [...reasons].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
