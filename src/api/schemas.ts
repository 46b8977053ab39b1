import { z } from '@hono/zod-openapi';
import { OUTCOME_CLASSES } from '../core/outcome.ts';
import { VERDICT_KINDS } from '../core/verdict.ts';

/** Response and request shapes of the HTTP API: the OpenAPI document at /openapi.json is built from these. */

export const PAGE_STATUSES = ['pending', ...VERDICT_KINDS] as const;

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'bad_request' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const OrganisationSchema = z
  .object({ id: z.number(), slug: z.string(), name: z.string(), aliases: z.array(z.string()), createdAt: z.number() })
  .openapi('Organisation');

export const SiteSchema = z
  .object({
    id: z.number(),
    organisationId: z.number(),
    origin: z.string(),
    name: z.string(),
    intervalSeconds: z.number().nullable(),
    createdAt: z.number(),
  })
  .openapi('Site');

export const BaselineSummarySchema = z
  .object({
    samples: z.number(),
    untrusted: z.boolean(),
    untrustedReasons: z.array(z.string()),
    volatileRegions: z.number(),
  })
  .openapi('BaselineSummary');

export const PageSchema = z
  .object({
    id: z.number(),
    siteId: z.number(),
    url: z.string(),
    source: z.enum(['declared', 'imported', 'discovered']),
    intervalSeconds: z.number().nullable(),
    status: z.enum(PAGE_STATUSES),
    lastCheckId: z.number().nullable(),
    lastCheckedAt: z.number().nullable(),
    createdAt: z.number(),
    baseline: BaselineSummarySchema.nullable(),
  })
  .openapi('Page');

export const ReasonSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    severity: z.enum(['info', 'low', 'medium', 'high']),
    evidence: z
      .object({ selector: z.string().optional(), snippet: z.string().optional(), url: z.string().optional() })
      .optional(),
  })
  .openapi('Reason');

export const CheckSchema = z
  .object({
    id: z.number(),
    pageId: z.number(),
    startedAt: z.number(),
    durationMs: z.number(),
    outcome: z.enum(OUTCOME_CLASSES),
    httpStatus: z.number().nullable(),
    redirects: z.array(z.object({ url: z.string(), status: z.number(), location: z.string() })),
    headers: z.record(z.string(), z.string()),
    bodyBytes: z.number().nullable(),
    bodySha256: z.string().nullable(),
    bodyKept: z.boolean(),
    charset: z.string().nullable(),
    remoteAddress: z.string().nullable(),
    verdict: z.enum(VERDICT_KINDS),
    reasons: z.array(ReasonSchema),
    seenCount: z.number().int().min(1).openapi({
      description:
        'How many identical checks in a row this record stands for: a check that finds the page exactly as the last one did (same verdict, status, body, reasons, address), within the same UTC hour, is counted here instead of recorded again. startedAt and durationMs are the first one’s',
    }),
    lastSeenAt: z.number().nullable().openapi({
      description: 'When the last of those checks started (epoch ms); null when the record stands for one check',
    }),
  })
  .openapi('Check');

export const PageListQuery = z.object({
  status: z.enum(PAGE_STATUSES).optional(),
  siteId: z.coerce.number().int().positive().optional(),
  organisationId: z.coerce.number().int().positive().optional(),
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'Return pages after this id (from `nextAfter`).' }),
});

export const PageListSchema = z
  .object({ items: z.array(PageSchema), total: z.number(), nextAfter: z.number().nullable() })
  .openapi('PageList');

export const CheckListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'Return checks older than this check id.' }),
});

export const TargetRequestSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(4096),
    organisation: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and hyphens'),
    organisationName: z.string().min(1).max(200).optional(),
    intervalSeconds: z.number().int().min(5).max(86_400).optional(),
  })
  .openapi('TargetRequest');

export const TargetResultSchema = z.object({ page: PageSchema, created: z.boolean() }).openapi('TargetResult');

export const SiteFindingSchema = z
  .object({
    id: z.number(),
    siteId: z.number(),
    url: z.string(),
    reasons: z.array(ReasonSchema),
    createdAt: z.number(),
    resolvedAt: z.number().nullable(),
  })
  .openapi('SiteFinding');

export const FindingListQuery = z.object({
  siteId: z.coerce.number().int().positive().optional(),
  open: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'true: only unresolved findings; false: only resolved ones.' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const FindingListSchema = z.object({ items: z.array(SiteFindingSchema) }).openapi('SiteFindingList');

export const SummarySchema = z
  .object({ total: z.number(), byStatus: z.record(z.string(), z.number()) })
  .openapi('StatusSummary');

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    database: z.string(),
    scheduler: z
      .object({
        pages: z.number(),
        lagMs: z.number(),
        leader: z.boolean().openapi({ description: 'This process holds the scheduler lease and dispatches checks.' }),
      })
      .optional(),
    queue: z.object({ waiting: z.number(), active: z.number(), failed: z.number() }).optional(),
  })
  .openapi('Health');
