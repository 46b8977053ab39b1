/**
 * Reads the rows one STIX export covers (an incident, a campaign, or incidents opened in a time
 * window) and hands them to the pure builders. Threats and claims come from an optional source, so
 * the intel stage can plug its stores in without this module depending on them.
 */
import type { Incident } from '../../core/incidents/records.ts';
import type { IncidentStore } from '../../incidents/incident-store.ts';
import type { Check, EstateStore } from '../../store/types.ts';
import { buildBundle } from './bundle.ts';
import type {
  CampaignInput,
  ClaimInput,
  ExportInput,
  IncidentInput,
  ObservationInput,
  OrganisationInput,
  StixBundle,
  ThreatInput,
} from './types.ts';

export type StixScope =
  | { kind: 'incident'; incidentId: number }
  | { kind: 'campaign'; campaignId: number }
  | { kind: 'window'; from: number; to: number };

/** Threats and claims for the incidents of an export (src/intel supplies one once it lands). */
export interface IntelSource {
  /** Claims about these incidents or made in the window, and the threats they (and `threatIds`) name. */
  forIncidents(
    incidentIds: number[],
    window: { from: number; to: number },
    threatIds: string[],
  ): Promise<{ threats: ThreatInput[]; claims: ClaimInput[] }>;
}

export class StixNotFoundError extends Error {}

/** Most incidents one window export reads; a wider window should be split. */
export const MAX_WINDOW_INCIDENTS = 5_000;

export class StixExportService {
  constructor(private readonly deps: { store: EstateStore; incidents: IncidentStore; intel?: IntelSource }) {}

  /**
   * `organisationIds` limits the export to a caller's organisations: other incidents are left out,
   * an incident or campaign with none left is not found, and CSIRT-wide threats and claims are omitted.
   */
  async export(scope: StixScope, organisationIds?: readonly number[]): Promise<StixBundle> {
    return buildBundle(await this.input(scope, organisationIds), scopeKey(scope));
  }

  /** The rows of one export, as the builders take them (MISP and TheHive exports read the same rows). */
  async input(scope: StixScope, organisationIds?: readonly number[]): Promise<ExportInput> {
    let incidents = await this.incidentsOf(scope);
    if (organisationIds !== undefined) {
      const total = incidents.length;
      incidents = incidents.filter((i) => organisationIds.includes(i.organisationId));
      if (scope.kind !== 'window' && total > 0 && incidents.length === 0)
        throw new StixNotFoundError(
          `no ${scope.kind} ${scope.kind === 'incident' ? scope.incidentId : scope.campaignId}`,
        );
    }
    return this.inputFor(incidents, scope, organisationIds === undefined);
  }

  private async incidentsOf(scope: StixScope): Promise<Incident[]> {
    const { incidents } = this.deps;
    if (scope.kind === 'incident') {
      const incident = await incidents.get(scope.incidentId);
      if (!incident) throw new StixNotFoundError(`no incident ${scope.incidentId}: list them with GET /api/incidents`);
      return incident.scope === 'site' ? [incident, ...(await incidents.children(incident.id))] : [incident];
    }
    if (scope.kind === 'campaign') {
      if (!(await incidents.getCampaign(scope.campaignId)))
        throw new StixNotFoundError(`no campaign ${scope.campaignId}: list them with GET /api/campaigns`);
      return incidents.list({ campaignId: scope.campaignId, limit: MAX_WINDOW_INCIDENTS });
    }
    const all = await incidents.list({ limit: MAX_WINDOW_INCIDENTS });
    return all.filter((i) => i.openedAt <= scope.to && i.lastSeenAt >= scope.from);
  }

  private async inputFor(incidents: Incident[], scope: StixScope, withIntel: boolean): Promise<ExportInput> {
    const { store } = this.deps;
    const orgIds = [...new Set(incidents.map((i) => i.organisationId))];
    const organisations: OrganisationInput[] = [];
    for (const id of orgIds) {
      const org = await store.getOrganisation(id);
      if (org)
        organisations.push({
          id: org.id,
          slug: org.slug,
          name: org.name,
          aliases: org.aliases,
          createdAt: org.createdAt,
        });
    }
    const campaigns = await this.campaignsOf(incidents);
    const incidentInputs: IncidentInput[] = [];
    for (const i of incidents) incidentInputs.push(await this.incidentInput(i));
    const observations = await this.observationsOf(incidents, incidentInputs);
    const window = scope.kind === 'window' ? scope : spanOf(incidents);
    const intel =
      this.deps.intel && withIntel
        ? await this.deps.intel.forIncidents(
            incidents.map((i) => i.id),
            window,
            [...new Set(incidents.flatMap((i) => (i.threatId !== null ? [i.threatId] : [])))],
          )
        : { threats: [], claims: [] };
    return {
      organisations,
      incidents: incidentInputs,
      campaigns,
      observations: [...observations, ...(await this.claimObservations(intel.claims, observations))],
      ...intel,
    };
  }

  /** The checks that answered the claims, as observations of their own, so each claim links to what was seen. */
  private async claimObservations(
    claims: readonly { checkIds: number[]; incidentId: number | null }[],
    have: readonly ObservationInput[],
  ): Promise<ObservationInput[]> {
    const seen = new Set(have.map((o) => o.checkId));
    const out: ObservationInput[] = [];
    for (const claim of claims) {
      for (const checkId of claim.checkIds) {
        if (seen.has(checkId)) continue;
        seen.add(checkId);
        const check = await this.deps.store.getCheck(checkId);
        if (!check) continue; // pruned by retention
        const page = await this.deps.store.getPage(check.pageId);
        out.push(observationInput(check, page?.url ?? '', claim.incidentId !== null ? [claim.incidentId] : []));
      }
    }
    return out;
  }

  private async campaignsOf(incidents: Incident[]): Promise<CampaignInput[]> {
    const out: CampaignInput[] = [];
    for (const id of new Set(incidents.flatMap((i) => (i.campaignId !== null ? [i.campaignId] : [])))) {
      const c = await this.deps.incidents.getCampaign(id);
      if (c) out.push({ id: c.id, title: c.title, keys: c.keys, createdAt: c.createdAt, updatedAt: c.updatedAt });
    }
    return out;
  }

  private async incidentInput(i: Incident): Promise<IncidentInput> {
    const page = i.pageId !== null ? await this.deps.store.getPage(i.pageId) : null;
    const site = page ? null : await this.deps.store.getSite(i.siteId);
    return {
      id: i.id,
      scope: i.scope,
      organisationId: i.organisationId,
      campaignId: i.campaignId,
      kind: i.kind,
      severity: i.severity,
      state: i.state,
      resolution: i.resolution,
      title: i.title,
      summary: i.summary,
      openedAt: i.openedAt,
      lastSeenAt: i.lastSeenAt,
      signatures: i.signatures,
      hosts: i.hosts,
      reasonCodes: i.reasonCodes,
      url: page?.url ?? site?.origin ?? '',
    };
  }

  /** The checks that saw something: those on each incident's timeline, first and last included. */
  private async observationsOf(incidents: Incident[], inputs: IncidentInput[]): Promise<ObservationInput[]> {
    const byCheck = new Map<number, Set<number>>();
    const note = (checkId: number | null, incidentId: number): void => {
      if (checkId === null) return;
      const set = byCheck.get(checkId) ?? new Set<number>();
      set.add(incidentId);
      byCheck.set(checkId, set);
    };
    for (const i of incidents) {
      note(i.firstCheckId, i.id);
      note(i.lastCheckId, i.id);
      for (const e of await this.deps.incidents.events(i.id)) note(e.checkId, i.id);
    }
    const urls = new Map(inputs.map((i) => [i.id, i.url]));
    const out: ObservationInput[] = [];
    for (const [checkId, ids] of [...byCheck].sort((a, b) => a[0] - b[0])) {
      const check = await this.deps.store.getCheck(checkId);
      if (!check) continue; // pruned by retention
      const page = await this.deps.store.getPage(check.pageId);
      out.push(observationInput(check, page?.url ?? urls.get([...ids][0]!) ?? '', [...ids]));
    }
    return out;
  }
}

function observationInput(check: Check, url: string, incidentIds: number[]): ObservationInput {
  return {
    checkId: check.id,
    url,
    at: check.startedAt,
    seenCount: check.seenCount,
    lastSeenAt: check.lastSeenAt,
    verdict: check.verdict,
    outcome: check.outcome,
    httpStatus: check.httpStatus,
    remoteAddress: check.remoteAddress,
    bodySha256: check.bodySha256,
    bodyBytes: check.bodyBytes,
    contentType: check.headers['content-type'] ?? null,
    reasons: check.reasons.map((r) => ({ code: r.code, message: r.message })),
    incidentIds,
  };
}

function spanOf(incidents: Incident[]): { from: number; to: number } {
  if (incidents.length === 0) return { from: 0, to: 0 };
  return { from: Math.min(...incidents.map((i) => i.openedAt)), to: Math.max(...incidents.map((i) => i.lastSeenAt)) };
}

export function scopeKey(scope: StixScope): string {
  if (scope.kind === 'incident') return `incident:${scope.incidentId}`;
  if (scope.kind === 'campaign') return `campaign:${scope.campaignId}`;
  return `window:${scope.from}-${scope.to}`;
}
