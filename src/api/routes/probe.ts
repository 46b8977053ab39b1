/**
 * The probe protocol (docs/vantage-points.md): a remote vantage (`mamori probe`) leases the
 * confirmation jobs of its vantage and reports what it saw. Probe-scoped tokens only; the vantage a
 * report speaks for comes from its lease, never from its body. The logic is src/vantage/probe-service.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { OUTCOME_CLASSES } from '../../core/outcome.ts';
import { VERDICT_KINDS } from '../../core/verdict.ts';
import type { ProbeCaller, ProbeService } from '../../vantage/probe-service.ts';
import { MAX_WAIT_MS } from '../../vantage/probe-service.ts';
import { declareAccess, principalOf, PROBE } from '../access.ts';
import { ErrorSchema, ReasonSchema } from '../schemas.ts';
import type { ApiApp } from '../types.ts';
import type { Context } from 'hono';

export interface ProbeApiDeps {
  probes: ProbeService;
  /** The name of an API token (a probe token's name is its vantage). */
  tokenName: (tokenId: number) => Promise<string | null>;
}

const Refusal = { 'application/json': { schema: ErrorSchema } };
const VANTAGE = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

const JobSchema = z
  .object({
    leaseId: z.string(),
    pageId: z.number().int(),
    url: z.string(),
    baseline: z.unknown().openapi({ description: 'The page’s learnt baseline to judge against (null: none yet).' }),
    expiresAt: z.number().int().openapi({ description: 'When the lease lapses (epoch ms); report before it.' }),
  })
  .openapi('ProbeJob');

const leases = createRoute({
  method: 'post',
  path: '/api/probe/leases',
  tags: ['probe'],
  summary: 'Lease up to `max` jobs of the caller’s vantage; held open up to `waitMs` (≤ 25 s) while none is due',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            vantage: VANTAGE,
            max: z.number().int().min(1).max(100).default(10),
            waitMs: z.number().int().min(0).max(MAX_WAIT_MS).default(MAX_WAIT_MS),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Leased jobs (empty when none was due in time)',
      content: { 'application/json': { schema: z.object({ vantage: z.string(), jobs: z.array(JobSchema) }) } },
    },
    403: { description: 'Not a probe token, or not this vantage’s', content: Refusal },
  },
});

const reports = createRoute({
  method: 'post',
  path: '/api/probe/reports',
  tags: ['probe'],
  summary: 'Report a leased job’s result; 409 for a lapsed, reported or another token’s lease',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            leaseId: z.string().min(1).max(200),
            verdict: z.enum(VERDICT_KINDS),
            outcome: z.enum(OUTCOME_CLASSES),
            bodySha256: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .nullable(),
            reasons: z.array(ReasonSchema).max(100).default([]),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Recorded as the vantage’s latest report on the page',
      content: { 'application/json': { schema: z.object({ vantage: z.string(), pageId: z.number().int() }) } },
    },
    403: { description: 'Not a probe token', content: Refusal },
    409: { description: 'No live lease of this token by that id', content: Refusal },
  },
});

async function callerOf(c: Context, deps: ProbeApiDeps): Promise<ProbeCaller | null> {
  const tokenId = principalOf(c).tokenId;
  if (tokenId === null) return null;
  const tokenName = await deps.tokenName(tokenId);
  return tokenName === null ? null : { tokenId, tokenName };
}

const notProbe = { error: 'forbidden', message: 'only an API token with the "probe" scope may do this' };

export function registerProbeRoutes(app: ApiApp, deps: ProbeApiDeps) {
  declareAccess(app, { 'POST /api/probe/leases': PROBE, 'POST /api/probe/reports': PROBE });
  return app
    .openapi(leases, async (c) => {
      const caller = await callerOf(c, deps);
      if (!caller) return c.json(notProbe, 403);
      const body = c.req.valid('json');
      const result = await deps.probes.lease(caller, body.vantage, body.max, body.waitMs, c.req.raw.signal);
      if (!result.ok) return c.json({ error: 'forbidden', message: result.message }, 403);
      return c.json({ vantage: result.vantage, jobs: result.jobs }, 200);
    })
    .openapi(reports, async (c) => {
      const caller = await callerOf(c, deps);
      if (!caller) return c.json(notProbe, 403);
      const result = await deps.probes.report(caller, c.req.valid('json'));
      if (!result.ok)
        return result.status === 409
          ? c.json({ error: 'conflict', message: result.message }, 409)
          : c.json({ error: 'forbidden', message: result.message }, 403);
      return c.json({ vantage: result.vantage, pageId: result.pageId }, 200);
    });
}
