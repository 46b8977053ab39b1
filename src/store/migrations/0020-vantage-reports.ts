/**
 * Several vantage points (issue 20): each vantage's latest report on each page, what `confirmAlarm`
 * (src/core/vantage.ts) weighs before a down or tampered verdict pages. One row per page and vantage,
 * replaced by the next report; rows go with their page.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0020VantageReports: Migration = {
  async up(db: AnyDb): Promise<void> {
    const int64 = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
    await db.schema
      .createTable('vantage_reports')
      .addColumn('page_id', int64, (c) => c.notNull().references('pages.id').onDelete('cascade'))
      .addColumn('vantage', 'text', (c) => c.notNull())
      .addColumn('checked_at', int64, (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('body_sha256', 'text')
      .addPrimaryKeyConstraint('vantage_reports_pk', ['page_id', 'vantage'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('vantage_reports').execute();
  },
};
