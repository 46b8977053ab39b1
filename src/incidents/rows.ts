/** Row ↔ domain mapping for the incident tables (64-bit ids come back as strings from pg: Number() them). */
import type { Selectable, Updateable } from 'kysely';
import type {
  IncidentChange,
  IncidentEventDraft,
  IncidentPatch,
  IncidentSnapshot,
  NewIncidentData,
} from '../core/incidents/index.ts';
import type { CampaignsTable, IncidentEventsTable, IncidentsTable } from './tables.ts';
import type { Campaign, Incident, IncidentEvent } from '../core/incidents/records.ts';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function strings(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toIncident(row: Selectable<IncidentsTable>): Incident {
  return {
    id: Number(row.id),
    scope: row.scope as Incident['scope'],
    organisationId: Number(row.organisation_id),
    siteId: Number(row.site_id),
    pageId: num(row.page_id),
    parentId: num(row.parent_id),
    campaignId: num(row.campaign_id),
    threatId: row.threat_id,
    kind: row.kind as Incident['kind'],
    severity: row.severity as Incident['severity'],
    state: row.state as Incident['state'],
    title: row.title,
    summary: row.summary,
    fingerprint: row.fingerprint,
    healthyStreak: Number(row.healthy_streak),
    openedAt: Number(row.opened_at),
    lastSeenAt: Number(row.last_seen_at),
    firstCheckId: num(row.first_check_id),
    lastCheckId: num(row.last_check_id),
    acknowledgedAt: num(row.acknowledged_at),
    resolvedAt: num(row.resolved_at),
    resolution: row.resolution as Incident['resolution'],
    relearn: row.relearn as Incident['relearn'],
    suppressing: Number(row.suppressing) === 1,
    signatures: strings(row.signatures),
    hosts: strings(row.hosts),
    reasonCodes: strings(row.reason_codes),
  };
}

export function toSnapshot(i: Incident): IncidentSnapshot {
  return {
    id: i.id,
    scope: i.scope,
    state: i.state,
    kind: i.kind,
    severity: i.severity,
    fingerprint: i.fingerprint,
    healthyStreak: i.healthyStreak,
    openedAt: i.openedAt,
    lastSeenAt: i.lastSeenAt,
    signatures: i.signatures,
    hosts: i.hosts,
    reasonCodes: i.reasonCodes,
  };
}

export function toEvent(row: Selectable<IncidentEventsTable>): IncidentEvent {
  return {
    id: Number(row.id),
    incidentId: Number(row.incident_id),
    type: row.type as IncidentEvent['type'],
    at: Number(row.at),
    checkId: num(row.check_id),
    pageId: num(row.page_id),
    message: row.message,
    data: JSON.parse(row.data) as Record<string, unknown>,
    actor: row.actor,
    notify: Number(row.notify) === 1,
  };
}

export function toCampaign(row: Selectable<CampaignsTable>): Campaign {
  return {
    id: Number(row.id),
    title: row.title,
    keys: strings(row.keys),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function newIncidentRow(data: NewIncidentData, parentId: number | null) {
  return {
    scope: data.scope,
    organisation_id: data.organisationId,
    site_id: data.siteId,
    page_id: data.pageId,
    parent_id: parentId,
    campaign_id: null,
    threat_id: null,
    kind: data.kind,
    severity: data.severity,
    state: 'open',
    title: data.title,
    summary: data.summary,
    fingerprint: data.fingerprint,
    healthy_streak: 0,
    opened_at: data.openedAt,
    last_seen_at: data.openedAt,
    first_check_id: data.checkId,
    last_check_id: data.checkId,
    acknowledged_at: null,
    resolved_at: null,
    resolution: null,
    relearn: null,
    suppressing: 0,
    signatures: JSON.stringify(data.signatures),
    hosts: JSON.stringify(data.hosts),
    reason_codes: JSON.stringify(data.reasonCodes),
  };
}

/** The columns a patch sets; keys it leaves out stay as they are. */
export function patchRow(patch: IncidentPatch): Updateable<IncidentsTable> {
  const row: Updateable<IncidentsTable> = {};
  const set = <K extends keyof Updateable<IncidentsTable>>(
    key: K,
    value: Updateable<IncidentsTable>[K] | undefined,
  ): void => {
    if (value !== undefined) row[key] = value;
  };
  set('state', patch.state);
  set('kind', patch.kind);
  set('severity', patch.severity);
  set('title', patch.title);
  set('summary', patch.summary);
  set('fingerprint', patch.fingerprint);
  set('healthy_streak', patch.healthyStreak);
  set('last_seen_at', patch.lastSeenAt);
  set('last_check_id', patch.lastCheckId);
  set('acknowledged_at', patch.acknowledgedAt);
  set('resolved_at', patch.resolvedAt);
  set('resolution', patch.resolution);
  set('relearn', patch.relearn);
  if (patch.suppressing !== undefined) row.suppressing = patch.suppressing ? 1 : 0;
  if (patch.signatures) row.signatures = JSON.stringify(patch.signatures);
  if (patch.hosts) row.hosts = JSON.stringify(patch.hosts);
  if (patch.reasonCodes) row.reason_codes = JSON.stringify(patch.reasonCodes);
  return row;
}

export function eventRow(incidentId: number, e: IncidentEventDraft) {
  return {
    incident_id: incidentId,
    type: e.type,
    at: e.at,
    check_id: e.checkId,
    page_id: e.pageId,
    message: e.message,
    data: JSON.stringify(e.data),
    actor: e.actor ?? null,
    notify: e.notify ? 1 : 0,
  };
}

export type { IncidentChange };
