/**
 * Evidence: the custody ledger (append-only, hash-chained), an index of the files each capture wrote,
 * and legal holds. Identity and 64-bit types branch per dialect as in 0001; the helper is repeated
 * rather than imported because a landed migration must never change under a later one.
 *
 * The ledger has no foreign keys on purpose: it must outlive the pages and checks it speaks of
 * (retention prunes checks; a page may be dropped from the watch), and nothing may cascade into it.
 */
import type { ColumnDataType, Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function int64(db: AnyDb): ColumnDataType {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
}

export const migration0003Evidence: Migration = {
  async up(db: AnyDb): Promise<void> {
    const big = int64(db);
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    // seq is assigned by the appender under a lock; as the primary key it also makes a fork (two
    // entries claiming one place in the chain) impossible even if the lock were bypassed.
    await db.schema
      .createTable('evidence_ledger')
      .addColumn('seq', big, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('recorded_at', big, (c) => c.notNull())
      .addColumn('page_id', big)
      .addColumn('check_id', big)
      .addColumn('url', 'text')
      .addColumn('observed_at', big)
      .addColumn('refers_to_seq', big)
      .addColumn('evidence_sha256', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
      .addColumn('entry_hash', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema
      .createIndex('evidence_ledger_page')
      .on('evidence_ledger')
      .columns(['page_id', 'observed_at'])
      .execute();
    await db.schema.createIndex('evidence_ledger_url').on('evidence_ledger').columns(['url', 'observed_at']).execute();
    await db.schema
      .createIndex('evidence_ledger_refers')
      .on('evidence_ledger')
      .columns(['refers_to_seq', 'kind'])
      .execute();
    await db.schema
      .createIndex('evidence_ledger_kind')
      .on('evidence_ledger')
      .columns(['kind', 'observed_at'])
      .execute();

    // Which files each capture wrote: retention asks "does a live capture still use this file?".
    await db.schema
      .createTable('evidence_files')
      .addColumn('ledger_seq', big, (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('evidence_files_pk', ['ledger_seq', 'sha256', 'role'])
      .execute();
    await db.schema.createIndex('evidence_files_sha256').on('evidence_files').columns(['sha256']).execute();

    await (
      pg
        ? db.schema
            .createTable('evidence_holds')
            .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        : db.schema.createTable('evidence_holds').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    )
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('page_id', big)
      .addColumn('from_at', big)
      .addColumn('to_at', big)
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addColumn('released_at', big)
      .execute();
    await db.schema
      .createIndex('evidence_holds_open')
      .on('evidence_holds')
      .columns(['released_at', 'page_id'])
      .execute();
  },
};
