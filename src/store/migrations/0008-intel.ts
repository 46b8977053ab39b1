/**
 * Threats and claims (issue 6). A threat is an announcement that named the estate; its targets are
 * rows of their own so "is this organisation on heightened watch now" is one indexed read. Numbered
 * 0008: 0006 was reserved for this work but 0007 landed first, and migrations only run in order.
 */
import type { ColumnDataType, Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function int64(db: AnyDb): ColumnDataType {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
}

export const migration0008Intel: Migration = {
  async up(db: AnyDb): Promise<void> {
    const big = int64(db);
    await db.schema
      .createTable('threats')
      // Derived from the source and the item's own id (or its text), so a feed read twice adds nothing.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_url', 'text')
      .addColumn('published_at', big, (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addColumn('watch_until', big, (c) => c.notNull())
      .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema.createIndex('threats_created_idx').on('threats').column('created_at').execute();
    await db.schema
      .createTable('threat_targets')
      .addColumn('threat_id', 'text', (c) => c.notNull().references('threats.id').onDelete('cascade'))
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('matched_by', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('watch_until', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('threat_targets_pk', ['threat_id', 'organisation_id'])
      .execute();
    await db.schema
      .createIndex('threat_targets_org_idx')
      .on('threat_targets')
      .columns(['organisation_id', 'watch_until'])
      .execute();
    await db.schema
      .createTable('claims')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_url', 'text')
      .addColumn('target_url', 'text')
      .addColumn('asserts', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('organisation_id', big, (c) => c.references('organisations.id').onDelete('set null'))
      .addColumn('site_id', big)
      .addColumn('threat_id', 'text')
      .addColumn('incident_id', big)
      .addColumn('check_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', big, (c) => c.notNull())
      .addColumn('checked_at', big)
      .execute();
    await db.schema.createIndex('claims_created_idx').on('claims').column('created_at').execute();
    await db.schema.createIndex('claims_org_idx').on('claims').column('organisation_id').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('claims').execute();
    await db.schema.dropTable('threat_targets').execute();
    await db.schema.dropTable('threats').execute();
  },
};
