/**
 * Site-level discovery: the sitemaps Mamori re-reads per site, and what it found in them (pages that
 * should not exist). Identity and 64-bit types branch per dialect exactly as in 0001; the helper is
 * repeated here rather than imported because a landed migration must never change under a later one.
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
  // AUTOINCREMENT, as in 0001: ids are never reused after deletes.
  return { int64: 'integer', withId: (t) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) };
}

export const migration0002SiteFindings: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = typesFor(db);
    await t
      .withId(db.schema.createTable('site_sources'))
      .addColumn('site_id', t.int64, (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      // Only 'sitemap' today; plain text so a feed kind needs no table rebuild in SQLite.
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('sitemap'))
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('last_read_at', t.int64)
      .addUniqueConstraint('site_sources_site_id_url', ['site_id', 'url'])
      .execute();

    await t
      .withId(db.schema.createTable('site_findings'))
      .addColumn('site_id', t.int64, (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('resolved_at', t.int64)
      .execute();
    // (site_id, id) for the per-site listing, newest first, as pages_site_id does for pages.
    await db.schema.createIndex('site_findings_site_id').on('site_findings').columns(['site_id', 'id']).execute();
  },
};
