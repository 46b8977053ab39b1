import { describe, expect, it } from 'vitest';
import type { Reason, Severity } from './verdict.ts';
import {
  combineEvidence,
  featuresOf,
  parseVerdictWeights,
  rankByContribution,
  unseenWeights,
  weighReasons,
  type VerdictWeights,
} from './verdict-model.ts';
import { fitVerdictModel, DEFAULT_FIT, type FitSample } from './verdict-fit.ts';
import { VERDICT_WEIGHTS } from './judge.ts';
import shipped from './verdict-weights.json' with { type: 'json' };

const reason = (code: string, severity: Severity): Reason => ({ code, severity, message: `${code} found` });
const sample = (tampered: boolean, ...reasons: Reason[]): FitSample => ({ features: featuresOf(reasons), tampered });

/** A small world: one code only attacks raise, one both raise, one only benign pages raise; most benign pages raise nothing. */
function world(): FitSample[] {
  const out: FitSample[] = [];
  for (let i = 0; i < 40; i++) out.push(sample(true, reason('attack-only', 'medium')));
  for (let i = 0; i < 20; i++) out.push(sample(true, reason('shared', 'high'), reason('attack-only', 'medium')));
  for (let i = 0; i < 3; i++) out.push(sample(false, reason('shared', 'high')));
  for (let i = 0; i < 3; i++) out.push(sample(false, reason('benign-churn', 'high')));
  for (let i = 0; i < 230; i++) out.push(sample(false));
  return out;
}

describe('verdict model', () => {
  const { weights } = fitVerdictModel(world());

  it('learns the ordering the data shows, whatever the severities say', () => {
    const w = weights.weights;
    expect(w['attack-only@medium']).toBeGreaterThan(w['shared@high']!);
    expect(w['shared@high']).toBeGreaterThan(w['benign-churn@high']!);
    expect(weighReasons([reason('attack-only', 'medium')], weights).decision).toBe('tampered');
    expect(weighReasons([reason('benign-churn', 'high')], weights).decision).not.toBe('tampered');
    expect(weighReasons([], weights).decision).toBe('benign');
  });

  it('gives a code never seen in fitting the weight of its severity: one high is tampered, one medium suspicious, two tampered, one low nothing', () => {
    expect(weighReasons([reason('never-seen', 'high')], weights).decision).toBe('tampered');
    expect(weighReasons([reason('never-seen', 'medium')], weights).decision).toBe('suspicious');
    expect(weighReasons([reason('never-seen', 'medium'), reason('other-unseen', 'medium')], weights).decision).toBe(
      'tampered',
    );
    expect(weighReasons([reason('never-seen', 'low')], weights).decision).toBe('benign');
    expect(weighReasons([reason('never-seen', 'low'), reason('other-unseen', 'low')], weights).decision).not.toBe(
      'benign',
    );
    expect(weighReasons([reason('never-seen', 'info')], weights).decision).toBe('benign');
  });

  it('fits the same weights from the same data (deterministic)', () => {
    expect(fitVerdictModel(world()).weights).toEqual(weights);
  });

  it('respects the benign budget when choosing thresholds', () => {
    const { figures } = fitVerdictModel(world());
    expect(figures.benignTampered).toBeLessThanOrEqual(DEFAULT_FIT.benignTamperedRate);
    expect(figures.benignSuspicious).toBeLessThanOrEqual(DEFAULT_FIT.benignSuspiciousRate);
    expect(figures.recall).toBeGreaterThan(0.5);
  });

  it('ranks reasons by what they add to the score, notes last', () => {
    const note = reason('content-changed', 'info');
    const ranked = rankByContribution([note, reason('benign-churn', 'high'), reason('attack-only', 'medium')], weights);
    expect(ranked.map((r) => r.code)).toEqual(['attack-only', 'benign-churn', 'content-changed']);
  });

  it('counts repeats and corroboration as features, and never the judge notes or a soft 404', () => {
    const f = featuresOf([
      reason('hidden-link', 'high'),
      reason('hidden-link', 'high'),
      reason('posted', 'high'),
      reason('soft-404', 'high'),
      reason('baseline-learning', 'info'),
    ]);
    expect(Object.fromEntries(f)).toEqual({
      'hidden-link@high': 1,
      'hidden-link@high#more': 1,
      'posted@high': 1,
      'agg:high-codes': 1,
    });
  });

  it('weighs tampering evidence before a soft 404: a defacer message wins, a replaced page alone stays down', () => {
    const soft404 = reason('soft-404', 'high');
    const defaced = combineEvidence(
      [reason('page-replaced', 'high'), reason('never-seen-defacer', 'high')],
      soft404,
      weights,
    );
    expect(defaced.kind).toBe('tampered');
    expect(defaced.reasons.map((r) => r.code)).toContain('soft-404');
    const gone = combineEvidence([reason('page-replaced', 'high')], soft404, weights);
    expect(gone.kind).toBe('down');
    expect(gone.reasons[0]?.code).toBe('soft-404');
  });

  it('derives unseen weights from the bias and thresholds', () => {
    const u = unseenWeights(-3, { tampered: 1, suspicious: -1 });
    expect(-3 + u.high).toBeGreaterThanOrEqual(1);
    expect(-3 + u.medium).toBeGreaterThanOrEqual(-1);
    expect(-3 + 2 * u.medium).toBeGreaterThanOrEqual(1);
    expect(-3 + u.low).toBeLessThan(-1);
    expect(u.info).toBe(0);
  });
});

describe('the shipped weights file', () => {
  it('loads and matches its schema, with figures only (codes and numbers)', () => {
    const parsed: VerdictWeights = parseVerdictWeights(shipped);
    expect(parsed).toEqual(VERDICT_WEIGHTS);
    for (const key of Object.keys(parsed.weights))
      expect(key).toMatch(/^(agg:[a-z-]+|[a-z0-9-]+@(info|low|medium|high)(#more)?)$/);
    expect(parsed.thresholds.suspicious).toBeLessThanOrEqual(parsed.thresholds.tampered);
    expect(weighReasons([], parsed).decision).toBe('benign');
  });

  it('refuses a document that does not match', () => {
    expect(() => parseVerdictWeights({ ...shipped, thresholds: { tampered: 1, suspicious: 2 } })).toThrow(
      /suspicious threshold/,
    );
    expect(() => parseVerdictWeights({ ...shipped, bias: 'high' })).toThrow();
  });
});
