/**
 * A site's DNS, certificate, domain registration and security headers history: what each site watch
 * saw and found, one entry per change (GET only; the watches write through their own stage).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { WATCH_KINDS, type WatchKind } from '../../core/site/findings.ts';
import type { SiteWatchStore } from '../../site-watch/site-watch-store.ts';
import type { EstateStore } from '../../store/types.ts';
import { declareAccess, SCOPED } from '../access.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema, ReasonSchema } from '../schemas.ts';
import { visibleSite } from '../tenancy.ts';
import type { ApiApp } from '../types.ts';

export interface SiteWatchApiDeps {
  store: EstateStore;
  watches: SiteWatchStore;
}

const WatchFindingSchema = ReasonSchema.extend({
  incident: z.enum(['tampered', 'suspicious', 'down', 'degraded']).nullable(),
}).openapi('WatchFinding');

const LookSchema = z
  .object({
    id: z.number().int(),
    watch: z.enum(WATCH_KINDS),
    at: z.number().int().openapi({ description: 'First look that saw this (epoch ms).' }),
    lastAt: z.number().int().openapi({ description: 'Latest look that saw exactly this (epoch ms).' }),
    subject: z.string().openapi({ description: 'The name resolved, host connected to, domain asked about or URL.' }),
    outcome: z.enum(['ok', 'findings', 'error']),
    snapshot: z
      .unknown()
      .openapi({ description: 'What the look saw: records, certificate chain, registration or headers.' }),
    findings: z.array(WatchFindingSchema),
    error: z.string().nullable(),
    incidentId: z.number().int().nullable(),
  })
  .openapi('SiteWatchLook');

const Params = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  watch: z.enum(WATCH_KINDS).openapi({ param: { name: 'watch', in: 'path' }, example: 'dns' }),
});

const history = createRoute({
  method: 'get',
  path: '/api/sites/{id}/watch/{watch}',
  tags: ['site watch'],
  summary: 'A site’s DNS, certificate (tls), domain registration or security headers history, newest first',
  request: {
    params: Params,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      beforeId: z.coerce.number().int().positive().optional(),
    }),
  },
  responses: {
    200: {
      description: 'Looks',
      content: { 'application/json': { schema: z.object({ items: z.array(LookSchema) }) } },
    },
    404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const latest = createRoute({
  method: 'get',
  path: '/api/sites/{id}/watch',
  tags: ['site watch'],
  summary: 'The latest look of each site watch',
  request: { params: Params.pick({ id: true }) },
  responses: {
    200: {
      description: 'Latest looks by watch (null: never looked)',
      content: { 'application/json': { schema: z.record(z.enum(WATCH_KINDS), LookSchema.nullable()) } },
    },
    404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function registerSiteWatchRoutes(app: ApiApp, deps: SiteWatchApiDeps) {
  declareAccess(app, { 'GET /api/sites/{id}/watch/{watch}': SCOPED, 'GET /api/sites/{id}/watch': SCOPED });
  return app
    .openapi(history, async (c) => {
      const { id, watch } = c.req.valid('param');
      const q = c.req.valid('query');
      if (!(await visibleSite(c, deps.store, id))) return notFound(c, 'Site');
      const items = await deps.watches.looks(id, watch, q.limit, q.beforeId);
      return c.json({ items }, 200);
    })
    .openapi(latest, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await visibleSite(c, deps.store, id))) return notFound(c, 'Site');
      const entries = await Promise.all(
        WATCH_KINDS.map(async (w: WatchKind) => [w, (await deps.watches.looks(id, w, 1))[0] ?? null] as const),
      );
      return c.json(Object.fromEntries(entries) as Record<WatchKind, (typeof entries)[number][1]>, 200);
    });
}
