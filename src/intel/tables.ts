/** Table typings of migration 0008 (threats, their targets, claims), typed as store/tables.ts says. */
import type { EpochMs } from '../store/tables.ts';

export interface ThreatsTable {
  id: string;
  title: string;
  summary: string;
  source: string;
  source_url: string | null;
  published_at: EpochMs;
  created_at: EpochMs;
  watch_until: EpochMs;
  keywords: string;
  reasons: string;
}
export interface ThreatTargetsTable {
  threat_id: string;
  organisation_id: number;
  matched_by: string;
  term: string;
  watch_until: EpochMs;
}
export interface ClaimsTable {
  id: string;
  text: string;
  source: string;
  source_url: string | null;
  target_url: string | null;
  asserts: string;
  status: string;
  summary: string;
  organisation_id: number | null;
  site_id: number | null;
  threat_id: string | null;
  incident_id: number | null;
  check_ids: string;
  created_at: EpochMs;
  checked_at: EpochMs | null;
}
export type IntelTables = { threats: ThreatsTable; threat_targets: ThreatTargetsTable; claims: ClaimsTable };
