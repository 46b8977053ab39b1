import { consoleStatus, type ConsoleStatus } from '../../core/console-status.ts';
import type { OutcomeClass } from '../../core/outcome.ts';
import type { Reason, Verdict } from '../../core/verdict.ts';

export interface CheckReport {
  url: string;
  finalUrl: string | null;
  outcome: OutcomeClass;
  httpStatus: number | null;
  durationMs: number;
  bodyBytes: number | null;
  charset: string | null;
  verdict: Verdict;
  /** Observations the baseline was learnt from; 0 when the page was not known before. */
  baselineSamples: number;
}

const LABEL: Record<Verdict['kind'], string> = {
  unchanged: 'UNCHANGED',
  changed: 'CHANGED (benign)',
  suspicious: 'SUSPICIOUS: needs a human look',
  tampered: 'TAMPERED',
  down: 'DOWN',
};

/** A failed check is labelled as the dashboard colours it (`consoleStatus`): one mapping for both. */
const FAILED_LABEL: Record<ConsoleStatus, string> = {
  tampered: 'TAMPERED',
  down: 'DOWN',
  suspicious: 'SUSPICIOUS: needs a human look',
  degraded: 'DEGRADED: the server answers, but not with the page',
  unknown: "UNKNOWN: refused by Mamori's own network policy (a configuration matter)",
  up: 'UP',
};

function labelOf(r: CheckReport): string {
  return r.verdict.kind === 'down' ? FAILED_LABEL[consoleStatus('down', r.outcome)] : LABEL[r.verdict.kind];
}

/** A check result as an analyst reads it: verdict first, then each reason with its evidence. Pure. */
export function formatCheckReport(r: CheckReport): string {
  const lines = [
    `${labelOf(r)}  ${r.url}`,
    `  outcome ${r.outcome}${r.httpStatus !== null ? `, HTTP ${r.httpStatus}` : ''}, ${r.durationMs} ms` +
      `${r.bodyBytes !== null ? `, ${formatBytes(r.bodyBytes)}` : ''}${r.charset ? `, ${r.charset}` : ''}`,
  ];
  if (r.finalUrl && r.finalUrl !== r.url) lines.push(`  final URL ${r.finalUrl}`);
  lines.push(
    r.baselineSamples > 0
      ? `  compared with a baseline of ${r.baselineSamples} observation${r.baselineSamples === 1 ? '' : 's'}`
      : '  no stored baseline: only first-sight checks apply (add the page to the estate to learn its normal)',
  );
  for (const reason of r.verdict.reasons) lines.push(...formatReason(reason));
  return lines.join('\n');
}

export function formatReason(reason: Reason): string[] {
  const out = [`  - [${reason.severity}] ${reason.message} (${reason.code})`];
  const e = reason.evidence;
  if (e?.selector) out.push(`      at ${e.selector}`);
  if (e?.url) out.push(`      url ${e.url}`);
  if (e?.snippet) out.push(`      "${e.snippet}"`);
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
