/**
 * Several vantage points (issue 20): confirmation jobs for the remote vantages (`mamori probe`) and
 * their leases. One row per job: which page a vantage is asked to look at, and, while a probe holds
 * it, the lease (a random id, the token that took it and when it lapses). A lapsed lease returns the
 * job to the pool; a done job keeps its row as the record of the confirmation asked.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0021VantageJobs: Migration = {
  async up(db: AnyDb): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const int64 = pg ? 'bigint' : 'integer';
    const jobs = db.schema.createTable('vantage_jobs');
    await (
      pg
        ? jobs.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        : jobs.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    )
      .addColumn('page_id', int64, (c) => c.notNull().references('pages.id').onDelete('cascade'))
      .addColumn('vantage', 'text', (c) => c.notNull())
      .addColumn('requested_at', int64, (c) => c.notNull())
      .addColumn('lease_id', 'text', (c) => c.unique())
      .addColumn('token_id', int64)
      .addColumn('leased_until', int64)
      .addColumn('done_at', int64)
      .execute();
    await db.schema.createIndex('vantage_jobs_open').on('vantage_jobs').columns(['vantage', 'done_at', 'id']).execute();
    await db.schema.createIndex('vantage_jobs_page').on('vantage_jobs').columns(['page_id', 'vantage']).execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('vantage_jobs').execute();
  },
};
