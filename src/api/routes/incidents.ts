/**
 * Incidents, campaigns and notifications: list, read with the timeline, and the analyst's actions.
 * Handlers parse, call the IncidentService or the stores, and answer; the decisions live in
 * core/incidents. Registered only when the process has the incident stage.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  INCIDENT_EVENT_TYPES,
  INCIDENT_KINDS,
  INCIDENT_SEVERITIES,
  INCIDENT_STATES,
  type AnalystAction,
} from '../../core/incidents/index.ts';
import type { OutboxStore } from '../../alert/outbox-store.ts';
import { OUTBOX_STATES } from '../../alert/types.ts';
import type { IncidentService } from '../../incidents/incident-service.ts';
import type { IncidentStore } from '../../incidents/incident-store.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import type { ApiApp } from '../types.ts';
import { canSee, declareAccess, orgScope, principalOf, SCOPED, scopedOrganisations, scopedWrite } from '../access.ts';

export interface IncidentApiDeps {
  store: IncidentStore;
  service: IncidentService;
  outbox: OutboxStore;
  now: () => number;
  /** Scrubs a delivery error of its channel's secrets (ChannelService.scrubError); errors are shown as stored without it. */
  scrubError?: (channel: string, text: string) => string;
}

const id = z.number();
const IncidentSchema = z
  .object({
    id,
    scope: z.enum(['page', 'site']),
    organisationId: id,
    siteId: id,
    pageId: id.nullable(),
    parentId: id.nullable(),
    campaignId: id.nullable(),
    threatId: z.string().nullable(),
    kind: z.enum(INCIDENT_KINDS),
    severity: z.enum(INCIDENT_SEVERITIES),
    state: z.enum(INCIDENT_STATES),
    title: z.string(),
    summary: z.string(),
    fingerprint: z.string(),
    healthyStreak: z.number(),
    openedAt: z.number(),
    lastSeenAt: z.number(),
    firstCheckId: id.nullable(),
    lastCheckId: id.nullable(),
    acknowledgedAt: z.number().nullable(),
    resolvedAt: z.number().nullable(),
    resolution: z.enum(['restored', 'resolved', 'false_positive']).nullable(),
    relearn: z.enum(['pending', 'approved']).nullable(),
    suppressing: z.boolean(),
    signatures: z.array(z.string()),
    hosts: z.array(z.string()),
    reasonCodes: z.array(z.string()),
  })
  .openapi('Incident');
const EventSchema = z
  .object({
    id,
    incidentId: id,
    type: z.enum(INCIDENT_EVENT_TYPES),
    at: z.number(),
    checkId: id.nullable(),
    pageId: id.nullable(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()),
    actor: z.string().nullable(),
    notify: z.boolean(),
  })
  .openapi('IncidentEvent');
const NotificationSchema = z
  .object({
    id,
    channel: z.string(),
    dedupKey: z.string(),
    incidentId: id.nullable(),
    eventId: id.nullable(),
    severity: z.enum(INCIDENT_SEVERITIES),
    state: z.enum(OUTBOX_STATES),
    attempts: z.number(),
    nextAttemptAt: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.number(),
    deliveredAt: z.number().nullable(),
    event: z.string(),
  })
  .openapi('Notification');
const CampaignSchema = z
  .object({ id, title: z.string(), keys: z.array(z.string()), createdAt: z.number(), updatedAt: z.number() })
  .openapi('Campaign');
const IncidentDetailSchema = z
  .object({
    incident: IncidentSchema,
    timeline: z.array(EventSchema),
    pages: z.array(IncidentSchema),
    notifications: z.array(NotificationSchema),
  })
  .openapi('IncidentDetail');

const limit = z.coerce.number().int().min(1).max(500).default(50);
const IncidentListQuery = z.object({
  state: z
    .enum([...INCIDENT_STATES, 'active'])
    .optional()
    .openapi({ description: '`active` = open or acknowledged' }),
  scope: z.enum(['page', 'site']).optional(),
  organisationId: z.coerce.number().int().positive().optional(),
  siteId: z.coerce.number().int().positive().optional(),
  pageId: z.coerce.number().int().positive().optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  limit,
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'Keyset cursor: the nextBefore of the previous answer' }),
});
const ActionBody = z
  .object({
    actor: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Ignored: the signed-in user is recorded as the actor' }),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .openapi('IncidentAction');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  404: json(ErrorSchema, 'No such incident'),
  409: json(ErrorSchema, 'The incident’s state does not allow this action'),
};

const listIncidents = createRoute({
  method: 'get',
  path: '/api/incidents',
  tags: ['incidents'],
  summary: 'Incidents, newest first (filter by state, scope, organisation, site, page, campaign, severity, kind)',
  request: { query: IncidentListQuery },
  responses: { 200: json(z.object({ items: z.array(IncidentSchema), nextBefore: id.nullable() }), 'Incidents') },
});
const getIncident = createRoute({
  method: 'get',
  path: '/api/incidents/{id}',
  tags: ['incidents'],
  summary: 'One incident with its timeline, its page incidents and its notifications',
  request: { params: IdParam },
  responses: { 200: json(IncidentDetailSchema, 'The incident'), 404: errors[404] },
});

const ACTIONS = [
  {
    path: 'acknowledge',
    action: 'acknowledge',
    summary: 'Acknowledge an open incident (a site incident acknowledges its pages too)',
  },
  {
    path: 'resolve',
    action: 'resolve',
    summary: 'Resolve an incident by hand (restoration is otherwise confirmed automatically)',
  },
  {
    path: 'false-positive',
    action: 'false_positive',
    summary: 'Mark a false positive: the finding is silenced and a baseline relearn waits for approval',
  },
  {
    path: 'approve-relearn',
    action: 'approve_relearn',
    summary: 'Approve the pending relearn: the page’s baseline is learnt again from its next checks',
  },
] as const satisfies readonly { path: string; action: AnalystAction; summary: string }[];
type ActionPath = (typeof ACTIONS)[number]['path'];

/** One action's route; the path stays a literal type so the typed client knows each action by name. */
function actionRoute<P extends ActionPath>(path: P) {
  const { summary } = ACTIONS.find((a) => a.path === path)!;
  return createRoute({
    method: 'post',
    path: `/api/incidents/{id}/${path}`,
    tags: ['incidents'],
    summary,
    request: { params: IdParam, body: { content: { 'application/json': { schema: ActionBody } }, required: false } },
    responses: {
      200: json(
        z.object({ incident: IncidentSchema, timeline: z.array(EventSchema) }),
        'The incident after the action',
      ),
      400: json(ErrorSchema, 'Invalid body'),
      ...errors,
    },
  });
}
const acknowledgeRoute = actionRoute('acknowledge');
const resolveRoute = actionRoute('resolve');
const falsePositiveRoute = actionRoute('false-positive');
const approveRelearnRoute = actionRoute('approve-relearn');

const listCampaigns = createRoute({
  method: 'get',
  path: '/api/campaigns',
  tags: ['incidents'],
  summary: 'Campaigns: incidents across sites linked by a defacer signature, an injected host or a threat',
  request: { query: z.object({ limit }) },
  responses: { 200: json(z.object({ items: z.array(CampaignSchema) }), 'Campaigns') },
});
const getCampaign = createRoute({
  method: 'get',
  path: '/api/campaigns/{id}',
  tags: ['incidents'],
  summary: 'One campaign with its incidents',
  request: { params: IdParam },
  responses: {
    200: json(z.object({ campaign: CampaignSchema, incidents: z.array(IncidentSchema) }), 'The campaign'),
    404: json(ErrorSchema, 'No such campaign'),
  },
});
const listNotifications = createRoute({
  method: 'get',
  path: '/api/notifications',
  tags: ['incidents'],
  summary: 'The notification outbox, newest first',
  request: {
    query: z.object({
      state: z.enum(OUTBOX_STATES).optional(),
      incidentId: z.coerce.number().int().positive().optional(),
      limit,
    }),
  },
  responses: { 200: json(z.object({ items: z.array(NotificationSchema) }), 'Notifications') },
});

function presentNotification(
  n: Awaited<ReturnType<OutboxStore['list']>>[number],
  scrub: IncidentApiDeps['scrubError'],
) {
  const { message, ...rest } = n;
  return {
    ...rest,
    event: message.event,
    lastError: rest.lastError !== null && scrub ? scrub(n.channel, rest.lastError) : rest.lastError,
  };
}

export function registerIncidentRoutes(app: ApiApp, deps: IncidentApiDeps) {
  declareAccess(app, {
    'GET /api/incidents': SCOPED,
    'GET /api/incidents/{id}': SCOPED,
    'GET /api/campaigns': SCOPED,
    'GET /api/campaigns/{id}': SCOPED,
    'GET /api/notifications': SCOPED,
    // Members handle their own organisation's incidents; investigators only read.
    ...Object.fromEntries(
      ACTIONS.map((a) => [`POST /api/incidents/{id}/${a.path}`, scopedWrite(['admin', 'analyst', 'member'])]),
    ),
  });
  return (
    app
      .openapi(listIncidents, async (c) => {
        const q = c.req.valid('query');
        const scoped = scopedOrganisations(c, q.organisationId);
        if (!scoped) return c.json({ items: [], nextBefore: null }, 200);
        const items = await deps.store.list({
          ...scoped,
          limit: q.limit,
          ...(q.state ? { state: q.state } : {}),
          ...(q.scope ? { scope: q.scope } : {}),
          ...(q.organisationId ? { organisationId: q.organisationId } : {}),
          ...(q.siteId ? { siteId: q.siteId } : {}),
          ...(q.pageId ? { pageId: q.pageId } : {}),
          ...(q.campaignId ? { campaignId: q.campaignId } : {}),
          ...(q.severity ? { severity: q.severity } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.before ? { beforeId: q.before } : {}),
        });
        return c.json({ items, nextBefore: items.length === q.limit ? (items.at(-1)?.id ?? null) : null }, 200);
      })
      .openapi(getIncident, async (c) => {
        const incidentId = c.req.valid('param').id;
        const incident = await deps.store.get(incidentId);
        if (!incident || !canSee(c, incident.organisationId)) return notFound(c, 'incident');
        const [timeline, pages, notifications] = await Promise.all([
          deps.store.events(incidentId),
          incident.scope === 'site' ? deps.store.children(incidentId) : Promise.resolve([]),
          deps.outbox.list({ incidentId, limit: 100 }),
        ]);
        return c.json(
          {
            incident,
            timeline,
            pages,
            notifications: notifications.map((n) => presentNotification(n, deps.scrubError)),
          },
          200,
        );
      })
      .openapi(acknowledgeRoute, (c) => act(c, deps, 'acknowledge', c.req.valid('param').id))
      .openapi(resolveRoute, (c) => act(c, deps, 'resolve', c.req.valid('param').id))
      .openapi(falsePositiveRoute, (c) => act(c, deps, 'false_positive', c.req.valid('param').id))
      .openapi(approveRelearnRoute, (c) => act(c, deps, 'approve_relearn', c.req.valid('param').id))
      // A campaign is visible when one of its incidents is, and shows only the visible incidents.
      .openapi(listCampaigns, async (c) =>
        c.json(
          {
            items: await deps.store.listCampaigns(c.req.valid('query').limit, scopedOrganisations(c)?.organisationIds),
          },
          200,
        ),
      )
      .openapi(getCampaign, async (c) => {
        const campaignId = c.req.valid('param').id;
        const campaign = await deps.store.getCampaign(campaignId);
        const incidents = campaign ? await deps.store.list({ ...scopedOrganisations(c), campaignId, limit: 500 }) : [];
        if (!campaign || (incidents.length === 0 && orgScope(c) !== 'all')) return notFound(c, 'campaign');
        return c.json({ campaign, incidents }, 200);
      })
      .openapi(listNotifications, async (c) => {
        const q = c.req.valid('query');
        const items = await deps.outbox.list({
          ...scopedOrganisations(c),
          limit: q.limit,
          ...(q.state ? { state: q.state } : {}),
          ...(q.incidentId ? { incidentId: q.incidentId } : {}),
        });
        return c.json({ items: items.map((n) => presentNotification(n, deps.scrubError)) }, 200);
      })
  );
}

/** An analyst's action on one incident: the body is read by hand, since it may be absent. */
async function act(c: Context, deps: IncidentApiDeps, action: AnalystAction, incidentId: number) {
  const body = await readBody(c);
  if (!body.success)
    return c.json(
      {
        error: 'bad_request',
        message: 'invalid request body',
        issues: body.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      },
      400,
    );
  const incident = await deps.store.get(incidentId);
  if (!incident || !canSee(c, incident.organisationId)) return notFound(c, 'incident');
  // The signed-in user is the actor of record, whatever the body says.
  const actor = principalOf(c).user.username;
  const result = await deps.service.act(incidentId, { action, at: deps.now(), actor, note: body.data.note ?? null });
  if (!result.ok)
    return c.json({ error: result.status === 404 ? 'not_found' : 'conflict', message: result.message }, result.status);
  return c.json({ incident: result.incident, timeline: await deps.store.events(incidentId) }, 200);
}

/** The action body is optional: no body (or an empty one) means no actor and no note. */
async function readBody(c: Context) {
  const text = await c.req.text();
  if (text.trim() === '') return ActionBody.safeParse({});
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return ActionBody.safeParse(Symbol('not json'));
  }
  return ActionBody.safeParse(value);
}
