/** The dispatcher over a real outbox (SQLite) and a real webhook receiver, with a clock the test moves. */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../incidents/incident-store.ts';
import type { IncidentTables } from '../incidents/tables.ts';
import { withTables } from '../store/tables.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { EstateStore } from '../store/types.ts';
import { Dispatcher } from './dispatcher.ts';
import { createHttpSender } from './http-sender.ts';
import { testNotification } from './channel-view.ts';
import { OutboxStore } from './outbox-store.ts';
import { sampleMessage } from './sample-message.ts';
import { startWebhookReceiver, type WebhookReceiver } from './test-receivers.ts';
import type { NewOutboxEntry, Sender } from './types.ts';

const T0 = 1_760_000_000_000;

describe('Dispatcher', () => {
  let dir: TempDir;
  let store: EstateStore;
  let handle: DatabaseHandle;
  let outbox: OutboxStore;
  let hook: WebhookReceiver;
  let now = T0;
  const clock = { now: () => now };

  beforeEach(async () => {
    dir = await makeTempDir();
    ({ store, handle } = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'o.db')}` }));
    await store.migrate();
    outbox = new OutboxStore(handle);
    hook = await startWebhookReceiver();
    now = T0;
  });
  afterEach(async () => {
    await hook.close();
    await store.close();
    await dir.remove();
  });

  async function put(channel: string, dedupKey: string, state: NewOutboxEntry['state'] = 'pending'): Promise<void> {
    const entry: NewOutboxEntry = {
      channel,
      dedupKey,
      incidentId: 1,
      eventId: 2,
      organisationId: 1,
      siteId: 1,
      severity: 'critical',
      message: sampleMessage(),
      state,
      createdAt: now,
    };
    await withTables<IncidentTables>(handle)
      .transaction()
      .execute((trx) => enqueue(trx, entry));
  }

  function dispatcher(senders: Map<string, Sender>, maxAttempts = 3): Dispatcher {
    return new Dispatcher({
      outbox,
      senders,
      clock,
      log: pino({ level: 'silent' }),
      pollMs: 50,
      maxAttempts,
      retryBaseMs: 1000,
      retryMaxMs: 10_000,
      timeoutMs: 2000,
      random: () => 1,
    });
  }

  const webhook = () =>
    new Map<string, Sender>([
      [
        'hook',
        createHttpSender({
          name: 'hook',
          kind: 'webhook',
          url: hook.url,
          policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
          timeoutMs: 2000,
          userAgent: 't',
          now: clock.now,
        }),
      ],
    ]);

  it('de-duplicates on (channel, key) and never sends a suppressed row', async () => {
    await put('hook', 'k1');
    await put('hook', 'k1');
    await put('hook', 'k2', 'suppressed');
    const d = dispatcher(webhook());
    expect(await d.runOnce()).toBe(1);
    await d.stop();
    expect(hook.received).toHaveLength(1);
    expect(await outbox.countByState()).toEqual({ pending: 0, delivered: 1, failed: 0, suppressed: 1 });
  });

  it('retries a receiver outage with backoff, then delivers', async () => {
    await put('hook', 'k1');
    const d = dispatcher(webhook());
    hook.status = 503;
    expect(await d.runOnce()).toBe(0);
    const [row] = await outbox.list({ limit: 1 });
    expect([row!.state, row!.attempts, row!.nextAttemptAt, row!.lastError, row!.lastAttemptAt]).toEqual([
      'pending',
      1,
      T0 + 1000,
      `HTTP 503 from http://127.0.0.1:${hook.port}`,
      T0,
    ]);
    hook.status = 200;
    now = T0 + 999;
    expect(await d.runOnce()).toBe(0);
    now = T0 + 1000;
    expect(await d.runOnce()).toBe(1);
    await d.stop();
    expect(hook.received).toHaveLength(1);
    expect((await outbox.list({ limit: 1 }))[0]).toMatchObject({
      state: 'delivered',
      attempts: 2,
      deliveredAt: T0 + 1000,
      lastAttemptAt: T0 + 1000,
      lastError: null,
    });
  });

  it('delivers a channel test like a notification, marked as a test', async () => {
    const test = await outbox.enqueueTest({
      channel: 'hook',
      dedupKey: 'test:1',
      message: testNotification('hook', 'aoi', T0),
      createdAt: T0,
    });
    const d = dispatcher(webhook());
    expect(await d.runOnce()).toBe(1);
    await d.stop();
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({
      version: 1,
      event: 'mamori.test',
      incidentId: 0,
      title: 'Test notification for channel "hook"',
    });
    expect((await outbox.list({ limit: 1 }))[0]).toMatchObject({ id: test.id, state: 'delivered' });
  });

  it('gives up after maxAttempts, at once on a permanent failure or an unknown channel', async () => {
    await put('hook', 'k1');
    await put('gone', 'k2');
    const d = dispatcher(webhook(), 2);
    hook.status = 500;
    await d.runOnce();
    now += 10_000;
    await d.runOnce();
    await d.stop();
    const rows = await outbox.list({ limit: 10 });
    expect(rows.map((r) => [r.channel, r.state, r.attempts])).toEqual([
      ['gone', 'failed', 1],
      ['hook', 'failed', 2],
    ]);
    expect(rows[0]!.lastError).toBe('no channel named "gone" is configured');
  });

  it('polls by itself once started, and a new dispatcher picks up what an old one left', async () => {
    hook.status = 503;
    await put('hook', 'k1');
    const first = dispatcher(webhook());
    await first.runOnce();
    await first.stop();
    hook.status = 200;
    now += 2000;
    const second = dispatcher(webhook());
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.stop();
    expect(hook.received).toHaveLength(1);
  });
});
