import type {
  IncidentEventType,
  IncidentKind,
  IncidentScopeKind,
  IncidentSeverity,
  IncidentState,
} from '../core/incidents/index.ts';

/** The event of a test notification: an admin checking that a channel delivers (no incident behind it). */
export const TEST_EVENT = 'mamori.test';

/**
 * What a notification says, frozen when it is enqueued: every channel formats this one message, and a
 * retry after a restart sends what the incident looked like when the event happened.
 */
export interface NotificationMessage {
  /** `incident.opened`, `incident.escalated`, `incident.restored`, …, or `mamori.test` (sent from the console). */
  event: `incident.${IncidentEventType}` | typeof TEST_EVENT;
  /** 0 in a test notification, which is about no incident. */
  incidentId: number;
  eventId: number;
  scope: IncidentScopeKind;
  kind: IncidentKind;
  severity: IncidentSeverity;
  state: IncidentState;
  title: string;
  /** The event's sentence. */
  message: string;
  summary: string;
  at: number;
  organisation: { id: number; slug: string; name: string };
  site: { id: number; name: string; origin: string };
  pageUrl: string | null;
  campaignId: number | null;
  reasons: { code: string; severity: string; message: string }[];
  /**
   * The incident in the dashboard (`server.publicUrl` + `/incidents/<id>`); null when no public
   * address is configured. Absent in messages queued before links existed.
   */
  link?: string | null;
}

export const OUTBOX_STATES = ['pending', 'delivered', 'failed', 'suppressed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface NewOutboxEntry {
  channel: string;
  dedupKey: string;
  incidentId: number;
  eventId: number;
  organisationId: number;
  siteId: number;
  severity: IncidentSeverity;
  message: NotificationMessage;
  /** `suppressed` when a maintenance window covers the site: kept for the record, never sent. */
  state: 'pending' | 'suppressed';
  createdAt: number;
}

/** A row to insert: an incident's notification, or one about no incident (a channel test). */
export type OutboxInsert = Omit<NewOutboxEntry, 'incidentId' | 'eventId' | 'organisationId' | 'siteId'> & {
  incidentId: number | null;
  eventId: number | null;
  organisationId: number | null;
  siteId: number | null;
};

export interface OutboxEntry {
  id: number;
  channel: string;
  dedupKey: string;
  incidentId: number | null;
  eventId: number | null;
  severity: IncidentSeverity;
  message: NotificationMessage;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  /** When it was last tried (delivered or failed); null before its first attempt. */
  lastAttemptAt: number | null;
}

/** What one delivery attempt came to. `permanent` failures are not retried (a 4xx, a refused address). */
export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string };

/** One configured destination. Senders never throw: every failure comes back as a value. */
export interface Sender {
  readonly name: string;
  send(message: NotificationMessage): Promise<SendResult>;
  close(): Promise<void>;
}
