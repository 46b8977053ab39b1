/**
 * The threat watch and claims: announcements posted by analysts (or read from feeds), the threats
 * they opened with the organisations on heightened watch, and claims of attacks checked at once.
 * A member sees the threats that name its organisation and the claims about it; only CSIRT staff
 * post. Handlers parse, call the services and answer; the judging is in core/intel.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CSIRT_ROLES, declareAccess, orgScope, SCOPED, scopedWrite } from '../access.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiApp } from '../types.ts';
import type { ClaimService } from '../../intel/claim-service.ts';
import type { HeightenedWatch } from '../../intel/heightened.ts';
import type { IntelStore } from '../../intel/intel-store.ts';
import type { ThreatService } from '../../intel/threat-service.ts';
import type { Claim, Threat } from '../../intel/types.ts';

export interface IntelApiDeps {
  store: IntelStore;
  threats: ThreatService;
  claims: ClaimService;
  heightened: HeightenedWatch;
  now: () => number;
}

const TargetSchema = z
  .object({
    organisationId: z.number(),
    by: z.enum(['name', 'alias', 'domain', 'sector']),
    term: z.string(),
    watchUntil: z.number(),
  })
  .openapi('ThreatTarget');
const ThreatSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    source: z.string(),
    sourceUrl: z.string().nullable(),
    publishedAt: z.number(),
    createdAt: z.number(),
    watchUntil: z.number(),
    keywords: z.array(z.string()),
    reasons: z.array(z.string()),
    targets: z.array(TargetSchema),
    heightened: z
      .boolean()
      .openapi({ description: 'Its window is still open: its targets are on heightened watch now' }),
  })
  .openapi('Threat');
const ClaimSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    source: z.string(),
    sourceUrl: z.string().nullable(),
    targetUrl: z.string().nullable(),
    asserts: z.enum(['defaced', 'down', 'unspecified']),
    status: z.enum(['pending', 'confirmed', 'refuted', 'unverifiable']),
    summary: z.string(),
    organisationId: z.number().nullable(),
    siteId: z.number().nullable(),
    threatId: z.string().nullable(),
    incidentId: z.number().nullable(),
    checkIds: z.array(z.number()),
    createdAt: z.number(),
    checkedAt: z.number().nullable(),
  })
  .openapi('Claim');

const AnnouncementBody = z
  .object({
    title: z.string().trim().max(300).default(''),
    text: z
      .string()
      .trim()
      .min(1)
      .max(100_000)
      .openapi({ example: '#OpKokkai We will attack the Japanese government and the RIAJ.' }),
    source: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .default('api')
      .openapi({ description: 'Where it was seen (a channel, a forum)' }),
    sourceUrl: z.string().url().max(2000).optional(),
    publishedAt: z.string().datetime({ offset: true }).optional(),
  })
  .openapi('Announcement');
const ClaimBody = z
  .object({
    text: z.string().trim().min(1).max(10_000).openapi({ example: 'https://www.courts.go.jp/ hacked by X' }),
    url: z
      .string()
      .url()
      .max(2000)
      .optional()
      .openapi({ description: 'The page claimed, when the text does not name it' }),
    source: z.string().trim().min(1).max(100).default('api'),
    sourceUrl: z.string().url().max(2000).optional(),
    threatId: z.string().max(64).optional(),
  })
  .openapi('ClaimRequest');

const limit = z.coerce.number().int().min(1).max(200).default(50);
const before = z.coerce
  .number()
  .int()
  .positive()
  .optional()
  .openapi({ description: 'Keyset cursor: the nextBefore of the previous answer' });
const StringId = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'thr-0123456789abcdef' }),
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const postThreat = createRoute({
  method: 'post',
  path: '/api/threats',
  tags: ['intel'],
  summary:
    'Report an announcement: matched against the estate, it opens a threat and puts the organisations it names on heightened watch',
  request: body(AnnouncementBody),
  responses: {
    201: json(
      z.object({ threat: ThreatSchema, created: z.literal(true), reasons: z.array(z.string()) }),
      'A new threat',
    ),
    200: json(
      z.object({ threat: ThreatSchema.nullable(), created: z.literal(false), reasons: z.array(z.string()) }),
      'No threat (the reasons say why), or one already known',
    ),
    400: json(ErrorSchema, 'Invalid body'),
  },
});
const listThreats = createRoute({
  method: 'get',
  path: '/api/threats',
  tags: ['intel'],
  summary: 'Threats, newest first',
  request: {
    query: z.object({
      limit,
      before,
      active: z.enum(['true', 'false']).optional().openapi({ description: 'Only threats whose window is open' }),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(ThreatSchema), nextBefore: z.number().nullable() }), 'Threats') },
});
const getThreat = createRoute({
  method: 'get',
  path: '/api/threats/{id}',
  tags: ['intel'],
  summary: 'One threat with its targets and the claims made under it',
  request: { params: StringId },
  responses: {
    200: json(z.object({ threat: ThreatSchema, claims: z.array(ClaimSchema) }), 'The threat'),
    404: json(ErrorSchema, 'No such threat'),
  },
});
const postClaim = createRoute({
  method: 'post',
  path: '/api/claims',
  tags: ['intel'],
  summary:
    'Verify a claim of an attack: its target is checked now and the claim confirmed, refuted or unverifiable, with the checks as evidence',
  request: body(ClaimBody),
  responses: { 201: json(ClaimSchema, 'The claim as checked'), 400: json(ErrorSchema, 'Invalid body') },
});
const listClaims = createRoute({
  method: 'get',
  path: '/api/claims',
  tags: ['intel'],
  summary: 'Claims, newest first',
  request: {
    query: z.object({ limit, before, status: z.enum(['pending', 'confirmed', 'refuted', 'unverifiable']).optional() }),
  },
  responses: { 200: json(z.object({ items: z.array(ClaimSchema), nextBefore: z.number().nullable() }), 'Claims') },
});
const getClaim = createRoute({
  method: 'get',
  path: '/api/claims/{id}',
  tags: ['intel'],
  summary: 'One claim',
  request: { params: StringId },
  responses: { 200: json(ClaimSchema, 'The claim'), 404: json(ErrorSchema, 'No such claim') },
});

export function registerIntelRoutes(app: ApiApp, deps: IntelApiDeps) {
  declareAccess(app, {
    'POST /api/threats': scopedWrite(CSIRT_ROLES),
    'GET /api/threats': SCOPED,
    'GET /api/threats/{id}': SCOPED,
    'POST /api/claims': scopedWrite(CSIRT_ROLES),
    'GET /api/claims': SCOPED,
    'GET /api/claims/{id}': SCOPED,
  });
  const present = (t: Threat) => ({ ...t, heightened: t.watchUntil > deps.now() });
  const cursor = <T extends { createdAt: number }>(items: T[], max: number) =>
    items.length === max ? (items.at(-1)?.createdAt ?? null) : null;

  return app
    .openapi(postThreat, async (c) => {
      const b = c.req.valid('json');
      const result = await deps.threats.ingest({
        title: b.title,
        text: b.text,
        source: b.source,
        sourceUrl: b.sourceUrl ?? null,
        ...(b.publishedAt ? { publishedAt: Date.parse(b.publishedAt) } : {}),
      });
      const reasons = result.assessment.reasons;
      if (result.threat && result.created)
        return c.json({ threat: present(result.threat), created: true as const, reasons }, 201);
      return c.json({ threat: result.threat ? present(result.threat) : null, created: false as const, reasons }, 200);
    })
    .openapi(listThreats, async (c) => {
      const q = c.req.valid('query');
      const items = (
        await deps.store.listThreats({ scope: orgScope(c), limit: q.limit, ...(q.before ? { before: q.before } : {}) })
      ).map(present);
      const next = cursor(items, q.limit);
      return c.json(
        {
          items:
            q.active === 'true'
              ? items.filter((t) => t.heightened)
              : q.active === 'false'
                ? items.filter((t) => !t.heightened)
                : items,
          nextBefore: next,
        },
        200,
      );
    })
    .openapi(getThreat, async (c) => {
      const threat = await deps.store.getThreat(c.req.valid('param').id, orgScope(c));
      if (!threat) return notFound(c, 'threat');
      const claims = (await deps.store.listClaims({ scope: orgScope(c), limit: 200 })).filter(
        (cl) => cl.threatId === threat.id,
      );
      return c.json({ threat: present(threat), claims }, 200);
    })
    .openapi(postClaim, async (c) => {
      const b = c.req.valid('json');
      const claim: Claim = await deps.claims.verify({
        text: b.text,
        source: b.source,
        sourceUrl: b.sourceUrl ?? null,
        threatId: b.threatId ?? null,
        ...(b.url ? { url: b.url } : {}),
      });
      return c.json(claim, 201);
    })
    .openapi(listClaims, async (c) => {
      const q = c.req.valid('query');
      const items = await deps.store.listClaims({
        scope: orgScope(c),
        limit: q.limit,
        ...(q.before ? { before: q.before } : {}),
        ...(q.status ? { status: q.status } : {}),
      });
      return c.json({ items, nextBefore: cursor(items, q.limit) }, 200);
    })
    .openapi(getClaim, async (c) => {
      const claim = await deps.store.getClaim(c.req.valid('param').id, orgScope(c));
      return claim ? c.json(claim, 200) : notFound(c, 'claim');
    });
}
