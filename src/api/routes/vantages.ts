/**
 * A page's vantage agreement: each vantage's latest verdict on it and when (the dashboard's page
 * view). Read-only; the reports are written by the probe protocol and the confirmation stage.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { VERDICT_KINDS } from '../../core/verdict.ts';
import type { EstateStore } from '../../store/types.ts';
import type { VantageReportStore } from '../../vantage/vantage-report-store.ts';
import { declareAccess, SCOPED } from '../access.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import { visiblePage } from '../tenancy.ts';
import type { ApiApp } from '../types.ts';

export interface VantageApiDeps {
  store: EstateStore;
  reports: VantageReportStore;
  /** This process's vantage and the remote ones configured. */
  vantages: readonly string[];
}

const AgreementSchema = z
  .object({
    vantages: z.array(z.string()).openapi({ description: 'Every vantage configured, this process’s first.' }),
    reports: z.array(
      z.object({
        vantage: z.string(),
        verdict: z.enum(VERDICT_KINDS),
        checkedAt: z.number().int(),
        bodySha256: z.string().nullable(),
      }),
    ),
  })
  .openapi('VantageAgreement');

const agreement = createRoute({
  method: 'get',
  path: '/api/pages/{id}/vantages',
  tags: ['pages'],
  summary: 'Each vantage’s latest verdict on the page and when (vantage agreement)',
  request: { params: IdParam },
  responses: {
    200: { description: 'Latest report per vantage', content: { 'application/json': { schema: AgreementSchema } } },
    404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function registerVantageRoutes(app: ApiApp, deps: VantageApiDeps) {
  declareAccess(app, { 'GET /api/pages/{id}/vantages': SCOPED });
  return app.openapi(agreement, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await visiblePage(c, deps.store, id))) return notFound(c, 'Page');
    const reports = await deps.reports.agreement(id);
    return c.json({ vantages: [...deps.vantages], reports }, 200);
  });
}
