/**
 * Check history rolled up (issue 18): check rows are folded into one row per page and hour and one
 * per page and day before retention deletes them, so uptime and response times stay known for years
 * while check rows are kept for days. Every column adds up (counts, sums, a maximum), so a bucket
 * folded in several passes is the same as one folded at once. Rows go with their page.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0015CheckRollups: Migration = {
  async up(db: AnyDb): Promise<void> {
    const int64 = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
    await db.schema
      .createTable('check_rollups')
      .addColumn('page_id', int64, (c) => c.notNull().references('pages.id').onDelete('cascade'))
      // 'hour' or 'day' (UTC).
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('bucket_start', int64, (c) => c.notNull())
      .addColumn('checks', 'integer', (c) => c.notNull())
      .addColumn('unchanged', 'integer', (c) => c.notNull())
      .addColumn('changed', 'integer', (c) => c.notNull())
      .addColumn('suspicious', 'integer', (c) => c.notNull())
      .addColumn('tampered', 'integer', (c) => c.notNull())
      .addColumn('down', 'integer', (c) => c.notNull())
      // Checks that received an HTTP response, and their durations (mean = sum / responses).
      .addColumn('responses', 'integer', (c) => c.notNull())
      .addColumn('response_ms_sum', int64, (c) => c.notNull())
      .addColumn('response_ms_max', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('check_rollups_pk', ['page_id', 'period', 'bucket_start'])
      .execute();
    // Retention deletes old buckets of one period across all pages.
    await db.schema.createIndex('check_rollups_age').on('check_rollups').columns(['period', 'bucket_start']).execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('check_rollups').execute();
  },
};
