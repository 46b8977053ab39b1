import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../types.ts';
import { ErrorSchema, IdParam, OrganisationSchema, SiteSchema, SummarySchema } from '../schemas.ts';
import { notFound } from '../errors.ts';
import { canSee, declareAccess, orgScope, SCOPED, scopedOrganisations } from '../access.ts';
import { visibleSite } from '../tenancy.ts';

const listOrganisations = createRoute({
  method: 'get',
  path: '/api/organisations',
  tags: ['estate'],
  summary: 'List organisations',
  responses: {
    200: {
      description: 'Organisations',
      content: { 'application/json': { schema: z.object({ items: z.array(OrganisationSchema) }) } },
    },
  },
});

const getOrganisation = createRoute({
  method: 'get',
  path: '/api/organisations/{id}',
  tags: ['estate'],
  summary: 'One organisation',
  request: { params: IdParam },
  responses: {
    200: { description: 'The organisation', content: { 'application/json': { schema: OrganisationSchema } } },
    404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const listSites = createRoute({
  method: 'get',
  path: '/api/sites',
  tags: ['estate'],
  summary: 'List sites',
  request: { query: z.object({ organisationId: z.coerce.number().int().positive().optional() }) },
  responses: {
    200: {
      description: 'Sites',
      content: { 'application/json': { schema: z.object({ items: z.array(SiteSchema) }) } },
    },
  },
});

const getSite = createRoute({
  method: 'get',
  path: '/api/sites/{id}',
  tags: ['estate'],
  summary: 'One site',
  request: { params: IdParam },
  responses: {
    200: { description: 'The site', content: { 'application/json': { schema: SiteSchema } } },
    404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const summary = createRoute({
  method: 'get',
  path: '/api/summary',
  tags: ['estate'],
  summary: 'Page counts by status',
  request: { query: z.object({ organisationId: z.coerce.number().int().positive().optional() }) },
  responses: { 200: { description: 'Counts', content: { 'application/json': { schema: SummarySchema } } } },
});

export function registerEstateRoutes(app: ApiApp, deps: ApiDeps) {
  declareAccess(app, {
    'GET /api/organisations': SCOPED,
    'GET /api/organisations/{id}': SCOPED,
    'GET /api/sites': SCOPED,
    'GET /api/sites/{id}': SCOPED,
    'GET /api/summary': SCOPED,
  });
  return (
    app
      .openapi(listOrganisations, async (c) => {
        const scope = orgScope(c);
        const all = await deps.store.listOrganisations();
        return c.json({ items: scope === 'all' ? all : all.filter((o) => scope.includes(o.id)) }, 200);
      })
      .openapi(getOrganisation, async (c) => {
        const { id } = c.req.valid('param');
        const org = canSee(c, id) ? await deps.store.getOrganisation(id) : null;
        return org ? c.json(org, 200) : notFound(c, 'organisation');
      })
      .openapi(listSites, async (c) => {
        const q = c.req.valid('query');
        const scoped = scopedOrganisations(c, q.organisationId);
        return c.json({ items: scoped ? await deps.store.listSites({ ...q, ...scoped }) : [] }, 200);
      })
      .openapi(getSite, async (c) => {
        const site = await visibleSite(c, deps.store, c.req.valid('param').id);
        return site ? c.json(site, 200) : notFound(c, 'site');
      })
      // Counts are of the caller's organisations only.
      .openapi(summary, async (c) => {
        const q = c.req.valid('query');
        const scoped = scopedOrganisations(c, q.organisationId);
        return c.json(await deps.store.countPagesByStatus(scoped ? { ...q, ...scoped } : { organisationIds: [] }), 200);
      })
  );
}
