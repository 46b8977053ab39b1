/** Table typings of migration 0014 (paused pages), typed as store/tables.ts says. */
import type { EpochMs } from '../store/tables.ts';

export interface PausedPagesTable {
  page_id: number;
  paused_at: EpochMs;
  paused_by: string | null;
}

export type TargetTables = { paused_pages: PausedPagesTable };
