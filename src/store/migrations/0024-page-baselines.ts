/**
 * A page's baseline (about 5 KB of JSON) in a table of its own (issue 21). In the page's row it made
 * every row span an overflow page in SQLite, and every check's UPDATE of the page (its status, its
 * last check and time) rewrote that overflow page and committed it to the WAL with the rest: in a
 * group of 16 checks, about 15 µs of each check's commit went on rewriting baselines that had not
 * changed (0.5 µs with the baseline apart). The baseline's facts stay on the page (migration 0022),
 * so an unchanged check never reads this table. One row per page that has a baseline; none while it
 * has none. Rows go with their page.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0024PageBaselines: Migration = {
  async up(db: AnyDb): Promise<void> {
    const int64 = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
    await db.schema
      .createTable('page_baselines')
      .addColumn('page_id', int64, (c) => c.primaryKey().references('pages.id').onDelete('cascade'))
      .addColumn('baseline', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into page_baselines (page_id, baseline) select id, baseline from pages where baseline is not null`.execute(
      db,
    );
    await db.schema.alterTable('pages').dropColumn('baseline').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('pages').addColumn('baseline', 'text').execute();
    await sql`update pages set baseline = (select b.baseline from page_baselines b where b.page_id = pages.id)`.execute(
      db,
    );
    await db.schema.dropTable('page_baselines').execute();
  },
};
