import { describe, expect, it } from 'vitest';
import type { Incident } from '../core/incidents/records.ts';
import { activeIncidents, incidentHolds, incidentScopeOf } from './incident-scope.ts';

function incident(over: Partial<Incident>): Incident {
  return {
    id: 1,
    scope: 'page',
    organisationId: 1,
    siteId: 1,
    pageId: 5,
    parentId: null,
    campaignId: null,
    threatId: null,
    kind: 'defacement',
    severity: 'high',
    state: 'open',
    title: 't',
    summary: 's',
    fingerprint: 'f',
    healthyStreak: 0,
    openedAt: 1000,
    lastSeenAt: 2000,
    firstCheckId: 1,
    lastCheckId: 2,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    relearn: 'none',
    suppressing: false,
    signatures: [],
    hosts: [],
    reasonCodes: [],
    ...over,
  } as Incident;
}

describe('incidentScopeOf', () => {
  const site = incident({ id: 10, scope: 'site', pageId: null, openedAt: 500, resolvedAt: 9000 });
  const lookup = {
    get: (id: number) => Promise.resolve(id === 1 ? incident({}) : id === 10 ? site : null),
    children: (id: number) =>
      Promise.resolve(
        id === 10
          ? [incident({ id: 11, pageId: 7 }), incident({ id: 12, pageId: 8 }), incident({ id: 13, pageId: 7 })]
          : [],
      ),
  };
  const scope = incidentScopeOf(lookup, () => 5000);

  it("gives a page incident's page and window, open ones running until now", async () => {
    expect(await scope.get('1')).toEqual({ id: '1', pageIds: [5], from: 1000, to: 5000 });
  });

  it("gives a site incident's pages from its page incidents", async () => {
    expect(await scope.get('10')).toEqual({ id: '10', pageIds: [7, 8], from: 500, to: 9000 });
  });

  it('knows no incident for an unknown or malformed id', async () => {
    expect(await scope.get('2')).toBeNull();
    expect(await scope.get('1; drop table')).toBeNull();
  });
});

describe('incidentHolds and activeIncidents', () => {
  it('holds all evidence of the page of each open page incident', () => {
    expect(incidentHolds([incident({ id: 3, pageId: 9 }), incident({ id: 4, scope: 'site', pageId: null })])).toEqual([
      expect.objectContaining({ subject: 'incident:3', pageId: 9, from: null, to: null, releasedAt: null }),
    ]);
  });

  it('walks every page of the listing', async () => {
    const all = Array.from({ length: 1201 }, (_, i) => incident({ id: 1201 - i }));
    const list = (f: { limit: number; beforeId?: number }) =>
      Promise.resolve(all.filter((i) => f.beforeId === undefined || i.id < f.beforeId).slice(0, f.limit));
    expect((await activeIncidents(list)).map((i) => i.id)).toEqual(all.map((i) => i.id));
  });
});
