import type { Severity } from '../../core/verdict.ts';
import type { DiscoveryReport } from '../../import/discover.ts';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

/** Findings listed in full up to this many; the rest are counted. */
const MAX_LISTED = 100;

/** One discovery pass: each sitemap read (or why not), then every finding, worst reason first. Pure. */
export function formatDiscoveryReport(r: DiscoveryReport): string {
  if (r.sources.length === 0)
    return 'No sitemaps to read yet: import a sitemap by URL (mamori import https://…/sitemap.xml).';
  const lines: string[] = [];
  for (const s of r.sources) {
    if (!s.ok) {
      lines.push(`FAILED  ${s.url}: ${s.message}`);
      continue;
    }
    const nested = s.sitemapsRead > 0 ? ` (+${s.sitemapsRead} nested)` : '';
    lines.push(
      `read    ${s.url}${nested}: ${s.listed} listed, ${s.added} new page${s.added === 1 ? '' : 's'} watched, ${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}`,
    );
    for (const p of s.problems) lines.push(`        problem: ${p}`);
  }
  const sorted = [...r.findings].sort((a, b) => worst(b.reasons) - worst(a.reasons));
  for (const f of sorted.slice(0, MAX_LISTED)) {
    const top = [...f.reasons].sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    lines.push(`${(top[0]?.severity ?? 'info').toUpperCase().padEnd(7)} ${f.url}`);
    for (const reason of top) lines.push(`          ${reason.code}: ${reason.message}`);
  }
  if (sorted.length > MAX_LISTED) lines.push(`… and ${sorted.length - MAX_LISTED} more findings (use --json)`);
  lines.push(
    `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}, ${r.added} page${r.added === 1 ? '' : 's'} added, ${r.failed} sitemap${r.failed === 1 ? '' : 's'} unreadable`,
  );
  return lines.join('\n');
}

function worst(reasons: readonly { severity: Severity }[]): number {
  return Math.max(0, ...reasons.map((x) => RANK[x.severity]));
}
