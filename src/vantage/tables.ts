/** Table typing of migration 0020 (each vantage's latest report per page), typed as store/tables.ts says. */
import type { EpochMs } from '../store/tables.ts';

export interface VantageReportsTable {
  page_id: number;
  vantage: string;
  checked_at: EpochMs;
  verdict: string;
  body_sha256: string | null;
}

export type VantageTables = { vantage_reports: VantageReportsTable };
