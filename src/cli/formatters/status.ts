import { CONSOLE_STATUSES, type ConsoleStatus } from '../../core/console-status.ts';
import type { EstateTree } from '../../estate/estate-tree.ts';

/** The estate as a tree for the terminal: organisation → site (with counts) → page. Pure. */
export function formatEstateTree(tree: EstateTree, now: number): string {
  if (tree.organisations.length === 0)
    return 'The estate is empty: add pages to mamori.yaml, or run `mamori import <file|url>`.';
  const lines: string[] = [];
  for (const { organisation, sites } of tree.organisations) {
    lines.push(`${organisation.name} (${organisation.slug})`);
    for (const s of sites) {
      lines.push(`  ${s.site.origin}  ${s.total} page${s.total === 1 ? '' : 's'}: ${formatCounts(s.counts)}`);
      for (const p of s.pages) {
        const when = p.lastCheckedAt === null ? 'never checked' : `${ago(now - p.lastCheckedAt)} ago`;
        lines.push(`    ${p.state.toUpperCase().padEnd(10)} ${p.url}  (${when})`);
        if (p.topReason) lines.push(`               ${p.topReason.code}: ${p.topReason.message}`);
      }
      if (s.omitted > 0) lines.push(`    … ${s.omitted} more page${s.omitted === 1 ? '' : 's'} (use --all or --json)`);
    }
  }
  lines.push(
    `${tree.total} page${tree.total === 1 ? '' : 's'} in ${tree.organisations.length} organisation${tree.organisations.length === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}

/** Counts in the dashboard's states, worst first. */
export function formatCounts(counts: Partial<Record<ConsoleStatus, number>>): string {
  const parts = CONSOLE_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s] ?? 0} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s}s`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}
