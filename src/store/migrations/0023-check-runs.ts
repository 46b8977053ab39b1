/**
 * Run-length records of identical checks (issue 21): a check that finds a page exactly as its last
 * check did (same outcome, verdict, status, body, reasons, address and redirects, within the same UTC
 * hour) extends that row instead of adding one. The row keeps its first check's `started_at` and
 * `duration_ms`; these columns say how many checks it stands for and when the last of them ran.
 * Existing rows each stand for one check, which the defaults and nulls say without touching them.
 */
import type { Kysely, Migration } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0023CheckRuns: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .alterTable('checks')
      .addColumn('seen_count', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    // Null while the row stands for one check: then the last sight is `started_at`, the sum and the
    // maximum are `duration_ms`. Set together by the one UPDATE that extends a row.
    await db.schema.alterTable('checks').addColumn('last_seen_at', 'bigint').execute();
    await db.schema.alterTable('checks').addColumn('duration_ms_sum', 'bigint').execute();
    await db.schema.alterTable('checks').addColumn('duration_ms_max', 'integer').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('checks').dropColumn('duration_ms_max').execute();
    await db.schema.alterTable('checks').dropColumn('duration_ms_sum').execute();
    await db.schema.alterTable('checks').dropColumn('last_seen_at').execute();
    await db.schema.alterTable('checks').dropColumn('seen_count').execute();
  },
};
