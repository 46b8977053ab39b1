/**
 * Incidents: what a person acts on. A page's verdicts open, update and close a page incident; the
 * page incidents of one site roll up into a site incident; related site incidents across sites and
 * organisations group into a campaign. Everything here is data: times come in as epoch milliseconds.
 */

export const INCIDENT_KINDS = ['tampered', 'suspicious', 'down', 'degraded'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** A page incident follows one page; a site incident gathers the page incidents of one site. */
export type IncidentScopeKind = 'page' | 'site';

/** How a closed incident ended: the page came back by itself, an analyst closed it, or it was never real. */
export type Resolution = 'restored' | 'resolved' | 'false_positive';

/** A false positive's baseline relearn waits for an analyst's approval; `null` when there is nothing to relearn. */
export type RelearnState = 'pending' | 'approved' | null;

export const INCIDENT_EVENT_TYPES = [
  'opened',
  'escalated',
  'changed',
  'recovering',
  'relapsed',
  'page-joined',
  'page-restored',
  'page-closed',
  'restored',
  'acknowledged',
  'resolved',
  'false-positive',
  'relearn-approved',
  'campaign-joined',
  'threat-linked',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** The states in which an incident still needs someone (or the page) to act. */
export const ACTIVE_STATES: ReadonlySet<IncidentState> = new Set(['open', 'acknowledged']);

export function isActive(state: IncidentState): boolean {
  return ACTIVE_STATES.has(state);
}

const SEVERITY_RANK: Record<IncidentSeverity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function severityRank(severity: IncidentSeverity): number {
  return SEVERITY_RANK[severity];
}

/** The more severe of two severities. */
export function maxSeverity(a: IncidentSeverity, b: IncidentSeverity): IncidentSeverity {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** What can be told about an incident from its reasons: used to group incidents into campaigns. */
export interface IncidentFeatures {
  /** Defacers' signatures: a phrase with the handle after it (`hacked by ghost team`), or the phrase alone. */
  signatures: string[];
  /** External hosts the tampering brought in (scripts, links, frames, redirect targets), without `www.`. */
  hosts: string[];
  /** Reason codes above `info`, sorted. */
  reasonCodes: string[];
}

/** An incident as the rollup needs to see it. */
export interface IncidentSnapshot extends IncidentFeatures {
  id: number;
  scope: IncidentScopeKind;
  state: IncidentState;
  kind: IncidentKind;
  /** The peak severity: it only ever rises while the incident is active. */
  severity: IncidentSeverity;
  /** `kind:code,code` of the latest problem check (page incidents). */
  fingerprint: string;
  /** Healthy checks in a row since the last problem check (page incidents). */
  healthyStreak: number;
  openedAt: number;
  lastSeenAt: number;
}

/** One timeline entry, before the store gives it an id. */
export interface IncidentEventDraft {
  type: IncidentEventType;
  at: number;
  checkId: number | null;
  pageId: number | null;
  /** One sentence for a person. */
  message: string;
  /** Kind and severity at the time of the event, and details that differ per type. */
  data: { kind: IncidentKind; severity: IncidentSeverity } & Record<string, unknown>;
  /** Whether channels are told (only site incidents notify: one message per site, not per page). */
  notify: boolean;
  /** Who did it, for analyst actions. */
  actor?: string | null;
}

/** A new incident, before the store gives it an id. */
export interface NewIncidentData extends IncidentFeatures {
  scope: IncidentScopeKind;
  organisationId: number;
  siteId: number;
  pageId: number | null;
  kind: IncidentKind;
  severity: IncidentSeverity;
  title: string;
  summary: string;
  fingerprint: string;
  openedAt: number;
  /** The check that opened it; null for a site watch's incident (DNS, certificate...), which no page check opened. */
  checkId: number | null;
}

/** Fields of a stored incident that a change may set. */
export interface IncidentPatch {
  state?: IncidentState;
  kind?: IncidentKind;
  severity?: IncidentSeverity;
  title?: string;
  summary?: string;
  fingerprint?: string;
  healthyStreak?: number;
  lastSeenAt?: number;
  lastCheckId?: number;
  acknowledgedAt?: number;
  resolvedAt?: number;
  resolution?: Resolution;
  relearn?: RelearnState;
  /** True while a false positive keeps silencing the same finding on its page. */
  suppressing?: boolean;
  signatures?: string[];
  hosts?: string[];
  reasonCodes?: string[];
}

export type IncidentChange =
  | { op: 'open'; incident: NewIncidentData; events: IncidentEventDraft[] }
  | { op: 'update'; id: number; patch: IncidentPatch; events: IncidentEventDraft[] };
