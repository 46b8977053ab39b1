/**
 * Incidents, their timelines, campaigns, and the notification outbox. Identity and 64-bit types branch
 * per dialect as in 0001; the helper is repeated rather than imported because a landed migration must
 * never change under a later one.
 *
 * Incidents reference organisations, sites and pages with cascading deletes (an incident of a page
 * that is no longer watched has nothing to act on). The outbox does not cascade: a notification
 * already promised to a receiver is delivered even if its incident is deleted meanwhile.
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
  return { int64: 'integer', withId: (t) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) };
}

export const migration0005Incidents: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = typesFor(db);
    await t
      .withId(db.schema.createTable('campaigns'))
      .addColumn('title', 'text', (c) => c.notNull())
      // JSON array of link keys (`signature:…`, `host:…`, `threat:…`).
      .addColumn('keys', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('updated_at', t.int64, (c) => c.notNull())
      .execute();

    await t
      .withId(db.schema.createTable('incidents'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('organisation_id', t.int64, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('site_id', t.int64, (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('page_id', t.int64, (c) => c.references('pages.id').onDelete('cascade'))
      // A page incident's site incident (null for site incidents).
      .addColumn('parent_id', t.int64, (c) => c.references('incidents.id').onDelete('set null'))
      .addColumn('campaign_id', t.int64, (c) => c.references('campaigns.id').onDelete('set null'))
      // Seam for threat watch: the threat that named this target, if any.
      .addColumn('threat_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('healthy_streak', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('opened_at', t.int64, (c) => c.notNull())
      .addColumn('last_seen_at', t.int64, (c) => c.notNull())
      .addColumn('first_check_id', t.int64)
      .addColumn('last_check_id', t.int64)
      .addColumn('acknowledged_at', t.int64)
      .addColumn('resolved_at', t.int64)
      .addColumn('resolution', 'text')
      .addColumn('relearn', 'text')
      .addColumn('suppressing', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('signatures', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('hosts', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('reason_codes', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    // The rollup's reads: a page's active incident and latest false positive, a site's active incident.
    await db.schema.createIndex('incidents_page_state').on('incidents').columns(['page_id', 'state', 'id']).execute();
    await db.schema
      .createIndex('incidents_site_scope_state')
      .on('incidents')
      .columns(['site_id', 'scope', 'state'])
      .execute();
    await db.schema.createIndex('incidents_opened_at').on('incidents').columns(['scope', 'opened_at']).execute();
    await db.schema.createIndex('incidents_campaign').on('incidents').column('campaign_id').execute();
    await db.schema.createIndex('incidents_parent').on('incidents').column('parent_id').execute();

    await t
      .withId(db.schema.createTable('incident_events'))
      .addColumn('incident_id', t.int64, (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', t.int64, (c) => c.notNull())
      .addColumn('check_id', t.int64)
      .addColumn('page_id', t.int64)
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('actor', 'text')
      .addColumn('notify', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('incident_events_incident')
      .on('incident_events')
      .columns(['incident_id', 'id'])
      .execute();

    await t
      .withId(db.schema.createTable('notification_outbox'))
      .addColumn('channel', 'text', (c) => c.notNull())
      // Same key on the same channel is one notification, however often it is enqueued.
      .addColumn('dedup_key', 'text', (c) => c.notNull())
      .addColumn('incident_id', t.int64)
      .addColumn('event_id', t.int64)
      .addColumn('organisation_id', t.int64)
      .addColumn('site_id', t.int64)
      .addColumn('severity', 'text', (c) => c.notNull())
      // JSON: the message as the channel formats it, frozen at enqueue time.
      .addColumn('payload', 'text', (c) => c.notNull())
      // pending → delivered | failed (attempts exhausted) | suppressed (maintenance window).
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', t.int64, (c) => c.notNull())
      // A sender holds a row until then; a crashed sender's rows become due again when it passes.
      .addColumn('lease_until', t.int64, (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('delivered_at', t.int64)
      .addUniqueConstraint('notification_outbox_channel_dedup', ['channel', 'dedup_key'])
      .execute();
    await db.schema
      .createIndex('notification_outbox_due')
      .on('notification_outbox')
      .columns(['state', 'next_attempt_at'])
      .execute();
  },
};
