/**
 * The console's channel figures (issue 7): when each outbox row was last tried, and an index on
 * (channel, state, last_attempt_at), so the counts per channel and state, the last delivery and the
 * last error of each channel are read from the index (a short range per channel) rather than by
 * scanning a year of delivered notifications.
 *
 * Rows delivered before this migration were last tried when they were delivered; for rows that
 * failed or wait for a retry the time of their last attempt was never kept, so it stays null.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0012OutboxChannelFigures: Migration = {
  async up(db: AnyDb): Promise<void> {
    const int64 = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
    await db.schema.alterTable('notification_outbox').addColumn('last_attempt_at', int64).execute();
    await db
      .updateTable('notification_outbox')
      .set((eb) => ({ last_attempt_at: eb.ref('delivered_at') }))
      .where('delivered_at', 'is not', null)
      .execute();
    await db.schema
      .createIndex('notification_outbox_channel')
      .on('notification_outbox')
      .columns(['channel', 'state', 'last_attempt_at'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex('notification_outbox_channel').execute();
    await db.schema.alterTable('notification_outbox').dropColumn('last_attempt_at').execute();
  },
};
