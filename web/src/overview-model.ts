import type { Organisation, Page, Site } from './types.ts';

/** Pure shaping of the overview: a page of pages grouped organisation → site, in the order they came. */

export interface SiteGroup {
  site: Site | { id: number; name: string; origin: string; organisationId: number | null };
  pages: Page[];
}

export interface OrganisationGroup {
  organisation: Organisation | { id: number | null; name: string; slug: string };
  sites: SiteGroup[];
}

export function groupPages(
  pages: readonly Page[],
  sites: readonly Site[],
  organisations: readonly Organisation[],
): OrganisationGroup[] {
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const orgById = new Map(organisations.map((o) => [o.id, o]));
  const groups: OrganisationGroup[] = [];
  const orgGroups = new Map<number | null, OrganisationGroup>();
  const siteGroups = new Map<number, SiteGroup>();
  for (const page of pages) {
    const site = siteById.get(page.siteId);
    const orgId = site?.organisationId ?? null;
    let og = orgGroups.get(orgId);
    if (!og) {
      og = {
        organisation: (orgId !== null ? orgById.get(orgId) : undefined) ?? { id: orgId, name: '—', slug: '' },
        sites: [],
      };
      orgGroups.set(orgId, og);
      groups.push(og);
    }
    let sg = siteGroups.get(page.siteId);
    if (!sg) {
      sg = {
        site: site ?? {
          id: page.siteId,
          name: new URL(page.url).host,
          origin: new URL(page.url).origin,
          organisationId: orgId,
        },
        pages: [],
      };
      siteGroups.set(page.siteId, sg);
      og.sites.push(sg);
    }
    sg.pages.push(page);
  }
  return groups;
}

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

/** The API query for one page of the overview. */
export function pagesQuery(f: OverviewFilters, limit: number): string {
  const p = new URLSearchParams({ limit: String(limit) });
  if (f.q) p.set('search', f.q);
  if (f.status) p.set('status', f.status);
  if (f.organisationId) p.set('organisationId', f.organisationId);
  if (f.after) p.set('after', f.after);
  return `/api/pages?${p.toString()}`;
}

/** The GET /api/overview query for one page of the overview. */
export function overviewQuery(f: OverviewFilters, limit: number): string {
  const p = new URLSearchParams({ limit: String(limit) });
  if (f.q) p.set('q', f.q);
  if (f.status) p.set('status', f.status);
  if (f.organisationId) p.set('organisationId', f.organisationId);
  if (f.after) p.set('after', f.after);
  return `/api/overview?${p.toString()}`;
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
