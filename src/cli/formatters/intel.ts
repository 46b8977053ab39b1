import type { Claim, Threat } from '../../intel/types.ts';
import { ago } from './incidents.ts';

/** Threats as lines: id, watch state, title, the organisations named and how. Pure. */
export function formatThreats(threats: readonly Threat[], names: ReadonlyMap<number, string>, now: number): string {
  if (threats.length === 0) return 'No threats.';
  const lines: string[] = [];
  for (const t of threats) {
    const watch = t.watchUntil > now ? `watching ${ago(t.watchUntil - now)} more` : 'window over';
    lines.push(`${t.id}  ${ago(now - t.createdAt).padStart(4)} ago  ${watch.padEnd(18)} ${t.title}  (${t.source})`);
    const targets = t.targets.map(
      (x) => `${names.get(x.organisationId) ?? `#${x.organisationId}`} by ${x.by} “${x.term}”`,
    );
    lines.push(`    targets: ${targets.length > 0 ? targets.join(', ') : 'none named'}`);
    if (t.keywords.length > 0) lines.push(`    keywords: ${t.keywords.join(', ')}`);
  }
  const active = threats.filter((t) => t.watchUntil > now).length;
  lines.push(`${threats.length} threat${threats.length === 1 ? '' : 's'}, ${active} with an open window`);
  return lines.join('\n');
}

/** One claim as checked: its answer first, then what it said and the checks behind the answer. Pure. */
export function formatClaim(claim: Claim): string {
  const lines = [
    `${claim.status.toUpperCase()}  ${claim.summary}`,
    `  claim ${claim.id} (${claim.asserts}): “${claim.text}”`,
  ];
  if (claim.checkIds.length > 0)
    lines.push(
      `  checks: ${claim.checkIds.map((id) => `#${id}`).join(', ')}${claim.checkedAt !== null ? ` at ${new Date(claim.checkedAt).toISOString()}` : ''}`,
    );
  if (claim.incidentId !== null) lines.push(`  incident: #${claim.incidentId}`);
  return lines.join('\n');
}
