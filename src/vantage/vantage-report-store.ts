/**
 * Each vantage's latest report on each page (table vantage_reports, migration 0020): what the alarm
 * confirmation reads. Over the shared handle, so SQLite and PostgreSQL alike.
 */
import type { VantageReport } from '../core/vantage.ts';
import type { VerdictKind } from '../core/verdict.ts';
import { Repository } from '../store/repository.ts';
import type { VantageTables } from './tables.ts';

export class VantageReportStore extends Repository<VantageTables> {
  /** Records `report` as its vantage's latest on the page, unless a later one is already stored. */
  record(pageId: number, report: VantageReport, checkedAt: number): Promise<void> {
    return this.run(async () => {
      const row = {
        page_id: pageId,
        vantage: report.vantage,
        checked_at: checkedAt,
        verdict: report.verdict,
        body_sha256: report.bodySha256,
      };
      // Reports arrive out of order from remote probes: an older one must not replace a newer one.
      await this.db
        .insertInto('vantage_reports')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['page_id', 'vantage'])
            .doUpdateSet({ checked_at: checkedAt, verdict: report.verdict, body_sha256: report.bodySha256 })
            .where('vantage_reports.checked_at', '<', checkedAt),
        )
        .execute();
    });
  }

  /** The latest report of each vantage on the page at or after `since` (older ones say nothing of now). */
  latest(pageId: number, since: number): Promise<VantageReport[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('vantage_reports')
        .select(['vantage', 'verdict', 'body_sha256'])
        .where('page_id', '=', pageId)
        .where('checked_at', '>=', since)
        .orderBy('vantage')
        .execute();
      return rows.map((r) => ({ vantage: r.vantage, verdict: r.verdict as VerdictKind, bodySha256: r.body_sha256 }));
    });
  }

  /** Every vantage's latest report on the page with its time (the dashboard's vantage agreement). */
  agreement(pageId: number): Promise<(VantageReport & { checkedAt: number })[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('vantage_reports')
        .select(['vantage', 'verdict', 'body_sha256', 'checked_at'])
        .where('page_id', '=', pageId)
        .orderBy('vantage')
        .execute();
      return rows.map((r) => ({
        vantage: r.vantage,
        verdict: r.verdict as VerdictKind,
        bodySha256: r.body_sha256,
        checkedAt: Number(r.checked_at),
      }));
    });
  }
}
