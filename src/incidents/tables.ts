/**
 * Table typings of migration 0005 (incidents, timelines, campaigns; the notification outbox's typing is
 * alert's, joined here because an incident and its notifications are written in one transaction). Kept beside the stores that use them, typed as store/tables.ts
 * says, so the estate's typings do not grow with every later stage.
 */
import type { Generated } from 'kysely';
import type { EpochMs } from '../store/tables.ts';
import type { NotificationOutboxTable } from '../alert/outbox-table.ts';

export interface CampaignsTable {
  id: Generated<number>;
  title: string;
  /** JSON string[]. */
  keys: string;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface IncidentsTable {
  id: Generated<number>;
  scope: string;
  organisation_id: number;
  site_id: number;
  page_id: number | null;
  parent_id: number | null;
  campaign_id: number | null;
  threat_id: string | null;
  kind: string;
  severity: string;
  state: string;
  title: string;
  summary: string;
  fingerprint: string;
  healthy_streak: number;
  opened_at: EpochMs;
  last_seen_at: EpochMs;
  first_check_id: number | null;
  last_check_id: number | null;
  acknowledged_at: EpochMs | null;
  resolved_at: EpochMs | null;
  resolution: string | null;
  relearn: string | null;
  suppressing: number;
  /** JSON string[]. */
  signatures: string;
  hosts: string;
  reason_codes: string;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  type: string;
  at: EpochMs;
  check_id: number | null;
  page_id: number | null;
  message: string;
  /** JSON object. */
  data: string;
  actor: string | null;
  notify: number;
}

// A type alias, not an interface: withTables wants an indexable record.
export type IncidentTables = {
  campaigns: CampaignsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  notification_outbox: NotificationOutboxTable;
};
