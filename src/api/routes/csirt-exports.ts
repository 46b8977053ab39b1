/**
 * CSIRT exports over HTTP: GET /api/export/misp (a MISP core format event of an incident, a campaign
 * or a window; audited as an export) and POST /api/incidents/{id}/thehive (push the incident to
 * TheHive as a case). The handlers parse and call src/interop; the mapping lives there.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { CsirtExports } from '../../interop/csirt.ts';
import { StixNotFoundError } from '../../interop/stix/export-service.ts';
import { parseStixScope } from '../../interop/stix/scope.ts';
import { TheHiveError, TheHiveNotConfiguredError } from '../../interop/thehive/client.ts';
import { CSIRT_ROLES, declareAccess, SCOPED, scopedOrganisations, scopedWrite } from '../access.ts';
import { badRequest } from '../errors.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiApp } from '../types.ts';

export interface CsirtExportApiDeps {
  exports: CsirtExports;
  now: () => number;
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const MispEventSchema = z
  .object({ Event: z.record(z.string(), z.unknown()) })
  .openapi('MispEvent', { description: 'One event in the MISP core format (draft-dulaunoy-misp-core-format)' });
const ScopeQuery = z.object({
  incidentId: z.coerce.number().int().positive().optional().openapi({ description: 'An incident' }),
  campaignId: z.coerce.number().int().positive().optional().openapi({ description: 'A campaign and its incidents' }),
  from: z.string().optional().openapi({ description: 'Window start (ISO 8601 or epoch ms)' }),
  to: z.string().optional().openapi({ description: 'Window end (default now)' }),
});
const PushSchema = z
  .object({
    caseId: z.string(),
    caseNumber: z.number().nullable(),
    observables: z.number(),
    failed: z.array(z.object({ dataType: z.string(), data: z.string(), error: z.string() })),
  })
  .openapi('TheHivePush');

const getMisp = createRoute({
  method: 'get',
  path: '/api/export/misp',
  tags: ['interop'],
  summary: 'MISP event (core format JSON) of one incident, one campaign or the incidents of a window',
  request: { query: ScopeQuery },
  responses: {
    200: json(MispEventSchema, 'A MISP event'),
    400: json(ErrorSchema, 'No scope, or more than one'),
    404: json(ErrorSchema, 'No such incident or campaign'),
  },
});

const pushTheHive = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/thehive',
  tags: ['interop'],
  summary: 'Push an incident to TheHive 5 as a case with its observables (config exports.thehive)',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    201: json(PushSchema, 'The case TheHive created; observables it refused are listed in failed'),
    404: json(ErrorSchema, 'No such incident'),
    409: json(ErrorSchema, 'TheHive is not configured'),
    502: json(ErrorSchema, 'TheHive refused the request (the API key, or the case itself): retrying will not help'),
    503: json(ErrorSchema, 'TheHive is unavailable: try again later'),
  },
});

export function registerCsirtExportRoutes(app: ApiApp, deps: CsirtExportApiDeps) {
  declareAccess(app, {
    'GET /api/export/misp': SCOPED,
    // Pushing to the CSIRT's own case system is CSIRT work.
    'POST /api/incidents/{id}/thehive': scopedWrite(CSIRT_ROLES),
  });
  const misp = deps.exports.misp();
  return app
    .openapi(getMisp, async (c) => {
      const parsed = parseStixScope(c.req.valid('query'), deps.now());
      if (!parsed.ok)
        return badRequest(c, parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '), parsed.problems);
      try {
        return c.json(await misp.export(parsed.scope, scopedOrganisations(c)?.organisationIds), 200);
      } catch (error) {
        if (error instanceof StixNotFoundError) return c.json({ error: 'not_found', message: error.message }, 404);
        throw error;
      }
    })
    .openapi(pushTheHive, async (c) => {
      try {
        const result = await deps.exports.pushToTheHive(
          c.req.valid('param').id,
          scopedOrganisations(c)?.organisationIds,
        );
        return c.json(result, 201);
      } catch (error) {
        if (error instanceof StixNotFoundError) return c.json({ error: 'not_found', message: error.message }, 404);
        if (error instanceof TheHiveNotConfiguredError)
          return c.json({ error: 'not_configured', message: error.message }, 409);
        if (error instanceof TheHiveError)
          return error.retryable
            ? c.json({ error: 'thehive_unavailable', message: error.message }, 503)
            : c.json({ error: 'thehive_refused', message: error.message }, 502);
        throw error;
      }
    });
}
