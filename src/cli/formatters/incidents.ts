import type { Incident } from '../../core/incidents/records.ts';

export interface IncidentRow {
  incident: Incident;
  /** Where it is: the site's name and origin, or the page's URL. */
  where: string;
  organisation: string;
}

/** How long ago, in the largest whole unit. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** The incident list as a table, one line per incident, site incidents with their pages under them. Pure. */
export function formatIncidents(rows: readonly IncidentRow[], now: number): string {
  if (rows.length === 0) return 'No incidents.';
  const lines: string[] = [];
  const sites = rows.filter((r) => r.incident.scope === 'site');
  const pagesOf = (id: number) => rows.filter((r) => r.incident.parentId === id);
  const orphans = rows.filter(
    (r) => r.incident.scope === 'page' && !sites.some((s) => s.incident.id === r.incident.parentId),
  );
  for (const row of [...sites, ...orphans]) {
    lines.push(line(row, now, ''));
    if (row.incident.scope === 'site') for (const page of pagesOf(row.incident.id)) lines.push(line(page, now, '    '));
  }
  const active = rows.filter((r) => r.incident.state === 'open' || r.incident.state === 'acknowledged').length;
  lines.push(`${rows.length} incident${rows.length === 1 ? '' : 's'}, ${active} active`);
  return lines.join('\n');
}

function line(row: IncidentRow, now: number, indent: string): string {
  const i = row.incident;
  const state = i.state === 'false_positive' ? 'false-pos' : i.state;
  const campaign = i.campaignId !== null ? ` [campaign ${i.campaignId}]` : '';
  const relearn = i.relearn === 'pending' ? ' (relearn awaits approval)' : '';
  const head = `${indent}#${i.id} ${i.severity.toUpperCase().padEnd(8)} ${state.padEnd(12)} ${ago(now - i.openedAt).padStart(4)} ago  `;
  const where = i.scope === 'site' ? `${row.organisation} / ${row.where}` : row.where;
  return `${head}${where}${campaign}${relearn}\n${indent}${' '.repeat(head.length - indent.length)}${i.summary}`;
}
