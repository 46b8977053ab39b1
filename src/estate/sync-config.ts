import type { OrganisationConfig } from '../config/estate.ts';
import type { EstateStore } from '../store/types.ts';

export interface SyncSummary {
  organisations: number;
  sites: number;
  pagesAdded: number;
  pagesExisting: number;
}

/**
 * Make the store hold the estate declared in the config file. Additive: pages imported or added
 * through the API are never removed by a config that does not list them.
 */
export async function syncEstate(
  store: EstateStore,
  organisations: readonly OrganisationConfig[],
  now: number,
): Promise<SyncSummary> {
  const summary: SyncSummary = { organisations: 0, sites: 0, pagesAdded: 0, pagesExisting: 0 };
  for (const orgConfig of organisations) {
    const org = await store.upsertOrganisation(
      { slug: orgConfig.slug, name: orgConfig.name, aliases: [...orgConfig.aliases] },
      now,
    );
    summary.organisations += 1;
    for (const siteConfig of orgConfig.sites) {
      const site = await store.upsertSite(
        {
          organisationId: org.id,
          origin: siteConfig.origin,
          name: siteConfig.name,
          intervalSeconds: siteConfig.intervalSeconds,
        },
        now,
      );
      summary.sites += 1;
      for (const pageConfig of siteConfig.pages) {
        const own = pageConfig.intervalSeconds === siteConfig.intervalSeconds ? null : pageConfig.intervalSeconds;
        const { created } = await store.addPage(
          { siteId: site.id, url: pageConfig.url, source: 'declared', intervalSeconds: own },
          now,
        );
        if (created) summary.pagesAdded += 1;
        else summary.pagesExisting += 1;
      }
    }
  }
  return summary;
}
