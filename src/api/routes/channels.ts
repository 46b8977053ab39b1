/**
 * Notification channels for the console's settings: each configured channel with a redacted
 * destination, the routes that use it and its outbox figures, the maintenance windows, and a test
 * notification an admin queues through the outbox. CSIRT-wide: organisation users get 404.
 * Handlers are thin; the view and the test are the ChannelService's (src/alert/).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { ChannelService } from '../../alert/channel-service.ts';
import { INCIDENT_SEVERITIES } from '../../core/incidents/index.ts';
import { ADMIN, csirt, declareAccess, principalOf } from '../access.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiApp } from '../types.ts';

export interface ChannelRouteDeps {
  channels: ChannelService;
  now: () => number;
}

const time = z.number().openapi({ description: 'Epoch milliseconds' });
const ChannelSchema = z
  .object({
    name: z.string(),
    type: z.enum(['webhook', 'slack', 'teams', 'email', 'syslog']),
    destination: z.string().openapi({
      description:
        'Where it sends, redacted: a URL’s host only (its path and query may be the credential), an SMTP server with the recipients, a syslog host, port and protocol. Secrets are never shown.',
    }),
    signed: z.boolean().openapi({ description: 'A webhook whose bodies carry an HMAC signature' }),
    routes: z.array(
      z.object({
        organisations: z.array(z.string()).openapi({ description: 'Organisation slugs; empty = every organisation' }),
        minSeverity: z.enum(INCIDENT_SEVERITIES),
      }),
    ),
    outbox: z.object({
      pending: z.number(),
      failed: z.number(),
      delivered: z.number(),
      suppressed: z.number(),
      lastDeliveredAt: time.nullable(),
      lastError: z.object({ message: z.string(), at: time.nullable() }).nullable().openapi({
        description: 'The newest error of a message still retried or given up on, scrubbed of the channel’s secrets',
      }),
    }),
    status: z.enum(['ok', 'failing', 'pending', 'unused']).openapi({
      description:
        'ok: the latest news is a delivery; failing: an error came after the last delivery; pending: waiting for a first try; unused: nothing sent yet',
    }),
  })
  .openapi('Channel');
const MaintenanceSchema = z
  .object({ site: z.string(), from: time, to: time, reason: z.string(), active: z.boolean() })
  .openapi('MaintenanceWindow');
const ChannelTestSchema = z
  .object({
    id: z.number().openapi({ description: 'The notification’s id in the outbox (GET /api/notifications)' }),
    channel: z.string(),
    state: z.literal('pending'),
    event: z.string(),
  })
  .openapi('ChannelTest');
const NameParam = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'soc-webhook' }),
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const listChannels = createRoute({
  method: 'get',
  path: '/api/channels',
  tags: ['notifications'],
  summary:
    'Notification channels (CSIRT): redacted destinations, the routes that use them, outbox figures per channel; and the maintenance windows',
  responses: {
    200: json(z.object({ items: z.array(ChannelSchema), maintenance: z.array(MaintenanceSchema) }), 'Channels'),
    404: json(ErrorSchema, 'Not for organisation accounts'),
  },
});
const testChannel = createRoute({
  method: 'post',
  path: '/api/channels/{name}/test',
  tags: ['notifications'],
  summary:
    'Queue a test notification (event mamori.test) on a channel through the outbox, retried like any other (admin)',
  request: { params: NameParam },
  responses: {
    202: json(ChannelTestSchema, 'Queued'),
    403: json(ErrorSchema, 'Not an admin'),
    404: json(ErrorSchema, 'No channel of that name'),
  },
});

export function registerChannelRoutes(app: ApiApp, deps: ChannelRouteDeps) {
  declareAccess(app, { 'GET /api/channels': csirt(), 'POST /api/channels/{name}/test': ADMIN });
  return app
    .openapi(listChannels, async (c) => c.json(await deps.channels.overview(deps.now()), 200))
    .openapi(testChannel, async (c) => {
      const { name } = c.req.valid('param');
      c.set('auditTarget', `channels:${name}`);
      const entry = await deps.channels.sendTest(name, principalOf(c).user.username, deps.now());
      if (!entry) return notFound(c, `channel ${name}`);
      c.set('auditDetail', { notificationId: entry.id });
      return c.json(
        { id: entry.id, channel: entry.channel, state: 'pending' as const, event: entry.message.event },
        202,
      );
    });
}
