/** Table typings of migrations 0004 and 0011 (each page's render state), typed as store/tables.ts says. */
import type { EpochMs } from '../store/tables.ts';

export interface RenderStatesTable {
  page_id: number;
  baseline: string | null;
  rendered_at: EpochMs;
  verdict: string;
  reasons: string;
  pending: number;
  viewport_sha256: string | null;
  full_page_sha256: string | null;
  dom_sha256: string | null;
  diff_sha256: string | null;
  baseline_viewport_sha256: string | null;
}

export type RenderTables = { render_states: RenderStatesTable };
