/**
 * The `alerts` and `incidents` sections of the one config schema (imported by `config/schema.ts`).
 * Channels, routes and maintenance windows are structured lists, so they are file-only keys; the
 * delivery tuning is scalar and has an environment variable each.
 */
import { z } from 'zod';
import { INCIDENT_SEVERITIES } from '../core/incidents/index.ts';
import { LANGUAGES } from '../messages/index.ts';

const error = (text: string) => ({ error: text });
const name = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/,
    error('must be lower-case letters, digits, hyphens and underscores (e.g. "soc-webhook")'),
  );
const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), error('must be an http:// or https:// URL'));
const host = z.string().trim().min(1, error('must not be empty')).max(253, error('must be at most 253 characters'));
const port = z
  .number(error('must be a whole number from 1 to 65535'))
  .int(error('must be a whole number from 1 to 65535'))
  .min(1, error('must be a whole number from 1 to 65535'))
  .max(65_535, error('must be a whole number from 1 to 65535'));
const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, error('must be an e-mail address such as soc@example.go.jp'));
/** The language a channel's people read: notifications are worded in it (codes stay as they are). */
const language = z.enum(LANGUAGES, error(`must be one of ${LANGUAGES.join(', ')}`)).optional();
const severity = z.enum(INCIDENT_SEVERITIES, error(`must be one of ${INCIDENT_SEVERITIES.join(', ')}`));

function intIn(min: number, max: number) {
  const e = error(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}

const webhookChannel = z.strictObject({
  name,
  type: z.literal('webhook'),
  url: httpUrl,
  language,
  /** HMAC-SHA256 key; the signature goes in the X-Mamori-Signature header. */
  secret: z.string().min(16, error('must be at least 16 characters')).optional(),
});
const chatChannel = z.strictObject({ name, type: z.enum(['slack', 'teams']), url: httpUrl, language });
const emailChannel = z.strictObject({
  name,
  type: z.literal('email'),
  host,
  port: port.default(25),
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean(error('must be true or false')).default(false),
  user: z.string().optional(),
  pass: z.string().optional(),
  from: email,
  to: z.array(email).min(1, error('must name at least one recipient')),
  language,
});
const syslogChannel = z.strictObject({
  name,
  type: z.literal('syslog'),
  host,
  port: port.default(514),
  protocol: z.enum(['udp', 'tcp'], error('must be udp or tcp')).default('udp'),
  /** RFC 5424 facility number (16 = local0). */
  facility: intIn(0, 23).default(16),
  language,
});

export const channelSchema = z.discriminatedUnion(
  'type',
  [webhookChannel, chatChannel, emailChannel, syslogChannel],
  error('must have a type of webhook, slack, teams, email or syslog'),
);
export type ChannelConfig = z.output<typeof channelSchema>;

export const routeSchema = z.strictObject({
  /** Organisation slugs; absent or empty means every organisation. */
  organisations: z.array(z.string()).default([]),
  minSeverity: severity.default('low'),
  channels: z.array(name).min(1, error('must name at least one channel')),
});
export type RouteConfig = z.output<typeof routeSchema>;

const isoTime = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), error('must be an ISO 8601 time such as 2026-12-02T01:00:00+09:00'));
export const maintenanceSchema = z.strictObject({
  /** The site's origin, e.g. https://www.example.go.jp. */
  site: httpUrl,
  from: isoTime,
  to: isoTime,
  reason: z.string().default(''),
});
export type MaintenanceConfig = z.output<typeof maintenanceSchema>;

export const ALERT_FILE_ONLY_KEYS = ['alerts.channels', 'alerts.routes', 'alerts.maintenance'] as const;

export const alertsSchema = z
  .strictObject({
    channels: z
      .array(channelSchema)
      .default([])
      .describe(
        'Where notifications go (config file only): each has a name and a type: webhook (url, optional HMAC secret), slack or teams (url), email (host, port, secure, user, pass, from, to) or syslog (host, port, protocol udp|tcp, facility).',
      ),
    routes: z
      .array(routeSchema)
      .default([])
      .describe(
        'Which incidents go to which channels (config file only): organisations (slugs; empty = all), minSeverity and channels. Without routes nothing is sent.',
      ),
    maintenance: z
      .array(maintenanceSchema)
      .default([])
      .describe(
        'Maintenance windows (config file only): site origin, from and to (ISO 8601), reason. Notifications for the site in the window are recorded but not sent.',
      ),
    maxAttempts: intIn(1, 100)
      .default(12)
      .describe('Delivery attempts of one notification before it is marked failed.'),
    retryBaseMs: intIn(100, 3_600_000)
      .default(2000)
      .describe('Delay before the first retry; each further retry doubles it (exponential backoff, with jitter).'),
    retryMaxMs: intIn(1000, 86_400_000).default(900_000).describe('Longest delay between two delivery attempts.'),
    pollMs: intIn(50, 60_000).default(1000).describe('How often the outbox is read for due notifications.'),
    timeoutMs: intIn(100, 120_000)
      .default(10_000)
      .describe('Give up one delivery attempt after this many milliseconds.'),
  })
  .prefault({});

export const incidentsSchema = z
  .strictObject({
    restoreAfterChecks: intIn(1, 100)
      .default(2)
      .describe('Healthy checks in a row that confirm a page is restored and close its incident.'),
    campaignWindowHours: intIn(1, 24 * 90)
      .default(72)
      .describe(
        'Site incidents opened this close in time that share a defacer signature or injected host form one campaign.',
      ),
  })
  .prefault({});

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-field rules: routes name known channels, channel names are unique, windows end after they start. */
export function checkAlerts(section: unknown, report: Issue): void {
  if (typeof section !== 'object' || section === null) return;
  const s = section as Record<string, unknown>;
  const channels = Array.isArray(s['channels']) ? (s['channels'] as unknown[]) : [];
  const names = new Set<string>();
  channels.forEach((c, i) => {
    const n = typeof c === 'object' && c !== null ? (c as Record<string, unknown>)['name'] : undefined;
    if (typeof n !== 'string') return;
    if (names.has(n)) report(['alerts', 'channels', i, 'name'], `"${n}" is used by another channel`);
    names.add(n);
  });
  const routes = Array.isArray(s['routes']) ? (s['routes'] as unknown[]) : [];
  routes.forEach((r, i) => {
    const list = typeof r === 'object' && r !== null ? (r as Record<string, unknown>)['channels'] : undefined;
    if (!Array.isArray(list)) return;
    list.forEach((n, j) => {
      if (typeof n === 'string' && !names.has(n))
        report(['alerts', 'routes', i, 'channels', j], `no channel is named "${n}"`);
    });
  });
  const windows = Array.isArray(s['maintenance']) ? (s['maintenance'] as unknown[]) : [];
  windows.forEach((w, i) => {
    if (typeof w !== 'object' || w === null) return;
    const { from, to } = w as Record<string, unknown>;
    if (typeof from === 'string' && typeof to === 'string' && Date.parse(to) <= Date.parse(from))
      report(['alerts', 'maintenance', i, 'to'], 'must be after from');
  });
}
