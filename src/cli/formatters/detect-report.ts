import type { CaseResult, DetectReport } from '../../evaluation/tally.ts';

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

/** The detection benchmark as a table per kind, then every miss and false alarm with its reasons. Pure. */
export function formatDetectReport(
  report: DetectReport,
  missed: readonly CaseResult[],
  falseAlarms: readonly CaseResult[],
): string {
  const lines = [...formatKindTable(report), '', ...formatTotals(report)];
  lines.push(
    `${report.msPerCase} ms per case (every version fetched, decoded, analysed and judged)`,
    `per 100 KB of changed HTML (CPU, fastest warm pass): ${report.analyseMsPer100KB} ms to analyse, ${report.judgeMsPer100KB} ms to judge and learn, ${report.totalMsPer100KB} ms in all`,
    `  (timed by wall clock inside the run, first calls and machine load included: ${report.pipelineMsPer100KB} ms)`,
  );
  if (missed.length > 0) lines.push('', `Missed (${missed.length}):`, ...missed.map(describe));
  if (falseAlarms.length > 0)
    lines.push('', `False alarms and suspicious benign cases (${falseAlarms.length}):`, ...falseAlarms.map(describe));
  return lines.join('\n');
}

/** One line per kind: cases, tampered judged tampered, suspicious, benign alerted. */
export function formatKindTable(report: DetectReport): string[] {
  const lines = [
    `${'kind'.padEnd(18)} ${'cases'.padStart(5)}  ${'tampered'.padStart(15)}  ${'suspicious'.padStart(15)}  ${'benign alerted'.padStart(15)}`,
  ];
  for (const [kind, k] of Object.entries(report.byKind).sort(([a], [b]) => a.localeCompare(b))) {
    const benign = kind.startsWith('benign');
    lines.push(
      `${kind.padEnd(18)} ${String(k.total).padStart(5)}  ${benign ? ''.padStart(15) : `${String(k.detected).padStart(6)} ${pct(k.detected, k.total)}`.padStart(15)}` +
        `  ${`${String(k.suspicious).padStart(6)} ${pct(k.suspicious, k.total)}`.padStart(15)}  ${benign ? `${String(k.alerted).padStart(6)} ${pct(k.alerted, k.total)}`.padStart(15) : ''}`,
    );
  }
  return lines;
}

export function formatTotals(report: DetectReport): string[] {
  const t = report.tampered;
  const b = report.benign;
  return [
    `tampered: ${t.detected}/${t.total} detected (${pct(t.detected, t.total).trim()}), ${t.suspicious} more suspicious`,
    `benign:   ${b.alerted}/${b.total} alerted (${pct(b.alerted, b.total).trim()}), ${b.suspicious} suspicious (${pct(b.suspicious, b.total).trim()})`,
  ];
}

/** Each corpus's table and totals under its name. */
export function formatCorpora(reports: ReadonlyArray<[string, DetectReport]>): string {
  return reports
    .flatMap(([name, report]) => [
      `== ${name}: ${report.cases} cases ==`,
      ...formatKindTable(report),
      '',
      ...formatTotals(report),
      '',
    ])
    .join('\n');
}

/** Grouped validation: the families, then the held-out judgements per corpus and pooled. */
export function formatGrouped(
  families: ReadonlyArray<[string, number]>,
  corpora: ReadonlyArray<[string, DetectReport]>,
  pooled: DetectReport,
): string {
  const lines = [
    `Grouped validation: ${families.length} source families, each judged by a model fitted without it`,
    ...families.map(([f, n]) => `  ${String(n).padStart(5)}  ${f}`),
    '',
  ];
  if (corpora.length > 1)
    lines.push(
      ...corpora.flatMap(([name, r]) => [
        `== held out, ${name}: ${r.cases} cases ==`,
        ...formatKindTable(r),
        '',
        ...formatTotals(r),
        '',
      ]),
    );
  lines.push(`== held out, pooled: ${pooled.cases} cases ==`, ...formatKindTable(pooled), '', ...formatTotals(pooled));
  return lines.join('\n');
}

function describe(r: CaseResult): string {
  const reasons = r.reasons.filter((x) => x.severity !== 'info');
  const why =
    reasons.length === 0
      ? 'no reason given'
      : reasons
          .map((x) => `${x.code}: ${x.message}${x.evidence?.selector ? ` [${x.evidence.selector}]` : ''}`)
          .join(' | ');
  return `  ${r.id} ${r.kind} → ${r.verdict}: ${why}`;
}
