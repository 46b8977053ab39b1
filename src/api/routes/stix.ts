/**
 * STIX 2.1 export: one bundle for an incident, a campaign or a time window. The handler parses the
 * scope and calls the export service; the mapping lives in src/interop/stix.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { StixExportService, StixNotFoundError, type IntelSource } from '../../interop/stix/export-service.ts';
import { parseStixScope } from '../../interop/stix/scope.ts';
import type { IncidentStore } from '../../incidents/incident-store.ts';
import type { EstateStore } from '../../store/types.ts';
import { badRequest } from '../errors.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiApp } from '../types.ts';
import { declareAccess, SCOPED, scopedOrganisations } from '../access.ts';

export interface StixApiDeps {
  store: EstateStore;
  incidents: IncidentStore;
  now: () => number;
  /** Threats and claims to include (src/intel). */
  intel?: IntelSource;
}

const BundleSchema = z
  .object({
    type: z.literal('bundle'),
    id: z.string(),
    // Every STIX object has a type and an id; the rest depends on the type (validated against the OASIS schemas).
    objects: z.array(z.looseObject({ type: z.string(), id: z.string() })),
  })
  .openapi('StixBundle');
const StixQuery = z.object({
  incidentId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'An incident (a site incident brings its page incidents)' }),
  campaignId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'A campaign and all its incidents' }),
  from: z
    .string()
    .optional()
    .openapi({ description: 'Window start: incidents active in the window (ISO 8601 or epoch ms)' }),
  to: z.string().optional().openapi({ description: 'Window end (default now)' }),
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const getStix = createRoute({
  method: 'get',
  path: '/api/stix',
  tags: ['interop'],
  summary:
    'STIX 2.1 bundle of incidents, campaigns, observations, indicators, organisations (and threats and claims) for one scope',
  request: { query: StixQuery },
  responses: {
    200: json(BundleSchema, 'A STIX 2.1 bundle'),
    400: json(ErrorSchema, 'No scope, or more than one'),
    404: json(ErrorSchema, 'No such incident or campaign'),
  },
});

export function registerStixRoutes(app: ApiApp, deps: StixApiDeps) {
  declareAccess(app, { 'GET /api/stix': SCOPED });
  const service = new StixExportService({
    store: deps.store,
    incidents: deps.incidents,
    ...(deps.intel ? { intel: deps.intel } : {}),
  });
  return app.openapi(getStix, async (c) => {
    const parsed = parseStixScope(c.req.valid('query'), deps.now());
    if (!parsed.ok)
      return badRequest(c, parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '), parsed.problems);
    try {
      const bundle = await service.export(parsed.scope, scopedOrganisations(c)?.organisationIds);
      return c.json(bundle, 200);
    } catch (error) {
      if (error instanceof StixNotFoundError) return c.json({ error: 'not_found', message: error.message }, 404);
      throw error;
    }
  });
}
