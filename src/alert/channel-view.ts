/**
 * The notification channels as the console shows them: where each one sends (redacted), the routes
 * that use it, its outbox figures and what they add up to, and the maintenance windows. Pure: the
 * config and the figures come in, plain values go out.
 *
 * Channel config holds secrets: a webhook's HMAC key, an SMTP password, and URLs whose path or query
 * is itself the credential (Slack's and Teams' incoming webhooks, `?token=` receivers). None of them
 * is ever part of a view: a URL is shown as its host, an SMTP server as host and port with its
 * recipients, and error texts are scrubbed of every secret the channel has.
 */
import type { IncidentSeverity } from '../core/incidents/index.ts';
import type { ChannelConfig, MaintenanceConfig } from '../config/alerts.ts';
import type { ChannelFigures } from './outbox-store.ts';
import type { RoutingConfig } from './routing.ts';
import { TEST_EVENT, type NotificationMessage } from './types.ts';

/** ok: its latest news was a delivery; failing: its latest news was an error; pending: waiting for a first try; unused: nothing sent yet. */
export type ChannelStatus = 'ok' | 'failing' | 'pending' | 'unused';

export interface ChannelView {
  name: string;
  type: ChannelConfig['type'];
  /** Where messages go, with nothing secret: a host, host and port, or e-mail recipients. */
  destination: string;
  /** A webhook whose bodies are signed (an HMAC secret is set); the secret itself is never shown. */
  signed: boolean;
  routes: { organisations: string[]; minSeverity: IncidentSeverity }[];
  outbox: ChannelFigures;
  status: ChannelStatus;
}

export interface MaintenanceView {
  site: string;
  from: number;
  to: number;
  reason: string;
  /** The window covers `now`: the site's notifications are recorded, not sent. */
  active: boolean;
}

const REDACTED = '[redacted]';

/** Where a channel sends, without anything that could be a credential. */
export function redactDestination(channel: ChannelConfig): string {
  switch (channel.type) {
    case 'webhook':
    case 'slack':
    case 'teams':
      // The host only: user info, path and query may carry the token (Slack and Teams URLs are the secret).
      return URL.canParse(channel.url) ? new URL(channel.url).host : REDACTED;
    case 'email':
      return `${channel.to.join(', ')} (SMTP ${channel.host}:${channel.port})`;
    case 'syslog':
      return `${channel.host}:${channel.port}/${channel.protocol}`;
  }
}

/** The channel's secrets as they could appear in a text (an error message from a receiver or a library). */
function secretsOf(channel: ChannelConfig): string[] {
  const found: string[] = [];
  if (channel.type === 'email') {
    if (channel.pass) found.push(channel.pass);
    return found;
  }
  if (channel.type === 'syslog') return found;
  if (channel.type === 'webhook' && channel.secret) found.push(channel.secret);
  found.push(channel.url);
  if (URL.canParse(channel.url)) {
    const url = new URL(channel.url);
    found.push(
      `${url.pathname}${url.search}`,
      url.pathname,
      url.search.slice(1),
      url.password,
      decoded(url.password),
      url.username,
      decoded(url.username),
    );
    for (const value of url.searchParams.values()) found.push(value, encodeURIComponent(value));
    // Path segments, and the words in them (Teams puts `<id>@<tenant>` in one segment).
    for (const segment of url.pathname.split('/'))
      found.push(segment, decoded(segment), ...decoded(segment).split(/[^\p{L}\p{N}_-]+/u));
  }
  return found;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // URIError: a malformed escape is kept as written
  }
}

/**
 * The text with every secret of the channel replaced. Longest first, so a whole URL goes before its
 * path; fragments shorter than 6 characters (a `/`, a path word like `in`) are not secrets and are left.
 */
export function scrubSecrets(text: string, channel: ChannelConfig): string {
  const secrets = [...new Set(secretsOf(channel))].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  return secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

export function channelStatus(figures: ChannelFigures): ChannelStatus {
  const { lastError, lastDeliveredAt } = figures;
  if (lastError && (lastDeliveredAt === null || (lastError.at !== null && lastError.at > lastDeliveredAt)))
    return 'failing';
  if (figures.delivered > 0) return 'ok';
  return figures.pending > 0 ? 'pending' : 'unused';
}

export function describeChannel(channel: ChannelConfig, routing: RoutingConfig, figures: ChannelFigures): ChannelView {
  const lastError = figures.lastError
    ? { ...figures.lastError, message: scrubSecrets(figures.lastError.message, channel) }
    : null;
  const outbox = { ...figures, lastError };
  return {
    name: channel.name,
    type: channel.type,
    destination: redactDestination(channel),
    signed: channel.type === 'webhook' && channel.secret !== undefined && channel.secret !== '',
    routes: routing.routes
      .filter((r) => r.channels.includes(channel.name))
      .map((r) => ({ organisations: [...r.organisations], minSeverity: r.minSeverity })),
    outbox,
    status: channelStatus(outbox),
  };
}

export function describeMaintenance(windows: readonly MaintenanceConfig[], now: number): MaintenanceView[] {
  return windows
    .map((w) => ({ site: w.site, from: Date.parse(w.from), to: Date.parse(w.to), reason: w.reason }))
    .map((w) => ({ ...w, active: w.from <= now && now < w.to }))
    .sort((a, b) => a.from - b.from);
}

/**
 * What a channel test sends: the shape of a real notification, so the receiver's parsing is tried
 * too, marked `mamori.test` with incident 0 and the lowest severity, so receivers can drop it.
 */
export function testNotification(channel: string, actor: string, at: number): NotificationMessage {
  const title = `Test notification for channel "${channel}"`;
  return {
    event: TEST_EVENT,
    incidentId: 0,
    eventId: 0,
    scope: 'site',
    kind: 'degraded',
    severity: 'low',
    state: 'resolved',
    title,
    message: `${actor} sent this from the Mamori console to check that the channel delivers. No incident is behind it.`,
    summary: title,
    at,
    organisation: { id: 0, slug: 'mamori', name: 'Mamori' },
    site: { id: 0, name: 'Mamori console', origin: '' },
    pageUrl: null,
    campaignId: null,
    reasons: [],
  };
}
