import type { EstateStore } from '../store/types.ts';
import type { Incident } from '../core/incidents/records.ts';

/** An incident with the names a person reads it by. */
export interface IncidentWithPlace {
  incident: Incident;
  /** The page's URL, or for a site incident the site's name and origin. */
  where: string;
  organisation: string;
}

/** Names each incident's organisation and place, for listings (`mamori incidents`, the demo). */
export async function describeIncidents(
  store: EstateStore,
  incidents: readonly Incident[],
): Promise<IncidentWithPlace[]> {
  const orgs = new Map((await store.listOrganisations()).map((o) => [o.id, o.name]));
  const rows: IncidentWithPlace[] = [];
  for (const incident of incidents) {
    const site = await store.getSite(incident.siteId);
    const page = incident.pageId === null ? null : await store.getPage(incident.pageId);
    rows.push({
      incident,
      organisation: orgs.get(incident.organisationId) ?? '',
      where: page ? page.url : `${site?.name ?? ''} (${site?.origin ?? ''})`,
    });
  }
  return rows;
}
