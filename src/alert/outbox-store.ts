/**
 * The durable notification outbox, over the shared Kysely handle. Rows are written in the same
 * transaction as the incident events that cause them (see incidents/incident-store.ts); this reads
 * them back for delivery. A sender takes a row by moving its lease forward with a conditional update,
 * so two dispatchers (two processes on one PostgreSQL) never send one row at the same time, and a
 * dispatcher that dies mid-send leaves a row that becomes due again when its lease runs out.
 */
import { sql, type Selectable } from 'kysely';
import type { IncidentSeverity } from '../core/incidents/index.ts';
import { Repository } from '../store/repository.ts';
import { newOutboxRow, type NotificationOutboxTable, type OutboxTables } from './outbox-table.ts';
import { OUTBOX_STATES, type NotificationMessage, type OutboxEntry, type OutboxState } from './types.ts';

function toEntry(row: Selectable<NotificationOutboxTable>): OutboxEntry {
  return {
    id: Number(row.id),
    channel: row.channel,
    dedupKey: row.dedup_key,
    incidentId: row.incident_id === null ? null : Number(row.incident_id),
    eventId: row.event_id === null ? null : Number(row.event_id),
    severity: row.severity as IncidentSeverity,
    message: JSON.parse(row.payload) as NotificationMessage,
    state: row.state as OutboxState,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    lastAttemptAt: row.last_attempt_at === null ? null : Number(row.last_attempt_at),
  };
}

/** One channel's outbox, as the console shows it. */
export interface ChannelFigures {
  pending: number;
  failed: number;
  delivered: number;
  suppressed: number;
  lastDeliveredAt: number | null;
  /** The newest error of a message still waiting for a retry or given up on (a delivery clears its own). */
  lastError: { message: string; at: number | null } | null;
}

const isOutboxState = (state: string): state is OutboxState => (OUTBOX_STATES as readonly string[]).includes(state);

export const NO_FIGURES: ChannelFigures = {
  pending: 0,
  failed: 0,
  delivered: 0,
  suppressed: 0,
  lastDeliveredAt: null,
  lastError: null,
};

export interface OutboxFilter {
  state?: OutboxState;
  incidentId?: number;
  /** Only notifications about these organisations; an empty list matches nothing. */
  organisationIds?: readonly number[];
  limit: number;
}

export class OutboxStore extends Repository<OutboxTables> {
  /** Take up to `limit` due rows for `leaseMs`. Only rows this call took are returned. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    return this.run(async () => {
      const due = await this.db
        .selectFrom('notification_outbox')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<=', now)
        .orderBy('next_attempt_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      const taken: OutboxEntry[] = [];
      for (const { id } of due) {
        const row = await this.db
          .updateTable('notification_outbox')
          .set({ lease_until: now + leaseMs })
          .where('id', '=', Number(id))
          .where('state', '=', 'pending')
          .where('lease_until', '<=', now)
          .returningAll()
          .executeTakeFirst();
        if (row) taken.push(toEntry(row));
      }
      return taken;
    });
  }

  markDelivered(id: number, now: number): Promise<void> {
    return this.run(async () => {
      await this.db
        .updateTable('notification_outbox')
        .set((eb) => ({
          state: 'delivered',
          delivered_at: now,
          last_attempt_at: now,
          lease_until: 0,
          last_error: null,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    });
  }

  /** A failed attempt at `now`: try again at `retryAt`, or give up (`retryAt` null) and keep the last error. */
  markFailed(id: number, error: string, retryAt: number | null, now: number): Promise<void> {
    return this.run(async () => {
      await this.db
        .updateTable('notification_outbox')
        .set((eb) => ({
          state: retryAt === null ? 'failed' : 'pending',
          next_attempt_at: retryAt ?? eb.ref('next_attempt_at'),
          lease_until: 0,
          last_error: error.slice(0, 2000),
          last_attempt_at: now,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    });
  }

  /**
   * A notification about no incident (a channel test), due at once and delivered like any other, so it
   * is retried and counted with the channel's figures. Its key is the caller's, unique per test.
   */
  enqueueTest(entry: {
    channel: string;
    dedupKey: string;
    message: NotificationMessage;
    createdAt: number;
  }): Promise<OutboxEntry> {
    return this.run(async () => {
      const insert = {
        ...entry,
        incidentId: null,
        eventId: null,
        organisationId: null,
        siteId: null,
        severity: entry.message.severity,
        state: 'pending' as const,
      };
      const row = await this.db
        .insertInto('notification_outbox')
        .values(newOutboxRow(insert))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    });
  }

  /** Figures per channel, for the channels named (each gets an entry, zero when it has no rows). */
  channelFigures(channels: readonly string[]): Promise<Map<string, ChannelFigures>> {
    return this.run(async () => {
      const out = new Map<string, ChannelFigures>(channels.map((c) => [c, { ...NO_FIGURES }]));
      if (channels.length === 0) return out;
      // The (channel, state, last_attempt_at) index of migration 0012 answers the counts alone; the last
      // error is read from the channel's few rows that wait for a retry or were given up on.
      const counts = await this.db
        .selectFrom('notification_outbox')
        .select((eb) => ['channel', 'state', eb.fn.countAll<number>().as('n'), eb.fn.max('last_attempt_at').as('last')])
        .where('channel', 'in', [...channels])
        .groupBy(['channel', 'state'])
        .execute();
      for (const r of counts) {
        const figures = out.get(r.channel);
        if (!figures || !isOutboxState(r.state)) continue;
        figures[r.state] = Number(r.n);
        if (r.state === 'delivered' && r.last !== null) figures.lastDeliveredAt = Number(r.last);
      }
      for (const [channel, figures] of out) {
        if (figures.pending + figures.failed === 0) continue;
        const row = await this.db
          .selectFrom('notification_outbox')
          .select(['last_error', 'last_attempt_at'])
          .where('channel', '=', channel)
          .where('state', 'in', ['pending', 'failed'])
          .where('last_error', 'is not', null)
          .orderBy(sql`coalesce(last_attempt_at, 0)`, 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (row?.last_error)
          figures.lastError = {
            message: row.last_error,
            at: row.last_attempt_at === null ? null : Number(row.last_attempt_at),
          };
      }
      return out;
    });
  }

  /** Newest first. */
  list(filter: OutboxFilter): Promise<OutboxEntry[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('notification_outbox').selectAll();
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.incidentId !== undefined) q = q.where('incident_id', '=', filter.incidentId);
      if (filter.organisationIds !== undefined) {
        if (filter.organisationIds.length === 0) return [];
        q = q.where('organisation_id', 'in', [...filter.organisationIds]);
      }
      return (await q.orderBy('id', 'desc').limit(filter.limit).execute()).map(toEntry);
    });
  }

  /** Rows per state (a seam for the metrics endpoint). */
  countByState(): Promise<Record<OutboxState, number>> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('notification_outbox')
        .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      const out: Record<OutboxState, number> = { pending: 0, delivered: 0, failed: 0, suppressed: 0 };
      for (const r of rows) if (r.state in out) out[r.state as OutboxState] = Number(r.n);
      return out;
    });
  }
}
