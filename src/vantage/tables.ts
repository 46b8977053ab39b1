/** Table typing of migration 0020 (each vantage's latest report per page), typed as store/tables.ts says. */
import type { Generated } from 'kysely';
import type { EpochMs } from '../store/tables.ts';

export interface VantageReportsTable {
  page_id: number;
  vantage: string;
  checked_at: EpochMs;
  verdict: string;
  body_sha256: string | null;
}

export type VantageTables = { vantage_reports: VantageReportsTable };

/** Table typing of migration 0021: confirmation jobs for remote vantages and their leases. */
export interface VantageJobsTable {
  id: Generated<number>;
  page_id: number;
  vantage: string;
  requested_at: EpochMs;
  lease_id: string | null;
  token_id: number | null;
  leased_until: EpochMs | null;
  done_at: EpochMs | null;
}

export type VantageJobTables = { vantage_jobs: VantageJobsTable };
