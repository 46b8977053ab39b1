/**
 * The notification stage assembled from config: a sender per channel, the outbox, the dispatcher,
 * and the routing the incident service applies. The composition root calls `openAlerts` once.
 */
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { Clock } from '../pipeline/clock.ts';
import { ChannelService } from './channel-service.ts';
import type { ChannelConfig } from '../config/alerts.ts';
import { Dispatcher } from './dispatcher.ts';
import { createEmailSender } from './email-sender.ts';
import { createHttpSender } from './http-sender.ts';
import { OutboxStore } from './outbox-store.ts';
import type { RoutingConfig } from './routing.ts';
import { createSyslogSender } from './syslog-sender.ts';
import type { Sender } from './types.ts';

export interface Alerts {
  outbox: OutboxStore;
  dispatcher: Dispatcher;
  routing: RoutingConfig;
  /** The channels, their figures and test notifications, for the console. */
  channels: ChannelService;
}

export function createSender(
  channel: ChannelConfig,
  policy: NetworkPolicy,
  timeoutMs: number,
  userAgent: string,
  clock: Pick<Clock, 'now'>,
): Sender {
  switch (channel.type) {
    case 'webhook':
      return createHttpSender({
        name: channel.name,
        kind: 'webhook',
        url: channel.url,
        secret: channel.secret,
        policy,
        timeoutMs,
        userAgent,
        now: clock.now,
        language: channel.language,
      });
    case 'slack':
    case 'teams':
      return createHttpSender({
        name: channel.name,
        kind: channel.type,
        url: channel.url,
        policy,
        timeoutMs,
        userAgent,
        now: clock.now,
        language: channel.language,
      });
    case 'email':
      return createEmailSender({
        name: channel.name,
        host: channel.host,
        port: channel.port,
        secure: channel.secure,
        user: channel.user,
        pass: channel.pass,
        from: channel.from,
        to: channel.to,
        language: channel.language,
        policy,
        timeoutMs,
      });
    case 'syslog':
      return createSyslogSender({
        name: channel.name,
        host: channel.host,
        port: channel.port,
        protocol: channel.protocol,
        facility: channel.facility,
        language: channel.language,
        policy,
        timeoutMs,
      });
  }
}

export function openAlerts(handle: DatabaseHandle, config: MamoriConfig, clock: Clock, log: Logger): Alerts {
  const { alerts } = config;
  // Receivers obey the same network policy as watched pages: no channel reaches what a check may not.
  const policy: NetworkPolicy = { ...config.network, allowCidrs: [...config.network.allowCidrs] };
  const senders = new Map<string, Sender>();
  for (const channel of alerts.channels)
    senders.set(
      channel.name,
      createSender(channel as ChannelConfig, policy, alerts.timeoutMs, config.fetch.userAgent, clock),
    );
  const outbox = new OutboxStore(handle);
  const dispatcher = new Dispatcher({
    outbox,
    senders,
    clock,
    log: log.child({ stage: 'alerts' }),
    pollMs: alerts.pollMs,
    maxAttempts: alerts.maxAttempts,
    retryBaseMs: alerts.retryBaseMs,
    retryMaxMs: alerts.retryMaxMs,
    timeoutMs: alerts.timeoutMs,
  });
  const routing: RoutingConfig = {
    routes: alerts.routes as RoutingConfig['routes'],
    maintenance: alerts.maintenance,
    publicUrl: config.server.publicUrl ?? null,
  };
  const channels = new ChannelService({
    channels: alerts.channels as ChannelConfig[],
    routing,
    outbox,
    kick: () => dispatcher.kick(),
  });
  return { outbox, dispatcher, routing, channels };
}
