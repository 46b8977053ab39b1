/**
 * Builds the public status document from the estate store: only the organisations that opted in,
 * only the fields the public may see (names, site homes, availability, announcements). Ids, reasons,
 * verdicts, incidents and check details never leave this function.
 */
import {
  publicPageStatus,
  publicStatusOfCounts,
  worstPublicStatus,
  type PublicAnnouncement,
  type PublicOrganisation,
  type PublicStatusDocument,
} from '../core/public-status.ts';
import type { AnnouncementConfig } from '../config/status-page.ts';
import type { EstateStore, OverviewCursor, OverviewPage } from '../store/types.ts';

export interface StatusPageSettings {
  title: string;
  /** Slugs of the organisations that opted in. */
  organisations: readonly string[];
  showPageUrls: boolean;
  announcements: readonly AnnouncementConfig[];
}

/** Pages read per overview query when deep-page URLs are shown. */
const PAGE_BATCH = 500;

export async function buildStatusDocument(
  store: EstateStore,
  settings: StatusPageSettings,
): Promise<PublicStatusDocument> {
  const optedIn = new Set(settings.organisations);
  const orgs = (await store.listOrganisations()).filter((o) => optedIn.has(o.slug));
  const nameOfSlug = new Map(orgs.map((o) => [o.slug, o.name]));
  const announcements = sortAnnouncements(
    settings.announcements
      // An announcement for an organisation that did not opt in would publish its name: left out.
      .filter((a) => a.organisation === undefined || nameOfSlug.has(a.organisation))
      .map((a) => ({
        title: a.title,
        body: a.body,
        publishedAt: a.publishedAt,
        organisation: a.organisation === undefined ? null : (nameOfSlug.get(a.organisation) ?? null),
      })),
  );
  if (orgs.length === 0) return { title: settings.title, status: 'unknown', organisations: [], announcements };
  const scope = orgs.map((o) => o.id);
  const overview = await store.overview({ scope, limit: 0 });
  const pagesBySite = settings.showPageUrls ? await pagesOfScope(store, scope) : null;
  const organisations: PublicOrganisation[] = overview.organisations.map((org) => {
    const sites = org.sites.map((site) => {
      const status = publicStatusOfCounts(site.counts);
      const pages = pagesBySite?.get(site.id);
      return pages === undefined
        ? { name: site.name, origin: site.origin, status }
        : { name: site.name, origin: site.origin, status, pages };
    });
    return { name: org.name, status: worstPublicStatus(sites.map((s) => s.status)), sites };
  });
  const status = worstPublicStatus(organisations.map((o) => o.status));
  return { title: settings.title, status, organisations, announcements };
}

async function pagesOfScope(
  store: EstateStore,
  scope: readonly number[],
): Promise<Map<number, { url: string; status: ReturnType<typeof publicPageStatus> }[]>> {
  const bySite = new Map<number, { url: string; status: ReturnType<typeof publicPageStatus> }[]>();
  let after: OverviewCursor | undefined;
  for (;;) {
    const { pages } = await store.overview({ scope, limit: PAGE_BATCH, ...(after ? { after } : {}) });
    for (const p of pages.items) add(bySite, p);
    if (pages.next === null) break;
    after = pages.next;
  }
  for (const list of bySite.values()) list.sort((a, b) => a.url.localeCompare(b.url));
  return bySite;
}

function add(bySite: Map<number, { url: string; status: ReturnType<typeof publicPageStatus> }[]>, p: OverviewPage) {
  const list = bySite.get(p.siteId) ?? [];
  list.push({ url: p.url, status: publicPageStatus(p.status) });
  bySite.set(p.siteId, list);
}

/** Newest first; ties keep their configured order. Dates are validated ISO 8601 by the config schema. */
function sortAnnouncements(list: readonly PublicAnnouncement[]): PublicAnnouncement[] {
  return [...list].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
}
