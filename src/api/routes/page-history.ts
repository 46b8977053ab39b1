/**
 * A page's uptime and trends: hourly or daily buckets from the rolled-up history (migration 0015)
 * and the check rows still kept, folded the same way, so the figures do not change when retention
 * rolls rows up.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DAY_MS, figuresOf, mergeBuckets, emptyBucket } from '../../store/rollup-fold.ts';
import type { PageHistory } from '../../store/rollup.ts';
import { declareAccess, SCOPED } from '../access.ts';
import { badRequest, notFound } from '../errors.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import { visiblePage } from '../tenancy.ts';
import type { ApiApp, ApiDeps } from '../types.ts';

/** Widest window per period: a response stays a few thousand buckets at most. */
const MAX_SPAN = { hour: 62 * DAY_MS, day: 3660 * DAY_MS } as const;
const DEFAULT_SPAN = { hour: 2 * DAY_MS, day: 90 * DAY_MS } as const;

const Figures = {
  checks: z.number(),
  verdicts: z.object({
    unchanged: z.number(),
    changed: z.number(),
    suspicious: z.number(),
    tampered: z.number(),
    down: z.number(),
  }),
  uptime: z.number().nullable().openapi({ description: 'Share of checks that were not down, 0..1' }),
  meanResponseMs: z.number().nullable(),
  maxResponseMs: z.number().nullable(),
};

const HistorySchema = z
  .object({
    pageId: z.number(),
    period: z.enum(['hour', 'day']),
    from: z.number(),
    to: z.number(),
    totals: z.object(Figures),
    buckets: z.array(z.object({ start: z.number(), ...Figures })),
  })
  .openapi('PageHistory');

const HistoryQuery = z.object({
  period: z.enum(['hour', 'day']).default('hour'),
  from: z.coerce
    .number()
    .int()
    .nonnegative()
    .optional()
    .openapi({ description: 'Epoch ms; default: 2 days (hour) or 90 days (day) before `to`' }),
  to: z.coerce.number().int().positive().optional().openapi({ description: 'Epoch ms, exclusive; default: now' }),
});

const getHistory = createRoute({
  method: 'get',
  path: '/api/pages/{id}/history',
  tags: ['pages'],
  summary:
    'A page’s uptime, verdict counts and response times per hour or day, from rolled-up history and recent checks',
  request: { params: IdParam, query: HistoryQuery },
  responses: {
    200: { description: 'History', content: { 'application/json': { schema: HistorySchema } } },
    400: { description: 'A window too wide or reversed', content: { 'application/json': { schema: ErrorSchema } } },
    404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function registerPageHistoryRoutes(app: ApiApp, deps: ApiDeps & { history: PageHistory }) {
  declareAccess(app, { 'GET /api/pages/{id}/history': SCOPED });
  return app.openapi(getHistory, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    if (!(await visiblePage(c, deps.store, id))) return notFound(c, 'page');
    const to = q.to ?? deps.now();
    const from = q.from ?? to - DEFAULT_SPAN[q.period];
    if (from >= to || to - from > MAX_SPAN[q.period])
      return badRequest(
        c,
        `from must be before to, and at most ${MAX_SPAN[q.period] / DAY_MS} days before it for period=${q.period}`,
      );
    const buckets = await deps.history.buckets(id, q.period, from, to);
    const total = mergeBuckets(buckets.map((b) => ({ ...b, start: 0 })))[0] ?? emptyBucket(q.period, 0);
    return c.json(
      {
        pageId: id,
        period: q.period,
        from,
        to,
        totals: figuresOf(total),
        buckets: buckets.map((b) => ({ start: b.start, ...figuresOf(b) })),
      },
      200,
    );
  });
}
