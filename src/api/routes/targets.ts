import { createRoute } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../types.ts';
import { ErrorSchema, TargetRequestSchema, TargetResultSchema } from '../schemas.ts';
import { addTarget } from '../../estate/add-target.ts';
import { badRequest } from '../errors.ts';
import { presentPage } from '../present.ts';
import { declareAccess, SCOPED } from '../access.ts';

const addTargetRoute = createRoute({
  method: 'post', path: '/api/targets', tags: ['pages'], summary: 'Add a page to watch (its site and organisation are created if needed)',
  request: { body: { required: true, content: { 'application/json': { schema: TargetRequestSchema } } } },
  responses: {
    201: { description: 'Added', content: { 'application/json': { schema: TargetResultSchema } } },
    200: { description: 'Already watched', content: { 'application/json': { schema: TargetResultSchema } } },
    400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function registerTargetRoutes(app: ApiApp, deps: ApiDeps): void {
  // Adding pages to the watch is CSIRT work (SCOPED writes default to admin and analyst).
  declareAccess(app, { 'POST /api/targets': SCOPED });
  app.openapi(addTargetRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await addTarget(deps.store, { ...body, source: 'declared' }, deps.now());
    if (!result.ok) return badRequest(c, result.message);
    if (result.created) deps.onPageAdded?.(result.page);
    return c.json({ page: presentPage(result.page), created: result.created }, result.created ? 201 : 200);
  });
}
