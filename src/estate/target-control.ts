/**
 * Pausing, resuming and removing watched pages ("targets"). Shared by the API and `mamori targets`;
 * a running watch learns of a change at once when it made it (API) and at its next estate refresh
 * otherwise (CLI, another process), and a check job for a page that is paused or gone does nothing.
 */
import { Repository } from '../store/repository.ts';
import type { TargetTables } from './tables.ts';

export interface PauseInfo {
  pageId: number;
  pausedAt: number;
  pausedBy: string | null;
}

/**
 * The one column of the incidents table a removal reads (its owner is incidents, above estate in the
 * layer map, so the typing is local and minimal).
 */
type IncidentStateTable = { incidents: { id: number; page_id: number | null; state: string } };

export class TargetControl extends Repository<TargetTables & IncidentStateTable> {
  /** Pauses a page; a page already paused keeps its first pause. False when the page does not exist. */
  pause(pageId: number, now: number, by: string | null): Promise<boolean> {
    return this.run(async () => {
      const page = await this.db.selectFrom('pages').select('id').where('id', '=', pageId).executeTakeFirst();
      if (!page) return false;
      await this.db
        .insertInto('paused_pages')
        .values({ page_id: pageId, paused_at: now, paused_by: by })
        .onConflict((oc) => oc.column('page_id').doNothing())
        .execute();
      return true;
    });
  }

  /** Resumes a page; false when it was not paused. */
  resume(pageId: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db.deleteFrom('paused_pages').where('page_id', '=', pageId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  pauseOf(pageId: number): Promise<PauseInfo | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('paused_pages').selectAll().where('page_id', '=', pageId).executeTakeFirst();
      return row ? { pageId: Number(row.page_id), pausedAt: Number(row.paused_at), pausedBy: row.paused_by } : null;
    });
  }

  /** Every paused page's id: the watch skips these when it (re)reads the estate. */
  pausedIds(): Promise<Set<number>> {
    return this.run(async () => {
      const rows = await this.db.selectFrom('paused_pages').select('page_id').execute();
      return new Set(rows.map((r) => Number(r.page_id)));
    });
  }

  /**
   * Deletes a page for good, with what hangs off it in the database (checks, render state, resolved
   * page incidents, pause). Bodies go with retention's blob sweep; the evidence ledger is append-only
   * and keeps its entries. Refused while the page has an open or acknowledged incident: that is
   * evidence of an ongoing case (pause the page instead, or close the incident first).
   */
  remove(pageId: number): Promise<'removed' | 'not-found' | 'active-incident'> {
    return this.run(async () => {
      const active = await this.db
        .selectFrom('incidents')
        .select('id')
        .where('page_id', '=', pageId)
        .where('state', 'in', ['open', 'acknowledged'])
        .executeTakeFirst();
      if (active) return 'active-incident';
      const r = await this.db.deleteFrom('pages').where('id', '=', pageId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0 ? 'removed' : 'not-found';
    });
  }
}
