/**
 * Run-length records of identical checks (migration 0023). Most checks of a watched estate find the
 * page as the last check did; adding a row for each (and its two index entries) was a fixed share of
 * an unchanged check's cost, and made the history mostly copies. Such a check extends its page's last
 * row instead: one UPDATE by primary key, which either counts the check or changes nothing, so a
 * process killed at any point loses no check and never half-records one.
 */
import { sql, type DatabaseConnection, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import { bucketStart } from './rollup-fold.ts';
import { runOn } from './held-connection.ts';
import { reusableQuery } from './reusable-query.ts';
import { extendsRun, runValues } from './row-mapping.ts';
import type { NewCheck } from './types.ts';

type RunQuery = ReturnType<typeof extendRunQuery>;

/**
 * The UPDATE that counts a check in its page's last row when that row says the same: same verdict,
 * outcome, HTTP status, body, reasons, redirects, address and charset, and the page still standing at
 * that verdict (an analyst's action in between starts a new row). A row never spans two UTC hours, so
 * hourly and daily history (rollup-fold.ts) place every check of a row in the bucket of its start.
 */
function extendRunQuery(db: Kysely<Database>) {
  return reusableQuery(
    12,
    (
      pageId: number,
      at: number,
      durationMs: number,
      verdict: string,
      outcome: string,
      httpStatus: number,
      sha: string,
      reasons: string,
      redirects: string,
      address: string,
      charset: string,
      hourStart: number,
    ) =>
      db
        .updateTable('checks')
        .set((eb) => ({
          seen_count: eb('seen_count', '+', 1),
          last_seen_at: at,
          duration_ms_sum: sql<number>`coalesce(duration_ms_sum, duration_ms) + ${durationMs}`,
          // Portable maximum of two values (SQLite's max() and PostgreSQL's greatest() differ).
          duration_ms_max: sql<number>`case when coalesce(duration_ms_max, duration_ms) > ${durationMs} then coalesce(duration_ms_max, duration_ms) else ${durationMs} end`,
        }))
        .where('id', '=', (eb) =>
          eb.selectFrom('pages').select('last_check_id').where('id', '=', pageId).where('status', '=', verdict),
        )
        .where('page_id', '=', pageId)
        .where('verdict', '=', verdict)
        .where('outcome', '=', outcome)
        .where('http_status', '=', httpStatus)
        .where('body_sha256', '=', sha)
        .where('reasons', '=', reasons)
        .where('redirects', '=', redirects)
        .where(sql<string>`coalesce(remote_address, '')`, '=', address)
        .where(sql<string>`coalesce(charset, '')`, '=', charset)
        // Within the hour of this check, and never a row that starts after it (a clock set back).
        .where('started_at', '>=', hourStart)
        .where('started_at', '<=', at)
        .returning(['id', 'seen_count']),
  );
}

/** Counts checks into their page's last row where they repeat it, on the caller's transaction's connection. */
export class CheckRuns {
  readonly #extend: RunQuery;

  constructor(db: Kysely<Database>) {
    this.#extend = extendRunQuery(db);
  }

  /** The row the check was counted in and its count now, or null when it needs a row of its own. */
  async extend(connection: DatabaseConnection, check: NewCheck): Promise<{ id: number; seenCount: number } | null> {
    if (!extendsRun(check)) return null;
    const values = runValues(check, bucketStart(check.startedAt, 'hour')) as Parameters<RunQuery>;
    const { rows } = await runOn(connection, this.#extend.withArgs(values));
    const row = rows[0];
    return row ? { id: Number(row.id), seenCount: Number(row.seen_count) } : null;
  }
}
