import type { Baseline } from './baseline.ts';
import type { PageModel } from './page-model.ts';
import type { Reason, Severity, Verdict } from './verdict.ts';
import { DETECTORS } from './detectors/index.ts';
import { newVisibleBlocks } from './detectors/novelty.ts';
import { learn, normaliseBaseline } from './learn.ts';
import { detectSoft404 } from './availability.ts';

export interface JudgeOptions {
  /** Observations before a baseline is considered learnt. */
  minSamples: number;
}

export interface Judgement {
  verdict: Verdict;
  /** The page's baseline after this observation (unchanged when the observation is not trusted). */
  baseline: Baseline | null;
  /** True when this observation was folded into the baseline. */
  learned: boolean;
}

const WEIGHT: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 4 };
/** One high reason, or two medium ones, make tampering; one medium one asks for a human look. */
const TAMPERED_SCORE = 4;
const SUSPICIOUS_SCORE = 2;

/**
 * Judge a page against its baseline and learn from it when it looks benign. Pure: the whole
 * "analyse → compare → verdict" step without I/O.
 */
export function judgePage(model: PageModel, stored: Baseline | null, options: JudgeOptions): Judgement {
  const baseline = stored ? normaliseBaseline(stored) : null;
  const soft404 = detectSoft404(model, baseline);
  if (soft404) return { verdict: { kind: 'down', reasons: [soft404] }, baseline, learned: false };
  if (!baseline) return firstObservation(model);

  const reasons = DETECTORS.flatMap((d) => d.detect({ model, baseline }));
  const score = reasons.reduce((n, r) => n + WEIGHT[r.severity], 0);
  const alarming = reasons.some((r) => r.severity === 'high') || score >= TAMPERED_SCORE;
  if (alarming) return { verdict: { kind: 'tampered', reasons: rank(reasons) }, baseline, learned: false };
  if (score >= SUSPICIOUS_SCORE) return { verdict: { kind: 'suspicious', reasons: rank(reasons) }, baseline, learned: false };

  const changed = contentChanged(model, baseline);
  const next = learn(baseline, model);
  const notes = learningNotes(next, options);
  if (baseline.untrusted) notes.push(untrustedNote(baseline.untrusted.reasons));
  return {
    verdict: { kind: changed ? 'changed' : 'unchanged', reasons: [...rank(reasons), ...changeNotes(model, baseline, changed), ...notes] },
    baseline: next,
    learned: true,
  };
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
  return { verdict: { kind: 'unchanged', reasons: learningNotes(baseline, { minSamples: Infinity }) }, baseline, learned: true };
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
      code: 'content-changed', severity: 'info',
      message: `${fresh.length} text block${fresh.length === 1 ? '' : 's'} changed in ways this page normally changes.`,
      ...(first ? { evidence: { selector: first.path, snippet: first.text.slice(0, 120) } } : {}),
    },
  ];
}

function learningNotes(baseline: Baseline, options: JudgeOptions): Reason[] {
  if (baseline.samples >= options.minSamples) return [];
  return [
    {
      code: 'baseline-learning', severity: 'info',
      message: `Learning this page's normal (${baseline.samples} observation${baseline.samples === 1 ? '' : 's'} so far).`,
    },
  ];
}

function untrustedNote(reasons: string[]): Reason {
  return {
    code: 'baseline-untrusted', severity: 'info',
    message: `The first observation of this page already looked tampered, so its baseline is not trusted until an analyst confirms it.${reasons[0] ? ` First finding: ${reasons[0]}` : ''}`,
  };
}

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

function rank(reasons: Reason[]): Reason[] {
  return [...reasons].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
