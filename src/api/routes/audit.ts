/** The audit log, for admins: newest first, keyset-paginated. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AuditStore } from '../../auth/audit-store.ts';
import { ADMIN, declareAccess } from '../access.ts';
import type { ApiApp } from '../types.ts';

const AuditEntrySchema = z
  .object({
    id: z.number(),
    at: z.number(),
    actorId: z.number().nullable(),
    actorUsername: z.string().nullable(),
    via: z.enum(['session', 'token', 'anonymous']),
    method: z.string(),
    path: z.string(),
    status: z.number(),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');
const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'Keyset cursor: the nextBefore of the previous answer' }),
  actorId: z.coerce.number().int().positive().optional(),
});

const listAudit = createRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['auth'],
  summary: 'The audit log (admin): every write and every evidence export, newest first',
  request: { query: AuditQuery },
  responses: {
    200: {
      description: 'Entries',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(AuditEntrySchema), nextBefore: z.number().nullable() }),
        },
      },
    },
  },
});

export function registerAuditRoutes(app: ApiApp, audit: AuditStore) {
  declareAccess(app, { 'GET /api/audit': ADMIN });
  return app.openapi(listAudit, async (c) => {
    const q = c.req.valid('query');
    const items = await audit.list({
      limit: q.limit,
      ...(q.before ? { beforeId: q.before } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
    });
    return c.json({ items, nextBefore: items.length === q.limit ? (items.at(-1)?.id ?? null) : null }, 200);
  });
}
