/**
 * The viewport screenshot a page's renders are compared with: that of its last render that was not
 * alarming. Until now each render was compared with the one before it, so once a page was defaced the
 * next render compared the defacement with itself and the console lost the picture of the page as
 * it should look.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0011RenderBaselineShot: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema.alterTable('render_states').addColumn('baseline_viewport_sha256', 'text').execute();
    // Existing states start from their latest screenshot, as the comparison did before.
    await db
      .updateTable('render_states')
      .set((eb) => ({ baseline_viewport_sha256: eb.ref('viewport_sha256') }))
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('render_states').dropColumn('baseline_viewport_sha256').execute();
  },
};
