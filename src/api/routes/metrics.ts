/**
 * GET /metrics in Prometheus's text format, optionally behind a bearer token (metrics.token). It is
 * in the OpenAPI document like every route, with a text body.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp } from '../types.ts';
import type { Metrics } from '../../metrics/metrics.ts';

const route = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics: checks by outcome, scheduler lag, queue depth, open incidents, notifications, process',
  responses: {
    200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } },
    401: {
      description: 'metrics.token is set and the request did not send it as a bearer token',
      content: { 'text/plain': { schema: z.string() } },
    },
  },
});

/** Constant-time comparison, so the token cannot be guessed a byte at a time from response times. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function registerMetricsRoute(app: ApiApp, metrics: Metrics, token: string): void {
  app.openapi(route, async (c) => {
    if (token !== '' && !tokenMatches(c.req.header('authorization'), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="mamori-metrics"');
      return c.text('send metrics.token as "Authorization: Bearer <token>"\n', 401);
    }
    const { body, contentType } = await metrics.scrape();
    c.header('Content-Type', contentType);
    return c.text(body, 200);
  });
}
