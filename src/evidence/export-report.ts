/**
 * The readable report of an export bundle (Markdown). Pure: everything it states comes in as data.
 * Captured text (reasons quote the page) is hostile, so every value is escaped before it reaches
 * Markdown: a quoted `|`, `<script>` or `](javascript:…)` renders as text.
 */
import type { RepeatSummary } from './repeat-summary.ts';
import type { CaptureDetails, ExportScope, LedgerEntry } from './types.ts';

export interface ReportCapture {
  entry: LedgerEntry;
  details: CaptureDetails;
  /** Bundle paths of its files. */
  paths: string[];
  /** The later checks in scope that saw the same bytes again, counted. */
  repeats?: RepeatSummary;
}

function repeatLine(r: RepeatSummary): string {
  const verdicts = Object.entries(r.verdicts)
    .map(([v, n]) => `${mdText(v)} ×${n}`)
    .join(', ');
  const last = r.lastObservedAt === null ? '' : `, the last at ${when(r.lastObservedAt)}`;
  return `- Seen again by ${r.count} later check(s) (${verdicts}), with the same bytes or the same finding: ledger entries #${r.firstSeq} to #${r.lastSeq} of kind \`repeat\`, each naming this entry and its WARC by hash, and giving its own body hash${last}`;
}

export interface ReportInput {
  scope: ExportScope;
  captures: ReportCapture[];
  exportEntry: LedgerEntry;
  /** The hash the segment hangs from: the entry before its first (or the genesis hash). */
  anchorPrevHash: string;
  firstSeq: number;
  timestamps: LedgerEntry[];
  mamoriVersion: string;
}

/** Markdown-escape one line of untrusted text. */
export function mdText(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~-]/g, (c) => `\\${c}`)
    .slice(0, 2000);
}

/** Untrusted text inside a code span, where backslashes are literal: only backticks and breaks must go. */
export function mdCode(value: string): string {
  return value.replace(/[`\r\n\t]+/g, ' ').slice(0, 200);
}

const JST_OFFSET_MS = 9 * 3_600_000;

/** `2026-12-01 09:00:00.000 UTC (18:00:00.000 JST)`: investigators in Japan read JST. */
export function when(epochMs: number): string {
  const utc = new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
  const jst = new Date(epochMs + JST_OFFSET_MS).toISOString().slice(11, 23);
  return `${utc} UTC (${jst} JST)`;
}

function scopeLine(scope: ExportScope): string {
  const window = `from ${when(scope.from)} to ${when(scope.to)}`;
  return scope.kind === 'page'
    ? `the page ${mdText(scope.url)}, ${window}`
    : `incident ${mdText(scope.incidentId)} (pages ${scope.pageIds.join(', ')}), ${window}`;
}

function captureSection(c: ReportCapture, scope: ExportScope): string[] {
  const d = c.details;
  const before =
    scope.kind === 'incident' && c.entry.observedAt !== null && c.entry.observedAt < scope.from
      ? ', the last capture before the incident'
      : '';
  const lines = [
    `### Ledger entry #${c.entry.seq}: ${mdText(d.verdict)} (${mdText(d.trigger)}${before})`,
    '',
    `- Observed: ${c.entry.observedAt === null ? 'unknown' : when(c.entry.observedAt)}`,
    `- Address requested: ${mdText(d.url)}${d.finalUrl && d.finalUrl !== d.url ? `, final address after redirects: ${mdText(d.finalUrl)}` : ''}`,
    `- Received from network address: ${d.remoteAddress === null ? 'none (no connection was made)' : mdText(d.remoteAddress)}`,
    `- Result: ${mdText(d.outcome)}${d.httpStatus === null ? '' : `, HTTP ${d.httpStatus}`}${d.bodySha256 ? `, body SHA-256 ${d.bodySha256}` : ''}`,
    `- Entry hash: \`${c.entry.entryHash}\``,
    `- Files: ${c.paths.map((p) => `\`${p}\``).join(', ')}`,
    ...(c.repeats ? [repeatLine(c.repeats)] : []),
  ];
  if (d.reasons.length > 0) {
    lines.push('- Why Mamori judged it so:');
    for (const r of d.reasons) {
      const quoted = r.evidence?.snippet ? ` (quoted: “${mdText(r.evidence.snippet)}”)` : '';
      const url = r.evidence?.url ? ` [address: ${mdText(r.evidence.url)}]` : '';
      lines.push(`  - \`${mdCode(r.code)}\` (${mdText(r.severity)}): ${mdText(r.message)}${quoted}${url}`);
    }
  }
  return [...lines, ''];
}

export function formatExportReport(input: ReportInput): string {
  const { captures, exportEntry } = input;
  const lines = [
    '# Mamori evidence bundle',
    '',
    `This bundle holds what Mamori ${mdText(input.mamoriVersion)} recorded about ${scopeLine(input.scope)}.`,
    `It was exported at ${when(exportEntry.recordedAt)} and the export itself is ledger entry #${exportEntry.seq} (hash \`${exportEntry.entryHash}\`).`,
    '',
    '## What Mamori attests to',
    '',
    'Mamori attests to what it received: each record below is the request Mamori sent and the response it received, byte for byte as',
    'its HTTP client delivered them (see "Bodies" below), from the network address and at the time shown, with the verdict Mamori reached',
    'at that time. Mamori cannot attest to what other visitors were served, nor to anything it did not fetch.',
    '',
    '## Summary',
    '',
    '| ledger entry | observed | why captured | verdict | HTTP | from address |',
    '| --- | --- | --- | --- | --- | --- |',
    ...captures.map(
      (c) =>
        `| #${c.entry.seq} | ${c.entry.observedAt === null ? '' : when(c.entry.observedAt)} | ${mdText(c.details.trigger)} | ${mdText(c.details.verdict)} | ${c.details.httpStatus ?? ''} | ${mdText(c.details.remoteAddress ?? 'none')} |`,
    ),
    '',
    '## Observations',
    '',
    ...captures.flatMap((c) => captureSection(c, input.scope)),
    '## How to check this bundle',
    '',
    '1. Every file: run `sha256sum -c manifest.sha256` in this directory. Each line must say OK.',
    '2. The WARC files (ISO 28500, WARC 1.1) open in standard tools, e.g. `warcio index warc/<file>` or replay software.',
    '3. The custody ledger: `ledger/segment.jsonl` holds entries #' +
      `${input.firstSeq} to #${exportEntry.seq}, one JSON object a line.`,
    "   For each, `entryHash = sha256(prevHash + fieldsSha256)` (hex text), and each `prevHash` is the previous line's `entryHash`.",
    '   For entries shown in full, `fieldsSha256 = sha256(canonical JSON of {v: 1, seq, kind, recordedAt, pageId, checkId, url, observedAt,',
    '   refersToSeq, evidenceSha256, details})` with keys sorted and no spaces (`details` is the string given). Entries about other',
    '   pages or cases show only their hashes: the chain still checks, their content stays private.',
    `4. The anchor: the segment hangs from hash \`${input.anchorPrevHash}\` (the entry before #${input.firstSeq}). The operator's`,
    '   `mamori evidence verify` names the same hashes for these entry numbers; any later change to the ledger breaks them.',
    ...(input.timestamps.length > 0
      ? [
          '5. Time-stamp tokens (RFC 3161) in `timestamps/` vouch for ledger entries (`ledger-<entry>-…tsr`) at the times shown in',
          "   `ledger/anchor.json`: `openssl ts -verify -digest <that entry's entryHash> -in <file> -CAfile <the TSA's CA certificate>`.",
        ]
      : []),
    '',
    '## Bodies',
    '',
    'A response body is stored as Mamori analysed it: after the content coding (gzip, br) and chunking were undone. The headers that',
    'described the wire form are kept under `X-Mamori-Original-` names in the response record, and verbatim in the metadata record.',
    '',
  ];
  return lines.join('\n');
}
