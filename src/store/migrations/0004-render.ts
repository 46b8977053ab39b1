/**
 * Rendering: one row per page with its rendered-view baseline (learnt from what Chromium showed, kept
 * apart from the static baseline because scripts add content the static HTML never has), when it was
 * last rendered, and its latest screenshots (blob SHA-256s in the content-addressed blob store).
 * Rows go with their page.
 */
import type { ColumnDataType, Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function int64(db: AnyDb): ColumnDataType {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
}

export const migration0004Render: Migration = {
  async up(db: AnyDb): Promise<void> {
    const big = int64(db);
    await db.schema
      .createTable('render_states')
      .addColumn('page_id', big, (c) => c.primaryKey().references('pages.id').onDelete('cascade'))
      .addColumn('baseline', 'text')
      .addColumn('rendered_at', big, (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      // The rendered verdict's reasons (JSON) and whether a check has reported them yet: a render
      // done in the background hands an alarming verdict to the page's next check.
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('pending', 'integer', (c) => c.notNull())
      .addColumn('viewport_sha256', 'text')
      .addColumn('full_page_sha256', 'text')
      // The DOM after scripts and the pixel-diff image of the latest render, kept for evidence.
      .addColumn('dom_sha256', 'text')
      .addColumn('diff_sha256', 'text')
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('render_states').execute();
  },
};
