import type {
  IncidentEventType,
  IncidentKind,
  IncidentScopeKind,
  IncidentSeverity,
  IncidentState,
  RelearnState,
  Resolution,
} from './index.ts';

/** A stored incident, as the API and CLI show it. */
export interface Incident {
  id: number;
  scope: IncidentScopeKind;
  organisationId: number;
  siteId: number;
  pageId: number | null;
  parentId: number | null;
  campaignId: number | null;
  threatId: string | null;
  kind: IncidentKind;
  severity: IncidentSeverity;
  state: IncidentState;
  title: string;
  summary: string;
  fingerprint: string;
  healthyStreak: number;
  openedAt: number;
  lastSeenAt: number;
  firstCheckId: number | null;
  lastCheckId: number | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  resolution: Resolution | null;
  relearn: RelearnState;
  suppressing: boolean;
  signatures: string[];
  hosts: string[];
  reasonCodes: string[];
}

export interface IncidentEvent {
  id: number;
  incidentId: number;
  type: IncidentEventType;
  at: number;
  checkId: number | null;
  pageId: number | null;
  message: string;
  data: Record<string, unknown>;
  actor: string | null;
  notify: boolean;
}

export interface Campaign {
  id: number;
  title: string;
  keys: string[];
  createdAt: number;
  updatedAt: number;
}

export interface IncidentFilter {
  state?: IncidentState | 'active';
  scope?: IncidentScopeKind;
  organisationId?: number;
  /** Only these organisations (a caller's tenancy scope); an empty list matches nothing. */
  organisationIds?: readonly number[];
  siteId?: number;
  pageId?: number;
  campaignId?: number;
  severity?: IncidentSeverity;
  kind?: IncidentKind;
  limit: number;
  /** Keyset: only incidents with a smaller id (newest first). */
  beforeId?: number;
}
