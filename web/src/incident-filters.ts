import type { InferRequestType } from 'hono/client';
import type { api } from './api.ts';

/** Pure shaping of the incident list's filters: the address bar ↔ the GET /api/incidents query. */

export const INCIDENT_FILTER_KEYS = ['state', 'organisationId', 'severity', 'kind', 'campaignId'] as const;
export type IncidentFilterKey = (typeof INCIDENT_FILTER_KEYS)[number];
/** Each filter as the address bar holds it; '' means "any". `state` defaults to `active`. */
export type IncidentFilters = Record<IncidentFilterKey, string>;

const URL_NAMES: Record<IncidentFilterKey, string> = {
  state: 'state',
  organisationId: 'org',
  severity: 'severity',
  kind: 'kind',
  campaignId: 'campaign',
};

export function readIncidentFilters(search: string): IncidentFilters {
  const p = new URLSearchParams(search);
  const state = p.get('state');
  return {
    // No state in the address means the analyst's default view: what still needs someone.
    state: state === null ? 'active' : state === 'any' ? '' : state,
    organisationId: p.get('org') ?? '',
    severity: p.get('severity') ?? '',
    kind: p.get('kind') ?? '',
    campaignId: p.get('campaign') ?? '',
  };
}

export function incidentFiltersToSearch(f: IncidentFilters): string {
  const p = new URLSearchParams();
  for (const key of INCIDENT_FILTER_KEYS) {
    if (key === 'state') {
      if (f.state !== 'active') p.set('state', f.state === '' ? 'any' : f.state);
    } else if (f[key]) p.set(URL_NAMES[key], f[key]);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

type ListQuery = NonNullable<InferRequestType<typeof api.incidents.$get>['query']>;

/** The GET /api/incidents query; the server validates each value (an unknown one answers 400). */
export function incidentQuery(f: IncidentFilters, limit: number): ListQuery {
  const query: ListQuery = { limit: String(limit) };
  for (const key of INCIDENT_FILTER_KEYS) if (f[key]) Object.assign(query, { [key]: f[key] });
  return query;
}
