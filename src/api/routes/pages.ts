import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../types.ts';
import {
  CheckListQuery,
  CheckSchema,
  ErrorSchema,
  IdParam,
  PageListQuery,
  PageListSchema,
  PageSchema,
} from '../schemas.ts';
import { notFound } from '../errors.ts';
import { presentPage } from '../present.ts';
import { declareAccess, SCOPED, scopedOrganisations } from '../access.ts';
import { visibleCheck, visiblePage } from '../tenancy.ts';

const notFoundResponse = { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } };

const listPages = createRoute({
  method: 'get',
  path: '/api/pages',
  tags: ['pages'],
  summary: 'List pages (keyset-paginated, filterable by status, site, organisation, URL text)',
  request: { query: PageListQuery },
  responses: { 200: { description: 'A page of pages', content: { 'application/json': { schema: PageListSchema } } } },
});

const getPage = createRoute({
  method: 'get',
  path: '/api/pages/{id}',
  tags: ['pages'],
  summary: 'One page with its baseline summary',
  request: { params: IdParam },
  responses: {
    200: { description: 'The page', content: { 'application/json': { schema: PageSchema } } },
    404: notFoundResponse,
  },
});

const listChecks = createRoute({
  method: 'get',
  path: '/api/pages/{id}/checks',
  tags: ['pages'],
  summary: 'A page’s check history, newest first',
  request: { params: IdParam, query: CheckListQuery },
  responses: {
    200: {
      description: 'Checks',
      content: { 'application/json': { schema: z.object({ items: z.array(CheckSchema) }) } },
    },
    404: notFoundResponse,
  },
});

const getCheck = createRoute({
  method: 'get',
  path: '/api/checks/{id}',
  tags: ['pages'],
  summary: 'One check with its verdict and reasons',
  request: { params: IdParam },
  responses: {
    200: { description: 'The check', content: { 'application/json': { schema: CheckSchema } } },
    404: notFoundResponse,
  },
});

export function registerPageRoutes(app: ApiApp, deps: ApiDeps) {
  declareAccess(app, {
    'GET /api/pages': SCOPED,
    'GET /api/pages/{id}': SCOPED,
    'GET /api/pages/{id}/checks': SCOPED,
    'GET /api/checks/{id}': SCOPED,
  });
  return app
    .openapi(listPages, async (c) => {
      const q = c.req.valid('query');
      const scoped = scopedOrganisations(c, q.organisationId);
      if (!scoped) return c.json({ items: [], total: 0, nextAfter: null }, 200);
      const list = await deps.store.listPages({
        ...scoped,
        limit: q.limit,
        ...(q.after !== undefined ? { afterId: q.after } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.siteId ? { siteId: q.siteId } : {}),
        ...(q.organisationId ? { organisationId: q.organisationId } : {}),
        ...(q.search ? { search: q.search } : {}),
      });
      return c.json({ items: list.items.map(presentPage), total: list.total, nextAfter: list.nextAfterId }, 200);
    })
    .openapi(getPage, async (c) => {
      const page = await visiblePage(c, deps.store, c.req.valid('param').id);
      return page ? c.json(presentPage(page), 200) : notFound(c, 'page');
    })
    .openapi(listChecks, async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      if (!(await visiblePage(c, deps.store, id))) return notFound(c, 'page');
      const items = await deps.store.listChecks(id, { limit: q.limit, ...(q.before ? { beforeId: q.before } : {}) });
      return c.json({ items }, 200);
    })
    .openapi(getCheck, async (c) => {
      const check = await visibleCheck(c, deps.store, c.req.valid('param').id);
      return check ? c.json(check, 200) : notFound(c, 'check');
    });
}
