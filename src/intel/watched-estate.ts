/** The estate as the threat watch sees it: organisations with their names, sectors and hosts. */
import { isIP } from 'node:net';
import type { WatchedOrganisation } from '../core/intel/index.ts';
import type { EstateStore } from '../store/types.ts';

/**
 * Every organisation with its aliases, the sectors its config declares (by slug) and its sites'
 * host names (without `www.`; IP addresses are not names anyone announces).
 */
export async function watchedEstate(
  store: EstateStore,
  sectorsBySlug: ReadonlyMap<string, readonly string[]>,
): Promise<WatchedOrganisation[]> {
  const [organisations, sites] = await Promise.all([store.listOrganisations(), store.listSites()]);
  return organisations.map((org) => ({
    id: org.id,
    name: org.name,
    aliases: org.aliases,
    sectors: sectorsBySlug.get(org.slug) ?? [],
    hosts: [
      ...new Set(
        sites
          .filter((s) => s.organisationId === org.id)
          .map((s) => new URL(s.origin).hostname.replace(/^www\./, ''))
          .filter((h) => isIP(h.replace(/^\[|\]$/g, '')) === 0),
      ),
    ],
  }));
}
