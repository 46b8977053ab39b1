/**
 * Delivers the outbox: every `pollMs` it takes the due rows and hands each to its channel's sender.
 * A failure is retried with exponential backoff until `maxAttempts`; a permanent failure (a 4xx, an
 * address the network policy refuses, an unknown channel) stops at once. Nothing is held in memory
 * that the database does not also hold, so a restart resumes where the last process stopped.
 */
import type { Logger } from 'pino';
import type { Clock } from '../pipeline/clock.ts';
import type { OutboxStore } from './outbox-store.ts';
import { retryDelay } from './routing.ts';
import type { OutboxEntry, Sender } from './types.ts';

export interface DispatcherOptions {
  outbox: OutboxStore;
  senders: ReadonlyMap<string, Sender>;
  clock: Pick<Clock, 'now'>;
  log: Logger;
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  batch?: number;
  random?: () => number;
}

export class Dispatcher {
  readonly #o: DispatcherOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #stopped = true;

  constructor(options: DispatcherOptions) {
    this.#o = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stop polling and wait for the pass in flight; its rows are settled, the rest wait in the database. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => 0);
    for (const sender of this.#o.senders.values()) await sender.close();
  }

  /** Deliver now rather than at the next poll (new rows were enqueued); a no-op unless started. */
  kick(): void {
    if (this.#stopped) return;
    this.runOnce().catch((error: unknown) =>
      this.#o.log.warn({ err: error }, 'notification pass failed; retrying on the next poll'),
    );
  }

  /** One pass over the due rows; returns how many were delivered. Exposed for tests and `kick`. */
  runOnce(): Promise<number> {
    if (this.#running) return this.#running;
    this.#running = this.#pass().finally(() => (this.#running = null));
    return this.#running;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) =>
          this.#o.log.warn({ err: error }, 'notification pass failed; retrying on the next poll'),
        )
        .finally(() => this.#schedule(this.#o.pollMs));
    }, delay);
    this.#timer.unref();
  }

  async #pass(): Promise<number> {
    const { outbox, clock } = this.#o;
    // The lease covers the whole batch being sent one after the other, with room to spare.
    const batch = this.#o.batch ?? 20;
    const rows = await outbox.claimDue(clock.now(), batch, (this.#o.timeoutMs + 1000) * batch);
    let delivered = 0;
    for (const row of rows) if (await this.#deliver(row)) delivered += 1;
    return delivered;
  }

  async #deliver(row: OutboxEntry): Promise<boolean> {
    const { outbox, clock, log } = this.#o;
    const sender = this.#o.senders.get(row.channel);
    if (!sender) {
      await outbox.markFailed(row.id, `no channel named "${row.channel}" is configured`, null, clock.now());
      return false;
    }
    const result = await sender.send(row.message);
    if (result.ok) {
      await outbox.markDelivered(row.id, clock.now());
      log.info({ channel: row.channel, incident: row.incidentId, event: row.message.event }, 'notification delivered');
      return true;
    }
    const attempt = row.attempts + 1;
    const giveUp = result.permanent || attempt >= this.#o.maxAttempts;
    const retryAt = giveUp
      ? null
      : clock.now() + retryDelay(attempt, this.#o.retryBaseMs, this.#o.retryMaxMs, (this.#o.random ?? Math.random)());
    await outbox.markFailed(row.id, result.error, retryAt, clock.now());
    log.warn(
      { channel: row.channel, incident: row.incidentId, attempt, error: result.error, retryAt },
      giveUp ? 'notification failed for good' : 'notification failed; will retry',
    );
    return false;
  }
}
