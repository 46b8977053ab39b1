/**
 * Site watches (issue 20): DNS, certificate, domain registration and security headers of each site.
 * `site_watch_state` is what each watch has learnt of a site (its baseline, as JSON) and the incident it
 * took part in; `site_watch_looks` is what the looks saw and found, one row per change (a look that saw the
 * same as the last moves its `last_at`): the history the API shows and the evidence behind an incident. Rows go with their site.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0017SiteWatch: Migration = {
  async up(db: AnyDb): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const int64 = pg ? 'bigint' : 'integer';
    await db.schema
      .createTable('site_watch_state')
      .addColumn('site_id', int64, (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('watch', 'text', (c) => c.notNull())
      .addColumn('baseline', 'text')
      .addColumn('incident_id', int64)
      .addColumn('fingerprint', 'text')
      .addColumn('healthy_streak', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('site_watch_state_pk', ['site_id', 'watch'])
      .execute();
    const looks = db.schema.createTable('site_watch_looks');
    await (
      pg
        ? looks.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        : looks.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    )
      .addColumn('site_id', int64, (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('watch', 'text', (c) => c.notNull())
      .addColumn('at', int64, (c) => c.notNull())
      // A look that saw exactly what the one before it saw only moves this forward: history is changes.
      .addColumn('last_at', int64, (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('snapshot', 'text')
      .addColumn('findings', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('error', 'text')
      .addColumn('incident_id', int64)
      .execute();
    await db.schema
      .createIndex('site_watch_looks_site_watch')
      .on('site_watch_looks')
      .columns(['site_id', 'watch', 'id'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('site_watch_looks').execute();
    await db.schema.dropTable('site_watch_state').execute();
  },
};
