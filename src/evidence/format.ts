/** Plain-text output of the evidence commands. Pure. */
import type { ExportedBundle, ExportError } from './export.ts';
import type { EvidenceHold, LedgerEntry } from './types.ts';
import type { VerifyReport } from './verify.ts';

function mib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

function problemTag(p: VerifyReport['problems'][number]): string {
  switch (p.kind) {
    case 'chain':
      return 'BROKEN';
    case 'details':
      return 'DAMAGED';
    case 'timestamp':
      return 'STAMP';
    case 'repeat':
      return 'REPEAT';
    case 'anchor':
      return 'DELETED';
    case 'unreferenced-file':
      return 'STRAY';
    case 'file-row':
      return p.problem === 'row-missing' ? 'NO-ROW' : p.problem === 'row-orphaned' ? 'ORPHAN' : 'EXTRA-ROW';
    case 'body':
      return `BODY-${p.problem.toUpperCase()}`;
    default:
      return p.problem.toUpperCase();
  }
}

export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  if (report.head === null && report.problems.length === 0) return 'The custody ledger is empty: nothing to verify.';
  const chainOk = report.firstBrokenLink === null;
  lines.push(
    report.head === null
      ? 'Ledger: EMPTY, yet evidence of entries remains (see below)'
      : chainOk && report.problems.some((p) => p.kind === 'anchor')
        ? `Ledger: ${report.entries} entries, links intact from #1 to #${report.head.seq}, but its END CUT or rewritten (see DELETED below)`
        : chainOk
          ? `Ledger: ${report.entries} entries, chain intact from #1 to #${report.head.seq}; head ${report.head.entryHash}`
          : `Ledger: ${report.entries} entries; FIRST BROKEN LINK at entry #${report.firstBrokenLink}`,
  );
  const fileProblems = report.problems.filter((p) => p.kind === 'file');
  lines.push(
    `Files: ${report.filesChecked} re-hashed (${mib(report.bytesChecked)}), ${fileProblems.length === 0 ? 'all match' : `${fileProblems.length} problem(s)`}`,
  );
  if (report.bodiesChecked > 0)
    lines.push(
      `Page bodies: ${report.bodiesChecked} re-hashed, ${report.problems.filter((p) => p.kind === 'body').length} problem(s)`,
    );
  for (const p of report.problems) lines.push(`  ${problemTag(p).padEnd(9)} ${p.message}`);
  for (const n of report.notes) lines.push(`  ${'NOTE'.padEnd(9)} ${n.message}`);
  lines.push(
    report.problems.length === 0
      ? 'Evidence verified: no change since it was recorded.'
      : 'Evidence NOT verified: see the problems above.',
  );
  return lines.join('\n');
}

export function formatExported(bundle: ExportedBundle): string {
  return [
    `Exported ${bundle.captures} capture(s) to ${bundle.dir}`,
    `  ${bundle.files} files in manifest.sha256 (${mib(bundle.bytes)} of evidence); check with: (cd ${bundle.dir} && sha256sum -c manifest.sha256)`,
    `  recorded as ledger entry #${bundle.exportEntry.seq} (${bundle.exportEntry.entryHash})`,
    `  read ${bundle.dir}/report.md first`,
  ].join('\n');
}

export function formatExportError(error: ExportError): string {
  return `mamori evidence export: ${error.message}`;
}

export function formatHolds(holds: readonly EvidenceHold[]): string {
  if (holds.length === 0) return 'No open legal holds.';
  return holds
    .map(
      (h) =>
        `#${h.id}  ${h.subject}  page ${h.pageId ?? 'all'}  ${iso(h.from)} .. ${iso(h.to)}  since ${iso(h.createdAt)}  ${JSON.stringify(h.reason)}`,
    )
    .join('\n');
}

/** One line per ledger entry, for `mamori evidence log`. */
export function formatLedger(entries: readonly LedgerEntry[]): string {
  if (entries.length === 0) return 'No ledger entries match.';
  return entries
    .map((e) => {
      let summary = '';
      try {
        const d = JSON.parse(e.details) as {
          trigger?: string;
          verdict?: string;
          remoteAddress?: string | null;
          reason?: string;
          subject?: string;
          captureSeqs?: number[];
          watch?: string;
          outcome?: string;
          codes?: string[];
        };
        if (e.kind === 'capture')
          summary = `${d.trigger ?? '?'}: ${d.verdict ?? '?'}, from ${d.remoteAddress ?? 'no address'}`;
        else if (e.kind === 'repeat')
          summary = `${d.trigger ?? '?'}: ${d.verdict ?? '?'}, from ${d.remoteAddress ?? 'no address'}, same as #${e.refersToSeq ?? '?'}`;
        else if (e.kind === 'export') summary = `captures ${(d.captureSeqs ?? []).join(',')}`;
        else if (e.kind === 'retention-delete') summary = `of #${e.refersToSeq ?? '?'}: ${d.reason ?? ''}`;
        else if (e.kind === 'hold' || e.kind === 'hold-release') summary = `${d.subject ?? ''}`;
        else if (e.kind === 'timestamp') summary = `of #${e.refersToSeq ?? '?'}`;
        else if (e.kind === 'site-watch')
          summary = `${d.watch ?? '?'} ${d.subject ?? ''}: ${d.outcome ?? '?'} ${(d.codes ?? []).join(',')}`.trim();
      } catch {
        summary = '(details unreadable: run mamori evidence verify)';
      }
      return `#${e.seq}  ${iso(e.observedAt ?? e.recordedAt)}  ${e.kind.padEnd(16)} ${e.url ?? ''}  ${summary}  ${e.entryHash.slice(0, 16)}`;
    })
    .join('\n');
}
