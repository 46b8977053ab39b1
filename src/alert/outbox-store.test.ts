/**
 * The outbox's channel figures and test notifications on SQLite and a real PostgreSQL (required
 * under CI): counts per channel and state, the last delivery and the newest error, read as the
 * console's Settings reads them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../incidents/incident-store.ts';
import type { IncidentTables } from '../incidents/tables.ts';
import { withTables } from '../store/tables.ts';
import { onBothDatabases, testEnv, type OpenTestDatabase, type TestDatabase } from '../store/both-databases.ts';
import { testNotification } from './channel-view.ts';
import { NO_FIGURES, OutboxStore } from './outbox-store.ts';
import { sampleMessage } from './sample-message.ts';
import type { NewOutboxEntry } from './types.ts';

const T0 = 1_760_000_000_000;

function runSuite(name: string, open: OpenTestDatabase): void {
  describe(`outbox channel figures: ${name}`, () => {
    let fx: TestDatabase;
    let outbox: OutboxStore;

    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      outbox = new OutboxStore(fx.handle);
    });
    afterEach(async () => fx.cleanup());

    async function put(channel: string, dedupKey: string, state: NewOutboxEntry['state'] = 'pending'): Promise<void> {
      const entry: NewOutboxEntry = {
        channel,
        dedupKey,
        incidentId: 1,
        eventId: 2,
        organisationId: 7,
        siteId: 1,
        severity: 'critical',
        message: sampleMessage(),
        state,
        createdAt: T0,
      };
      await withTables<IncidentTables>(fx.handle)
        .transaction()
        .execute((trx) => enqueue(trx, entry));
    }

    it('queues a test notification about no incident, due at once, that organisation lists never show', async () => {
      const test = await outbox.enqueueTest({
        channel: 'hook',
        dedupKey: 'test:1',
        message: testNotification('hook', 'aoi', T0),
        createdAt: T0,
      });
      expect(test).toMatchObject({
        channel: 'hook',
        state: 'pending',
        incidentId: null,
        eventId: null,
        attempts: 0,
        nextAttemptAt: T0,
        lastAttemptAt: null,
      });
      expect(test.message.event).toBe('mamori.test');
      expect((await outbox.claimDue(T0, 10, 60_000)).map((r) => r.id)).toEqual([test.id]);
      expect((await outbox.list({ limit: 10 })).map((r) => r.id)).toEqual([test.id]);
      expect(await outbox.list({ organisationIds: [7], limit: 10 })).toEqual([]);
    });

    it('counts each channel’s messages by state, with its last delivery and its newest error', async () => {
      for (const key of ['a', 'b', 'c', 'd']) await put('hook', key);
      await put('hook', 'quiet', 'suppressed');
      await put('mail', 'a');
      const [a, b, c, d] = await outbox.claimDue(T0, 10, 60_000);
      await outbox.markDelivered(a!.id, T0 + 10);
      await outbox.markDelivered(b!.id, T0 + 30);
      await outbox.markFailed(c!.id, 'HTTP 404 from https://soc.example', null, T0 + 20);
      await outbox.markFailed(d!.id, 'HTTP 503 from https://soc.example', T0 + 5000, T0 + 40);

      const figures = await outbox.channelFigures(['hook', 'mail', 'never-used']);
      expect(figures.get('hook')).toEqual({
        pending: 1,
        failed: 1,
        delivered: 2,
        suppressed: 1,
        lastDeliveredAt: T0 + 30,
        lastError: { message: 'HTTP 503 from https://soc.example', at: T0 + 40 },
      });
      // mail's row was claimed (leased) but not yet tried: still pending, no error.
      expect(figures.get('mail')).toEqual({ ...NO_FIGURES, pending: 1 });
      expect(figures.get('never-used')).toEqual(NO_FIGURES);
      expect(await outbox.channelFigures([])).toEqual(new Map());
    });

    it('forgets an error once that message is delivered on a retry', async () => {
      await put('hook', 'a');
      const [row] = await outbox.claimDue(T0, 10, 60_000);
      await outbox.markFailed(row!.id, 'HTTP 503', T0 + 1000, T0 + 1);
      expect((await outbox.channelFigures(['hook'])).get('hook')?.lastError).toEqual({
        message: 'HTTP 503',
        at: T0 + 1,
      });
      const [retry] = await outbox.claimDue(T0 + 1000, 10, 60_000);
      await outbox.markDelivered(retry!.id, T0 + 1001);
      expect((await outbox.channelFigures(['hook'])).get('hook')).toEqual({
        ...NO_FIGURES,
        delivered: 1,
        lastDeliveredAt: T0 + 1001,
      });
    });
  });
}

await onBothDatabases('outbox channel figures', testEnv(process.env), runSuite);
