import type { Reason, VerdictKind } from '../core/verdict.ts';

export interface CaseResult {
  id: string;
  label: 'benign' | 'tampered';
  kind: string;
  verdict: VerdictKind;
  reasons: Reason[];
  ms: number;
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
  /** Analysis and judgement of changed bodies only (parse, model, detectors), per 100 KB of HTML. */
  analyseMsPer100KB: number;
}

/** Tally case results into the benchmark's figures. Pure. */
export function tally(results: readonly CaseResult[], analysis: { ms: number; bytes: number } = { ms: 0, bytes: 0 }): DetectReport {
  const report: DetectReport = {
    bench: 'detect', cases: results.length, tampered: { total: 0, detected: 0, suspicious: 0 },
    benign: { total: 0, alerted: 0, suspicious: 0 }, byKind: {}, msPerCase: 0,
    analyseMsPer100KB: analysis.bytes === 0 ? 0 : Math.round((analysis.ms / (analysis.bytes / 100_000)) * 100) / 100,
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
