/**
 * Export by incident: an incident's pages and time window, read from the incident store. A site
 * incident covers the pages of its page incidents; an incident still open runs until now.
 */
import type { Incident } from '../core/incidents/records.ts';
import type { EvidenceHold, IncidentScope, IncidentWindow } from './types.ts';

export interface IncidentLookup {
  get(id: number): Promise<Incident | null>;
  children(siteIncidentId: number): Promise<Incident[]>;
}

export function incidentScopeOf(incidents: IncidentLookup, now: () => number): IncidentScope {
  return {
    async get(id: string): Promise<IncidentWindow | null> {
      if (!/^\d{1,15}$/.test(id)) return null;
      const incident = await incidents.get(Number(id));
      if (!incident) return null;
      const members = incident.scope === 'site' ? await incidents.children(incident.id) : [incident];
      const pageIds = [...new Set(members.map((m) => m.pageId).filter((p): p is number => p !== null))];
      return { id: String(incident.id), pageIds, from: incident.openedAt, to: incident.resolvedAt ?? now() };
    },
  };
}

/**
 * Open incidents as holds for retention: all of their page's evidence, the captures from before the
 * incident included (they show what the page looked like), is kept until the incident closes.
 */
export function incidentHolds(active: readonly Incident[]): EvidenceHold[] {
  return active
    .filter((i) => i.pageId !== null)
    .map((i) => ({
      id: -i.id,
      subject: `incident:${i.id}`,
      pageId: i.pageId,
      from: null,
      to: null,
      reason: `open incident ${i.id}`,
      createdAt: i.openedAt,
      releasedAt: null,
    }));
}

/** Every active incident, page by page of the store's keyset listing. */
export async function activeIncidents(
  list: (filter: { state: 'active'; limit: number; beforeId?: number }) => Promise<Incident[]>,
): Promise<Incident[]> {
  const all: Incident[] = [];
  for (let beforeId: number | undefined; ;) {
    const page = await list({ state: 'active', limit: 500, ...(beforeId === undefined ? {} : { beforeId }) });
    all.push(...page);
    if (page.length < 500) return all;
    beforeId = page[page.length - 1]!.id;
  }
}
