import { createRoute } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../types.ts';
import { HealthSchema } from '../schemas.ts';
import { declareAccess, PUBLIC } from '../access.ts';

const health = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['system'],
  summary: 'Liveness, database and watch-loop figures',
  responses: { 200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } } },
});

/** Scheduler lag beyond this makes the service report itself degraded. */
const DEGRADED_LAG_MS = 60_000;

export function registerHealthRoutes(app: ApiApp, deps: ApiDeps) {
  // Public so load balancers and probes need no credentials; it tells nothing about the estate.
  declareAccess(app, { 'GET /api/health': PUBLIC });
  return app.openapi(health, async (c) => {
    const live = (await deps.health?.()) ?? {};
    const degraded = (live.scheduler?.lagMs ?? 0) > DEGRADED_LAG_MS;
    return c.json(
      {
        status: degraded ? ('degraded' as const) : ('ok' as const),
        version: deps.version,
        database: deps.store.dialect,
        ...live,
      },
      200,
    );
  });
}
