import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../types.ts';
import { ErrorSchema, IdParam, PageSchema, TargetRequestSchema, TargetResultSchema } from '../schemas.ts';
import { addTarget } from '../../estate/add-target.ts';
import type { TargetControl } from '../../estate/target-control.ts';
import type { Page } from '../../store/types.ts';
import { badRequest, notFound } from '../errors.ts';
import { presentPage } from '../present.ts';
import { declareAccess, principalOf, SCOPED, scopedWrite } from '../access.ts';
import { visiblePage } from '../tenancy.ts';

/** Pausing and removing targets, and telling a running watch about it. */
export interface TargetApiDeps {
  control: TargetControl;
  /** A running watch drops the page from its schedule (paused, removed) or puts it back (resumed). */
  onChanged?: (change: 'paused' | 'resumed' | 'removed', page: Page) => void;
}

const addTargetRoute = createRoute({
  method: 'post',
  path: '/api/targets',
  tags: ['pages'],
  summary: 'Add a page to watch (its site and organisation are created if needed)',
  request: { body: { required: true, content: { 'application/json': { schema: TargetRequestSchema } } } },
  responses: {
    201: { description: 'Added', content: { 'application/json': { schema: TargetResultSchema } } },
    200: { description: 'Already watched', content: { 'application/json': { schema: TargetResultSchema } } },
    400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const TargetStateSchema = z
  .object({ page: PageSchema, paused: z.boolean(), pausedAt: z.number().nullable(), pausedBy: z.string().nullable() })
  .openapi('TargetState');
const notFoundResponse = {
  description: 'No such page (or not one of yours)',
  content: { 'application/json': { schema: ErrorSchema } },
};

const pauseRoute = createRoute({
  method: 'post',
  path: '/api/targets/{id}/pause',
  tags: ['pages'],
  summary: 'Stop checking a page, keeping it and its history (pausing twice keeps the first pause)',
  request: { params: IdParam },
  responses: {
    200: { description: 'Paused', content: { 'application/json': { schema: TargetStateSchema } } },
    404: notFoundResponse,
  },
});
const resumeRoute = createRoute({
  method: 'post',
  path: '/api/targets/{id}/resume',
  tags: ['pages'],
  summary: 'Check a paused page again',
  request: { params: IdParam },
  responses: {
    200: { description: 'Resumed (or was not paused)', content: { 'application/json': { schema: TargetStateSchema } } },
    404: notFoundResponse,
  },
});
const removeRoute = createRoute({
  method: 'delete',
  path: '/api/targets/{id}',
  tags: ['pages'],
  summary:
    'Stop watching a page and delete it with its checks and resolved incidents (refused while it has an open incident: pause it instead)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Removed',
      content: { 'application/json': { schema: z.object({ removed: z.literal(true), page: PageSchema }) } },
    },
    404: notFoundResponse,
    409: {
      description: 'The page has an open or acknowledged incident',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

export function registerTargetRoutes(app: ApiApp, deps: ApiDeps) {
  // Adding pages to the watch is CSIRT work (SCOPED writes default to admin and analyst).
  declareAccess(app, { 'POST /api/targets': SCOPED });
  return app.openapi(addTargetRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await addTarget(deps.store, { ...body, source: 'declared' }, deps.now());
    if (!result.ok) return badRequest(c, result.message);
    if (result.created) deps.onPageAdded?.(result.page);
    return c.json({ page: presentPage(result.page), created: result.created }, result.created ? 201 : 200);
  });
}

/**
 * Pause, resume, remove: the CSIRT for any page, an organisation's members for their own pages (their
 * site under maintenance, a page that is gone). Another organisation's page is answered 404.
 */
export function registerTargetControlRoutes(app: ApiApp, deps: ApiDeps, targets: TargetApiDeps) {
  const writers = scopedWrite(['admin', 'analyst', 'member']);
  declareAccess(app, {
    'POST /api/targets/{id}/pause': writers,
    'POST /api/targets/{id}/resume': writers,
    'DELETE /api/targets/{id}': writers,
  });
  const { control } = targets;
  return app
    .openapi(pauseRoute, async (c) => {
      const page = await visiblePage(c, deps.store, c.req.valid('param').id);
      if (!page || !(await control.pause(page.id, deps.now(), principalOf(c).user.username)))
        return notFound(c, 'page');
      c.set('auditTarget', `pages:${page.id}`);
      c.set('auditDetail', { url: page.url });
      targets.onChanged?.('paused', page);
      const pause = await control.pauseOf(page.id);
      return c.json(
        { page: presentPage(page), paused: true, pausedAt: pause?.pausedAt ?? null, pausedBy: pause?.pausedBy ?? null },
        200,
      );
    })
    .openapi(resumeRoute, async (c) => {
      const page = await visiblePage(c, deps.store, c.req.valid('param').id);
      if (!page) return notFound(c, 'page');
      c.set('auditTarget', `pages:${page.id}`);
      c.set('auditDetail', { url: page.url });
      if (await control.resume(page.id)) targets.onChanged?.('resumed', page);
      return c.json({ page: presentPage(page), paused: false, pausedAt: null, pausedBy: null }, 200);
    })
    .openapi(removeRoute, async (c) => {
      const page = await visiblePage(c, deps.store, c.req.valid('param').id);
      if (!page) return notFound(c, 'page');
      c.set('auditTarget', `pages:${page.id}`);
      c.set('auditDetail', { url: page.url });
      const outcome = await control.remove(page.id);
      if (outcome === 'not-found') return notFound(c, 'page');
      if (outcome === 'active-incident') {
        return c.json(
          {
            error: 'conflict',
            message: `${page.url} has an open or acknowledged incident: close it first, or pause the page to keep it`,
          },
          409,
        );
      }
      targets.onChanged?.('removed', page);
      return c.json({ removed: true as const, page: presentPage(page) }, 200);
    });
}
