import { createRoute } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../types.ts';
import { FindingListQuery, FindingListSchema } from '../schemas.ts';
import { declareAccess, SCOPED, scopedOrganisations } from '../access.ts';
import { visibleSite } from '../tenancy.ts';

const listFindings = createRoute({
  method: 'get',
  path: '/api/findings',
  tags: ['findings'],
  summary:
    'Site-level findings: pages in a site’s sitemap that look like they should not exist (hacked, shell, doorway pages), newest first',
  request: { query: FindingListQuery },
  responses: { 200: { description: 'Findings', content: { 'application/json': { schema: FindingListSchema } } } },
});

export function registerFindingRoutes(app: ApiApp, deps: ApiDeps) {
  declareAccess(app, { 'GET /api/findings': SCOPED });
  return app.openapi(listFindings, async (c) => {
    const q = c.req.valid('query');
    const scoped = scopedOrganisations(c);
    if (!scoped || (q.siteId && !(await visibleSite(c, deps.store, q.siteId)))) return c.json({ items: [] }, 200);
    const items = await deps.store.listSiteFindings({
      ...scoped,
      limit: q.limit,
      ...(q.siteId ? { siteId: q.siteId } : {}),
      ...(q.open ? { open: q.open === 'true' } : {}),
    });
    return c.json({ items }, 200);
  });
}
