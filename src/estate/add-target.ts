import type { Page, PageSource, EstateStore } from '../store/types.ts';
import { parseTarget } from './origin.ts';
import { credentialsProblem, redactUrl } from '../config/urls.ts';

export interface TargetRequest {
  url: string;
  /** The organisation the page belongs to; created (named after the slug) if it does not exist. */
  organisation: string;
  organisationName?: string;
  intervalSeconds?: number | null;
  source: PageSource;
}

export type TargetResult =
  { ok: true; page: Page; created: boolean; siteCreated: boolean } | { ok: false; message: string };

/**
 * Add one page to the estate: its site (by origin) and organisation are found or created.
 * An existing page is left as it is and reported as not created.
 */
export async function addTarget(store: EstateStore, request: TargetRequest, now: number): Promise<TargetResult> {
  // Every way in (API, import, discovery) passes here, so a URL with user:password@ is never stored.
  const credentials = credentialsProblem(request.url);
  if (credentials !== null) return { ok: false, message: credentials };
  const target = parseTarget(request.url);
  if (!target) return { ok: false, message: `not an absolute http(s) URL: ${redactUrl(request.url)}` };
  let site = await store.getSiteByOrigin(target.origin);
  let siteCreated = false;
  if (!site) {
    const orgs = await store.listOrganisations();
    const org =
      orgs.find((o) => o.slug === request.organisation) ??
      (await store.upsertOrganisation(
        { slug: request.organisation, name: request.organisationName ?? request.organisation },
        now,
      ));
    site = await store.upsertSite({ organisationId: org.id, origin: target.origin, name: target.host }, now);
    siteCreated = true;
  }
  const { page, created } = await store.addPage(
    { siteId: site.id, url: target.url, source: request.source, intervalSeconds: request.intervalSeconds ?? null },
    now,
  );
  return { ok: true, page, created, siteCreated };
}
