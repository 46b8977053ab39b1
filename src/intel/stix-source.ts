/** Threats and claims as the STIX export wants them (src/interop/stix). */
import type { IntelSource } from '../interop/stix/export-service.ts';
import type { ClaimInput, ThreatInput } from '../interop/stix/types.ts';
import type { IntelStore } from './intel-store.ts';
import type { Claim, Threat } from './types.ts';

const threatInput = (t: Threat): ThreatInput => ({
  id: t.id,
  title: t.title,
  summary: t.summary,
  source: t.source,
  sourceUrl: t.sourceUrl,
  publishedAt: t.publishedAt,
  createdAt: t.createdAt,
  updatedAt: t.createdAt,
  organisationIds: t.targets.map((x) => x.organisationId),
  keywords: t.keywords,
});

const claimInput = (c: Claim): ClaimInput => ({
  id: c.id,
  text: c.text,
  source: c.source,
  targetUrl: c.targetUrl ?? '',
  status: c.status,
  createdAt: c.createdAt,
  checkedAt: c.checkedAt,
  checkIds: c.checkIds,
  incidentId: c.incidentId,
  organisationId: c.organisationId,
  threatId: c.threatId,
});

/**
 * For the incidents exported: the claims about them or made in the window, and the threats those
 * incidents and claims name.
 */
export function intelSource(store: IntelStore): IntelSource {
  return {
    async forIncidents(incidentIds, window, threatIds) {
      const claims = await store.claimsFor(incidentIds, window, threatIds);
      const ids = [
        ...new Set([...threatIds, ...claims.map((c) => c.threatId).filter((id): id is string => id !== null)]),
      ];
      return { threats: (await store.getThreats(ids)).map(threatInput), claims: claims.map(claimInput) };
    },
  };
}
