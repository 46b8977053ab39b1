/**
 * One export as a STIX 2.1 bundle: every object once, linked by relationships. Claims and the
 * observations that verified them stay separate objects; a `related-to` relationship joins them and
 * says whether the check confirmed or refuted the claim.
 */
import {
  campaignObject,
  claimNote,
  incidentObject,
  injectedHostIndicator,
  mamoriIdentity,
  observation,
  organisationIdentity,
  relationship,
  signatureIndicator,
  threatReport,
} from './builders.ts';
import { stixId } from './ids.ts';
import { INCIDENT_CORE_DEFINITION } from './incident-core.ts';
import type { ExportInput, StixBundle, StixObject } from './types.ts';

class Collector {
  readonly objects = new Map<string, StixObject>();
  add(...objects: StixObject[]): void {
    for (const o of objects) if (!this.objects.has(o.id)) this.objects.set(o.id, o);
  }
  rel(type: string, source: string, target: string, at: number, description?: string): void {
    if (this.objects.has(source) && this.objects.has(target))
      this.add(relationship(type, source, target, at, description));
  }
}

const orgRef = (id: number): string => stixId('identity', `organisation:${id}`);
const incidentRef = (id: number): string => stixId('incident', `incident:${id}`);
const campaignRef = (id: number): string => stixId('campaign', `campaign:${id}`);
const checkRef = (id: number): string => stixId('observed-data', `check:${id}`);

function addIncidents(c: Collector, input: ExportInput): void {
  // The definition of the extension every incident carries, for consumers that do not know it yet.
  if (input.incidents.length > 0) c.add(INCIDENT_CORE_DEFINITION);
  for (const i of input.incidents) {
    c.add(incidentObject(i));
    c.rel(
      'related-to',
      incidentRef(i.id),
      orgRef(i.organisationId),
      i.openedAt,
      'the organisation whose site is affected',
    );
    if (i.campaignId !== null)
      c.rel('related-to', incidentRef(i.id), campaignRef(i.campaignId), i.openedAt, 'part of this campaign');
    for (const host of i.hosts) {
      const indicator = injectedHostIndicator(host, i.openedAt);
      c.add(indicator);
      c.rel('related-to', indicator.id, incidentRef(i.id), i.openedAt, 'injected origin seen in this incident');
      if (i.campaignId !== null) c.rel('indicates', indicator.id, campaignRef(i.campaignId), i.openedAt);
    }
    for (const sig of i.signatures) {
      const indicator = signatureIndicator(sig, i.openedAt);
      c.add(indicator);
      c.rel('related-to', indicator.id, incidentRef(i.id), i.openedAt, 'defacer signature seen in this incident');
      if (i.campaignId !== null) c.rel('indicates', indicator.id, campaignRef(i.campaignId), i.openedAt);
    }
  }
}

function addIntel(c: Collector, input: ExportInput): void {
  for (const t of input.threats) {
    const refs = t.organisationIds.map(orgRef).filter((r) => c.objects.has(r));
    c.add(threatReport(t, refs));
  }
  for (const claim of input.claims) {
    const refs = [
      ...(claim.organisationId !== null ? [orgRef(claim.organisationId)] : []),
      ...(claim.incidentId !== null ? [incidentRef(claim.incidentId)] : []),
    ].filter((r) => c.objects.has(r));
    const note = claimNote(claim, refs);
    c.add(note);
    const at = claim.checkedAt ?? claim.createdAt;
    for (const checkId of claim.checkIds)
      c.rel('related-to', note.id, checkRef(checkId), at, `claim ${claim.status} by this check`);
    if (claim.incidentId !== null)
      c.rel(
        'related-to',
        note.id,
        incidentRef(claim.incidentId),
        at,
        `claim ${claim.status}: confirmed by this incident`,
      );
    if (claim.threatId !== null)
      c.rel('related-to', note.id, stixId('report', `threat:${claim.threatId}`), at, 'claim made in this threat');
  }
}

/** The bundle for one export; its id is fixed by the scope key (an incident, a campaign, a window). */
export function buildBundle(input: ExportInput, scopeKey: string): StixBundle {
  const c = new Collector();
  c.add(mamoriIdentity());
  for (const o of input.organisations) c.add(organisationIdentity(o));
  for (const k of input.campaigns) {
    c.add(campaignObject(k));
  }
  addIncidents(c, input);
  for (const k of input.campaigns) {
    for (const i of input.incidents)
      if (i.campaignId === k.id) c.rel('targets', campaignRef(k.id), orgRef(i.organisationId), k.createdAt);
  }
  for (const o of input.observations) {
    c.add(...observation(o));
    for (const incidentId of o.incidentIds)
      c.rel('related-to', checkRef(o.checkId), incidentRef(incidentId), o.at, 'the check that saw it');
  }
  addIntel(c, input);
  return { type: 'bundle', id: stixId('bundle', scopeKey), objects: [...c.objects.values()] };
}
