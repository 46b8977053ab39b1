/** Reads an export's scope from query or CLI options: exactly one of an incident, a campaign or a time window. */
import type { StixScope } from './export-service.ts';

export interface ScopeOptions {
  incidentId?: number | undefined;
  campaignId?: number | undefined;
  /** ISO 8601 or epoch milliseconds. */
  from?: string | undefined;
  to?: string | undefined;
}

export type ScopeResult = { ok: true; scope: StixScope } | { ok: false; problems: { path: string; message: string }[] };

function time(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

export function parseStixScope(o: ScopeOptions, now: number): ScopeResult {
  const given = [
    o.incidentId !== undefined,
    o.campaignId !== undefined,
    o.from !== undefined || o.to !== undefined,
  ].filter(Boolean).length;
  if (given !== 1) {
    return {
      ok: false,
      problems: [
        { path: '(query)', message: 'give exactly one scope: incidentId, campaignId, or a window (from, optional to)' },
      ],
    };
  }
  if (o.incidentId !== undefined) return { ok: true, scope: { kind: 'incident', incidentId: o.incidentId } };
  if (o.campaignId !== undefined) return { ok: true, scope: { kind: 'campaign', campaignId: o.campaignId } };
  const problems: { path: string; message: string }[] = [];
  const from = o.from !== undefined ? time(o.from) : null;
  const to = o.to !== undefined ? time(o.to) : now;
  if (o.from === undefined)
    problems.push({ path: 'from', message: 'a window needs from (ISO 8601 or epoch milliseconds)' });
  else if (from === null)
    problems.push({ path: 'from', message: `not a time: ${o.from} (use ISO 8601, e.g. 2026-11-03T09:00:00Z)` });
  if (to === null)
    problems.push({ path: 'to', message: `not a time: ${o.to} (use ISO 8601, e.g. 2026-11-03T10:00:00Z)` });
  if (from !== null && to !== null && from > to) problems.push({ path: 'from', message: 'from is after to' });
  if (problems.length > 0 || from === null || to === null) return { ok: false, problems };
  return { ok: true, scope: { kind: 'window', from, to } };
}
