import type { Reason, VerdictKind } from '../core/verdict.ts';

export interface CaseResult {
  id: string;
  label: 'benign' | 'tampered';
  kind: string;
  verdict: VerdictKind;
  reasons: Reason[];
  ms: number;
  /** The corpus the case came from, when several are judged together. */
  corpus?: string;
  /** Its source family (families.ts), for grouped validation. */
  family?: string;
}

export interface KindFigures {
  total: number;
  /** Tampered cases judged `tampered`. */
  detected: number;
  /** Benign cases that raised an alarm (`tampered` or `down`). */
  alerted: number;
  suspicious: number;
}

export interface DetectReport {
  bench: 'detect';
  cases: number;
  tampered: { total: number; detected: number; suspicious: number };
  benign: { total: number; alerted: number; suspicious: number };
  byKind: Record<string, KindFigures>;
  msPerCase: number;
  /** Parse and model build of a changed body, CPU ms per 100 KB of HTML as fetched (fastest warm pass). */
  analyseMsPer100KB: number;
  /** Comparison with the baseline, detectors, verdict and learning, CPU ms per 100 KB (same pass). */
  judgeMsPer100KB: number;
  /** The two together: the whole cost of a changed page once fetched and decoded. */
  totalMsPer100KB: number;
  /** The same step timed by wall clock inside the run itself (first calls, JIT warm-up, machine load included). */
  pipelineMsPer100KB: number;
}

/** What the bench measured of analysis speed: in-run wall time, and warm per-stage CPU time. */
export interface SpeedFigures {
  pipeline: { ms: number; bytes: number };
  stages: { analyseMs: number; judgeMs: number; bytes: number };
}

const NO_SPEED: SpeedFigures = { pipeline: { ms: 0, bytes: 0 }, stages: { analyseMs: 0, judgeMs: 0, bytes: 0 } };

/** Milliseconds per 100 KB, two decimals; 0 when nothing was measured. */
export function per100KB(ms: number, bytes: number): number {
  return bytes === 0 ? 0 : Math.round((ms / (bytes / 100_000)) * 100) / 100;
}

/** Tally case results into the benchmark's figures. Pure. */
export function tally(results: readonly CaseResult[], speed: SpeedFigures = NO_SPEED): DetectReport {
  const { stages, pipeline } = speed;
  const report: DetectReport = {
    bench: 'detect',
    cases: results.length,
    tampered: { total: 0, detected: 0, suspicious: 0 },
    benign: { total: 0, alerted: 0, suspicious: 0 },
    byKind: {},
    msPerCase: 0,
    analyseMsPer100KB: per100KB(stages.analyseMs, stages.bytes),
    judgeMsPer100KB: per100KB(stages.judgeMs, stages.bytes),
    totalMsPer100KB: per100KB(stages.analyseMs + stages.judgeMs, stages.bytes),
    pipelineMsPer100KB: per100KB(pipeline.ms, pipeline.bytes),
  };
  let ms = 0;
  for (const r of results) {
    ms += r.ms;
    const k = (report.byKind[r.kind] ??= { total: 0, detected: 0, alerted: 0, suspicious: 0 });
    k.total += 1;
    const suspicious = r.verdict === 'suspicious';
    if (suspicious) k.suspicious += 1;
    if (r.label === 'tampered') {
      report.tampered.total += 1;
      if (r.verdict === 'tampered') {
        report.tampered.detected += 1;
        k.detected += 1;
      } else if (suspicious) report.tampered.suspicious += 1;
    } else {
      report.benign.total += 1;
      if (isAlarm(r.verdict)) {
        report.benign.alerted += 1;
        k.alerted += 1;
      } else if (suspicious) report.benign.suspicious += 1;
    }
  }
  report.msPerCase = results.length === 0 ? 0 : Math.round((ms / results.length) * 100) / 100;
  return report;
}

export function isAlarm(verdict: VerdictKind): boolean {
  return verdict === 'tampered' || verdict === 'down';
}

/** Tampered cases not judged `tampered`, and benign cases that were. */
export function misses(results: readonly CaseResult[]): { missed: CaseResult[]; falseAlarms: CaseResult[] } {
  return {
    missed: results.filter((r) => r.label === 'tampered' && r.verdict !== 'tampered'),
    falseAlarms: results.filter((r) => r.label === 'benign' && (isAlarm(r.verdict) || r.verdict === 'suspicious')),
  };
}
