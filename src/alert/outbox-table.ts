/**
 * Table typing of the notification outbox (migration 0005; 0012 adds the last attempt time) and the
 * row a new entry becomes. The outbox is alert's; the incident store writes to it in the incident's own
 * transaction, which is why it imports this file and not the other way round.
 */
import type { Generated, Insertable } from 'kysely';
import type { EpochMs } from '../store/tables.ts';
import type { OutboxInsert } from './types.ts';

export interface NotificationOutboxTable {
  id: Generated<number>;
  channel: string;
  dedup_key: string;
  incident_id: number | null;
  event_id: number | null;
  organisation_id: number | null;
  site_id: number | null;
  severity: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: EpochMs;
  lease_until: EpochMs;
  last_error: string | null;
  created_at: EpochMs;
  delivered_at: EpochMs | null;
  /** When the row was last tried (migration 0012); null before its first attempt. */
  last_attempt_at: EpochMs | null;
}

// A type alias, not an interface: withTables wants an indexable record.
export type OutboxTables = { notification_outbox: NotificationOutboxTable };

/** A new outbox row: due at once, never tried. */
export function newOutboxRow(entry: OutboxInsert): Insertable<NotificationOutboxTable> {
  return {
    channel: entry.channel,
    dedup_key: entry.dedupKey,
    incident_id: entry.incidentId,
    event_id: entry.eventId,
    organisation_id: entry.organisationId,
    site_id: entry.siteId,
    severity: entry.severity,
    payload: JSON.stringify(entry.message),
    state: entry.state,
    attempts: 0,
    next_attempt_at: entry.createdAt,
    lease_until: 0,
    last_error: null,
    created_at: entry.createdAt,
    delivered_at: null,
    last_attempt_at: null,
  };
}
