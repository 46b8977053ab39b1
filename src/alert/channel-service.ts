/**
 * The console's view of the notification stage: the configured channels with their outbox figures,
 * the maintenance windows, and test notifications, which go through the outbox like any other (so
 * they are retried, counted and listed) and wake the dispatcher.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelConfig } from '../config/alerts.ts';
import {
  describeChannel,
  describeMaintenance,
  scrubSecrets,
  testNotification,
  type ChannelView,
  type MaintenanceView,
} from './channel-view.ts';
import { NO_FIGURES, type OutboxStore } from './outbox-store.ts';
import type { RoutingConfig } from './routing.ts';
import type { OutboxEntry } from './types.ts';

export interface ChannelServiceOptions {
  channels: readonly ChannelConfig[];
  routing: RoutingConfig;
  outbox: Pick<OutboxStore, 'channelFigures' | 'enqueueTest'>;
  /** Deliver now rather than at the next poll (a no-op where no dispatcher runs). */
  kick: () => void;
}

export interface ChannelOverview {
  items: ChannelView[];
  maintenance: MaintenanceView[];
}

export class ChannelService {
  readonly #o: ChannelServiceOptions;

  constructor(options: ChannelServiceOptions) {
    this.#o = options;
  }

  async overview(now: number): Promise<ChannelOverview> {
    const { channels, routing, outbox } = this.#o;
    const figures = await outbox.channelFigures(channels.map((c) => c.name));
    return {
      items: channels.map((c) => describeChannel(c, routing, figures.get(c.name) ?? NO_FIGURES)),
      maintenance: describeMaintenance(routing.maintenance, now),
    };
  }

  /**
   * A delivery error as anyone allowed to see the notification may read it: the channel's secrets
   * (URL path and query, HMAC key, SMTP password) replaced. A channel no longer configured has no
   * secrets known here, so its error is withheld rather than shown as it is.
   */
  scrubError(channelName: string, text: string): string {
    const channel = this.#channel(channelName);
    return channel ? scrubSecrets(text, channel) : '[withheld: the channel is no longer configured]';
  }

  /** Queues a test notification on the channel; null when no channel has that name. */
  async sendTest(name: string, actor: string, now: number): Promise<OutboxEntry | null> {
    const channel = this.#channel(name);
    if (!channel) return null;
    // Each test is its own notification: the key never matches an incident's, nor another test's.
    const entry = await this.#o.outbox.enqueueTest({
      channel: channel.name,
      dedupKey: `test:${now}:${randomUUID()}`,
      message: testNotification(channel.name, actor, now),
      createdAt: now,
    });
    this.#o.kick();
    return entry;
  }

  #channel(name: string): ChannelConfig | undefined {
    return this.#o.channels.find((c) => c.name === name);
  }
}
