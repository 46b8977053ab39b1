import type { InferRequestType } from 'hono/client';
import type { api } from './api.ts';

/** Pure shaping of the overview: the filters in the address bar, the API query, pages by site. */

export interface OverviewFilters {
  q: string;
  status: string;
  organisationId: string;
  /** Keyset cursors of the pages before this one (empty on the first page). */
  after: string;
}

export function readFilters(search: string): OverviewFilters {
  const p = new URLSearchParams(search);
  return {
    q: p.get('q') ?? '',
    status: p.get('status') ?? '',
    organisationId: p.get('org') ?? '',
    after: p.get('after') ?? '',
  };
}

export function filtersToSearch(f: OverviewFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.status) p.set('status', f.status);
  if (f.organisationId) p.set('org', f.organisationId);
  if (f.after) p.set('after', f.after);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The GET /api/overview query for one page of the overview. */
export function overviewQuery(f: OverviewFilters, limit: number) {
  return {
    limit: String(limit),
    ...(f.q ? { q: f.q } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.organisationId ? { organisationId: f.organisationId } : {}),
    ...(f.after ? { after: f.after } : {}),
  } satisfies InferRequestType<typeof api.overview.$get>['query'];
}

/** The overview's pages by site, keeping the server's worst-first order within each site. */
export function pagesBySite<P extends { siteId: number }>(pages: readonly P[]): Map<number, P[]> {
  const map = new Map<number, P[]>();
  for (const p of pages) {
    const list = map.get(p.siteId);
    if (list) list.push(p);
    else map.set(p.siteId, [p]);
  }
  return map;
}
