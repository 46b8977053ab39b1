/**
 * Pausing a target (issue 15): one row per paused page, with when and by whom. A paused page stays in
 * the estate with its history and is simply not checked; resuming deletes the row. A table of its own
 * rather than a column on `pages`, so the pages table and every query over it stay as they are.
 * Rows go with their page.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0014PausedPages: Migration = {
  async up(db: AnyDb): Promise<void> {
    const int64 = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
    await db.schema
      .createTable('paused_pages')
      .addColumn('page_id', int64, (c) => c.primaryKey().references('pages.id').onDelete('cascade'))
      .addColumn('paused_at', int64, (c) => c.notNull())
      .addColumn('paused_by', 'text')
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('paused_pages').execute();
  },
};
