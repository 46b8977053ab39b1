/**
 * GET /api/overview: the estate for the console's first screen. The handler parses the query and
 * the caller's scope and asks the store; colours, counts, order and search live in the store query.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CONSOLE_STATUSES } from '../../core/console-status.ts';
import type { OverviewCursor } from '../../store/types.ts';
import { badRequest } from '../errors.ts';
import { PAGE_STATUSES, ReasonSchema } from '../schemas.ts';
import { callerScope } from '../scope.ts';
import { declareAccess, SCOPED } from '../access.ts';
import type { ApiApp, ApiDeps } from '../types.ts';

const Counts = z
  .object(
    Object.fromEntries(CONSOLE_STATUSES.map((s) => [s, z.number()])) as Record<
      (typeof CONSOLE_STATUSES)[number],
      z.ZodNumber
    >,
  )
  .openapi('ConsoleCounts');
const OverviewSiteSchema = z
  .object({
    id: z.number(),
    organisationId: z.number(),
    name: z.string(),
    origin: z.string(),
    total: z.number(),
    counts: Counts,
  })
  .openapi('OverviewSite');
const OverviewOrganisationSchema = z
  .object({
    id: z.number(),
    slug: z.string(),
    name: z.string(),
    aliases: z.array(z.string()),
    total: z.number(),
    counts: Counts,
    sites: z.array(OverviewSiteSchema),
  })
  .openapi('OverviewOrganisation');
const OverviewPageSchema = z
  .object({
    id: z.number(),
    siteId: z.number(),
    organisationId: z.number(),
    url: z.string(),
    title: z.string().nullable(),
    status: z
      .enum(CONSOLE_STATUSES)
      .openapi({ description: 'Colour: from the last verdict and the last check’s outcome' }),
    verdict: z.enum(PAGE_STATUSES),
    lastCheckId: z.number().nullable(),
    lastCheckedAt: z.number().nullable(),
    topReason: ReasonSchema.nullable(),
  })
  .openapi('OverviewPage');
const OverviewSchema = z
  .object({
    total: z.number(),
    counts: Counts,
    organisations: z.array(OverviewOrganisationSchema),
    pages: z.object({
      items: z.array(OverviewPageSchema),
      total: z.number(),
      next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null at the end' }),
    }),
  })
  .openapi('Overview');

const OverviewQuerySchema = z.object({
  q: z.string().max(200).optional().openapi({
    description:
      'Words (all must match) in the URL or title of a page, or the name of its site or organisation (Japanese or English, aliases too)',
  }),
  status: z
    .string()
    .optional()
    .openapi({
      description: `Comma-separated colours to list: ${CONSOLE_STATUSES.join(', ')}. Counts always cover every colour.`,
    }),
  organisationId: z.coerce.number().int().positive().optional(),
  siteId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(64).optional().openapi({ description: 'The `pages.next` cursor of the previous answer' }),
});

const overview = createRoute({
  method: 'get',
  path: '/api/overview',
  tags: ['console'],
  summary:
    'Estate overview: organisations → sites with counts per status colour, worst first, and a keyset page of pages',
  request: { query: OverviewQuerySchema },
  responses: {
    200: { description: 'The overview', content: { 'application/json': { schema: OverviewSchema } } },
    400: {
      description: 'Bad filter or cursor',
      content: { 'application/json': { schema: z.object({ error: z.string(), message: z.string() }) } },
    },
  },
});

/** The cursor is opaque to clients: `<rank>.<id>` in base64url, so its shape can change later. */
export function encodeCursor(cursor: OverviewCursor): string {
  return Buffer.from(`${cursor.rank}.${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): OverviewCursor | null {
  const m = /^(\d)\.(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return m ? { rank: Number(m[1]), id: Number(m[2]) } : null;
}

type Status = (typeof CONSOLE_STATUSES)[number];
function parseStatuses(text: string | undefined): Status[] | undefined | null {
  if (text === undefined || text.trim() === '') return undefined;
  const parts = text.split(',').map((s) => s.trim());
  return parts.every((p): p is Status => (CONSOLE_STATUSES as readonly string[]).includes(p)) ? parts : null;
}

export function registerOverviewRoutes(app: ApiApp, deps: Pick<ApiDeps, 'store'>) {
  // Scoped: the store query only ever reads the caller's organisations.
  declareAccess(app, { 'GET /api/overview': SCOPED });
  return app.openapi(overview, async (c) => {
    const query = c.req.valid('query');
    const statuses = parseStatuses(query.status);
    if (statuses === null)
      return badRequest(c, `status must be a comma-separated list of ${CONSOLE_STATUSES.join(', ')}`);
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    if (after === null) return badRequest(c, 'after is not a cursor this API gave out');
    const result = await deps.store.overview({
      scope: callerScope(c),
      limit: query.limit,
      ...(query.q !== undefined ? { q: query.q } : {}),
      ...(statuses ? { statuses } : {}),
      ...(query.organisationId !== undefined ? { organisationId: query.organisationId } : {}),
      ...(query.siteId !== undefined ? { siteId: query.siteId } : {}),
      ...(after ? { after } : {}),
    });
    return c.json(
      { ...result, pages: { ...result.pages, next: result.pages.next ? encodeCursor(result.pages.next) : null } },
      200,
    );
  });
}
