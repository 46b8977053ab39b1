import type { Severity } from './verdict.ts';
import { SEVERITIES, unseenWeights, type VerdictWeights } from './verdict-model.ts';

/**
 * Fitting the verdict model: L2-regularised logistic regression by Newton's method (IRLS), each
 * weight pulled toward a prior that comes from its reason's severity, so a code seen on a handful of
 * cases keeps roughly the weight its severity gives it and only well-attested codes move far.
 * Pure and deterministic: same samples, same weights.
 */

export interface FitSample {
  features: ReadonlyMap<string, number>;
  tampered: boolean;
}

export interface FitOptions {
  /** Strength of the pull toward the prior (per unit of class-balanced case weight). */
  lambda: number;
  /** Largest share of benign training cases allowed `tampered` / `suspicious` when choosing thresholds. */
  benignTamperedRate: number;
  benignSuspiciousRate: number;
  /** Severity priors of the first pass; later passes use the weights an unseen code would get. */
  initialPrior: Record<Severity, number>;
  passes: number;
}

export const DEFAULT_FIT: FitOptions = {
  lambda: 3,
  benignTamperedRate: 0.005,
  benignSuspiciousRate: 0.03,
  initialPrior: { info: 0, low: 1, medium: 2.5, high: 5 },
  passes: 3,
};

export interface FitFigures {
  cases: number;
  tampered: number;
  benign: number;
  features: number;
  iterations: number;
  /** In-sample: tampered judged tampered, benign judged tampered / suspicious. */
  recall: number;
  benignTampered: number;
  benignSuspicious: number;
}

export function fitVerdictModel(
  samples: readonly FitSample[],
  options: FitOptions = DEFAULT_FIT,
): { weights: VerdictWeights; figures: FitFigures } {
  const keys = [...new Set(samples.flatMap((s) => [...s.features.keys()]))].sort();
  let prior = options.initialPrior;
  let result = fitPass(samples, keys, prior, options, null);
  for (let pass = 1; pass < options.passes; pass++) {
    prior = result.weights.unseen;
    result = fitPass(samples, keys, prior, options, result.theta);
  }
  return { weights: result.weights, figures: result.figures };
}

function fitPass(
  samples: readonly FitSample[],
  keys: string[],
  prior: Record<Severity, number>,
  options: FitOptions,
  start: number[] | null,
): { weights: VerdictWeights; figures: FitFigures; theta: number[] } {
  const mu = keys.map((k) => priorOf(k, prior));
  const { theta, iterations } = newton(samples, keys, mu, options.lambda, start);
  const bias = theta[0] ?? 0;
  const weights: Record<string, number> = {};
  keys.forEach((k, j) => (weights[k] = round(theta[j + 1] ?? 0)));
  const scores = samples.map((s) => scoreWith(s.features, keys, theta));
  const thresholds = chooseThresholds(samples, scores, bias, options);
  const model: VerdictWeights = {
    version: 1,
    bias: round(bias),
    weights,
    unseen: roundAll(unseenWeights(bias, thresholds)),
    thresholds: { tampered: round(thresholds.tampered), suspicious: round(thresholds.suspicious) },
  };
  return { weights: model, figures: figuresOf(samples, scores, model, keys.length, iterations), theta };
}

function priorOf(key: string, prior: Record<Severity, number>): number {
  if (key.startsWith('agg:') || key.includes('#')) return 0;
  const severity = key.slice(key.lastIndexOf('@') + 1);
  return (SEVERITIES as readonly string[]).includes(severity) ? prior[severity as Severity] : 0;
}

function scoreWith(features: ReadonlyMap<string, number>, keys: string[], theta: number[]): number {
  let s = theta[0] ?? 0;
  for (const [k, v] of features) {
    const j = binarySearch(keys, k);
    if (j >= 0) s += (theta[j + 1] ?? 0) * v;
  }
  return s;
}

/** Newton's method on the class-balanced, prior-regularised log loss; the bias is only lightly held. */
function newton(
  samples: readonly FitSample[],
  keys: string[],
  mu: number[],
  lambda: number,
  start: number[] | null,
): { theta: number[]; iterations: number } {
  const d = keys.length + 1;
  const rows = samples.map((s) => sparseRow(s.features, keys));
  const nT = samples.filter((s) => s.tampered).length;
  const nB = samples.length - nT;
  const weightOf = (s: FitSample) =>
    s.tampered ? samples.length / (2 * Math.max(nT, 1)) : samples.length / (2 * Math.max(nB, 1));
  const lambdas = [1e-3, ...keys.map(() => lambda)];
  const centres = [0, ...mu];
  // A later pass starts where the previous one ended: its priors moved, the optimum barely.
  let theta = start ? [...start] : [...centres];
  let loss = lossOf(theta, rows, samples, weightOf, lambdas, centres);
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    const { grad, hess } = gradHess(theta, rows, samples, weightOf, lambdas, centres, d);
    const step = solveSpd(hess, grad);
    let t = 1;
    let next = theta.map((v, j) => v - t * (step[j] ?? 0));
    let nextLoss = lossOf(next, rows, samples, weightOf, lambdas, centres);
    while (nextLoss > loss && t > 1e-6) {
      t /= 2;
      next = theta.map((v, j) => v - t * (step[j] ?? 0));
      nextLoss = lossOf(next, rows, samples, weightOf, lambdas, centres);
    }
    const moved = Math.max(...step.map((v) => Math.abs(v * t)));
    theta = next;
    loss = nextLoss;
    if (moved < 1e-7) break;
  }
  return { theta, iterations };
}

type Row = { idx: number[]; val: number[] };

function sparseRow(features: ReadonlyMap<string, number>, keys: string[]): Row {
  const idx = [0];
  const val = [1];
  for (const [k, v] of features) {
    const j = binarySearch(keys, k);
    if (j >= 0) {
      idx.push(j + 1);
      val.push(v);
    }
  }
  return { idx, val };
}

const dot = (theta: number[], row: Row) => row.idx.reduce((s, j, i) => s + (theta[j] ?? 0) * (row.val[i] ?? 0), 0);
const log1pExp = (s: number) => (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));
const sigmoid = (s: number) => 1 / (1 + Math.exp(-s));

function lossOf(
  theta: number[],
  rows: Row[],
  samples: readonly FitSample[],
  w: (s: FitSample) => number,
  lambdas: number[],
  centres: number[],
): number {
  let loss = 0;
  rows.forEach((row, i) => {
    const s = samples[i]!;
    const z = dot(theta, row);
    loss += w(s) * (log1pExp(z) - (s.tampered ? z : 0));
  });
  theta.forEach((v, j) => (loss += ((lambdas[j] ?? 0) / 2) * (v - (centres[j] ?? 0)) ** 2));
  return loss;
}

function gradHess(
  theta: number[],
  rows: Row[],
  samples: readonly FitSample[],
  w: (s: FitSample) => number,
  lambdas: number[],
  centres: number[],
  d: number,
): { grad: number[]; hess: number[][] } {
  const grad = theta.map((v, j) => (lambdas[j] ?? 0) * (v - (centres[j] ?? 0)));
  const hess = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? (lambdas[i] ?? 0) : 0)),
  );
  rows.forEach((row, i) => {
    const s = samples[i]!;
    const p = sigmoid(dot(theta, row));
    const c = w(s);
    const g = c * (p - (s.tampered ? 1 : 0));
    const h = c * p * (1 - p);
    row.idx.forEach((a, ia) => {
      grad[a] = (grad[a] ?? 0) + g * (row.val[ia] ?? 0);
      const hr = hess[a]!;
      row.idx.forEach((b, ib) => (hr[b] = (hr[b] ?? 0) + h * (row.val[ia] ?? 0) * (row.val[ib] ?? 0)));
    });
  });
  return { grad, hess };
}

/** Solve H x = g for a symmetric positive definite H (Cholesky). */
function solveSpd(h: number[][], g: number[]): number[] {
  const n = g.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = g[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

/**
 * Benign targets first: the tampered threshold sits above all but the allowed share of benign
 * scores, halfway to the next tampered score (a margin for pages not seen in fitting); then the
 * suspicious threshold likewise among the benign scores left below it.
 */
export function chooseThresholds(
  samples: readonly FitSample[],
  scores: readonly number[],
  bias: number,
  options: Pick<FitOptions, 'benignTamperedRate' | 'benignSuspiciousRate'>,
): { tampered: number; suspicious: number } {
  const benign = scores.filter((_, i) => !samples[i]!.tampered).sort((a, b) => b - a);
  const tampered = scores.filter((_, i) => samples[i]!.tampered);
  const cut = (sorted: number[], rate: number, floor: number): number => {
    const allowed = Math.floor(rate * benign.length);
    const above = sorted[allowed] ?? floor;
    const next = Math.min(...tampered.filter((s) => s > above), above + 2);
    return Math.max((above + next) / 2, floor);
  };
  // A page with no reason at all is never an alarm, whatever the data says.
  const t = cut(benign, options.benignTamperedRate, bias + 2);
  const s = cut(
    benign.filter((x) => x < t),
    options.benignSuspiciousRate,
    bias + 1,
  );
  return { tampered: t, suspicious: Math.min(s, t) };
}

function figuresOf(
  samples: readonly FitSample[],
  scores: number[],
  model: VerdictWeights,
  features: number,
  iterations: number,
): FitFigures {
  const t = samples.filter((s) => s.tampered).length;
  const b = samples.length - t;
  let hit = 0;
  let fa = 0;
  let sus = 0;
  scores.forEach((score, i) => {
    const isT = samples[i]!.tampered;
    if (isT && score >= model.thresholds.tampered) hit++;
    if (!isT && score >= model.thresholds.tampered) fa++;
    else if (!isT && score >= model.thresholds.suspicious) sus++;
  });
  const rate = (n: number, d: number) => (d === 0 ? 0 : round(n / d));
  return {
    cases: samples.length,
    tampered: t,
    benign: b,
    features,
    iterations,
    recall: rate(hit, t),
    benignTampered: rate(fa, b),
    benignSuspicious: rate(sus, b),
  };
}

function binarySearch(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const roundAll = (r: Record<Severity, number>): Record<Severity, number> => ({
  info: round(r.info),
  low: round(r.low),
  medium: round(r.medium),
  high: round(r.high),
});
