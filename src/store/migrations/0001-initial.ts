/**
 * The initial schema. Never edit a landed migration: add a new numbered file instead.
 *
 * Both dialects get the same tables; only the identity and 64-bit integer types differ. Times are
 * epoch milliseconds (64-bit). JSON lives in text columns, parsed at the store boundary, so the
 * schema is identical in SQLite and PostgreSQL. Enumerations (status, outcome, verdict) are plain
 * text without CHECK constraints: adding a value must not need a table rebuild in SQLite.
 */
import type { ColumnDataType, CreateTableBuilder, Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface Types {
  int64: ColumnDataType;
  withId: <T extends string>(table: CreateTableBuilder<T>) => CreateTableBuilder<T>;
}

function typesFor(db: AnyDb): Types {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return {
      int64: 'bigint',
      withId: (t) => t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
    };
  }
  // AUTOINCREMENT: ids are never reused after pruning deletes the newest rows, so keyset cursors
  // and last_check_id can't silently point at a different row.
  return { int64: 'integer', withId: (t) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) };
}

async function createOrganisationsAndSites(db: AnyDb, t: Types): Promise<void> {
  await t
    .withId(db.schema.createTable('organisations'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();

  await t
    .withId(db.schema.createTable('sites'))
    .addColumn('organisation_id', t.int64, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('origin', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sites_organisation_id').on('sites').columns(['organisation_id', 'id']).execute();
}

async function createPages(db: AnyDb, t: Types): Promise<void> {
  await t
    .withId(db.schema.createTable('pages'))
    .addColumn('site_id', t.int64, (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    // No foreign key: checks reference pages, and a cycle would complicate deletes for no gain.
    .addColumn('last_check_id', t.int64)
    .addColumn('last_checked_at', t.int64)
    .addColumn('last_body_sha256', 'text')
    .addColumn('baseline', 'text')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  // (x, id) so filtered keyset pagination (`where x = ? and id > ? order by id`) is an index range scan.
  await db.schema.createIndex('pages_site_id').on('pages').columns(['site_id', 'id']).execute();
  await db.schema.createIndex('pages_status').on('pages').columns(['status', 'id']).execute();
}

async function createChecks(db: AnyDb, t: Types): Promise<void> {
  await t
    .withId(db.schema.createTable('checks'))
    .addColumn('page_id', t.int64, (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('started_at', t.int64, (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('redirects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('body_bytes', t.int64)
    .addColumn('body_sha256', 'text')
    .addColumn('body_kept', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('charset', 'text')
    .addColumn('remote_address', 'text')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('checks_page_id_id').on('checks').columns(['page_id', 'id desc']).execute();
  // Blob garbage collection asks "does any check still keep this body?" across all pages.
  await db.schema.createIndex('checks_body_sha256').on('checks').columns(['body_sha256', 'body_kept']).execute();
}

export const migration0001Initial: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = typesFor(db);
    await createOrganisationsAndSites(db, t);
    await createPages(db, t);
    await createChecks(db, t);
  },
};
