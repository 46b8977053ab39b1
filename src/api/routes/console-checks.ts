/**
 * The console's views of one check: a link to its captured source on the capture origin, the render
 * summary (screenshots, baseline, diff figures, masks) and the text/DOM diff against the version
 * before. Tenancy: a check of an organisation outside the caller's scope does not exist (404).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { summariseRender } from '../../render/visual-summary.ts';
import type { Check, EstateStore } from '../../store/types.ts';
import { DiffBlockSchema, diffVersions, InsertedSchema } from '../check-diff.ts';
import type { ConsoleApiDeps } from '../console-deps.ts';
import { visibleCheck } from '../console-deps.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import { callerScope } from '../scope.ts';
import { declareAccess, SCOPED } from '../access.ts';
import type { ApiApp } from '../types.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const missing = json(ErrorSchema, 'No such check (or not in your organisations)');
const sha = z.string().nullable();

const CaptureUrlSchema = z
  .object({
    url: z.string().openapi({ description: 'The link to frame: the sandboxed HTML (same as `html`)' }),
    text: z.string().openapi({ description: 'The captured source as text/plain (for an escaped view)' }),
    html: z.string().openapi({ description: 'The captured page as HTML under a sandbox CSP, for a sandboxed iframe' }),
    origin: z.string(),
    expiresAt: z.number(),
  })
  .openapi('CaptureUrl');
const RenderSummarySchema = z
  .object({
    checkId: z.number(),
    pageId: z.number(),
    renderedAt: z.number(),
    forThisCheck: z
      .boolean()
      .openapi({ description: 'The render was made for this check (else it is the page’s latest, made since)' }),
    verdict: z.string(),
    current: z.object({ viewport: sha, fullPage: sha }),
    baselineScreenshot: sha,
    diffImage: sha,
    changedPixelRatio: z.number().nullable(),
    perceptualDistance: z.number().nullable(),
    masks: z.array(z.string()),
  })
  .openapi('RenderSummary');
const DiffSchema = z
  .object({
    checkId: z.number(),
    baselineCheckId: z
      .number()
      .nullable()
      .openapi({ description: 'The earlier check whose body is the baseline version; null when none is kept' }),
    blocks: z.array(DiffBlockSchema),
    added: z.number(),
    removed: z.number(),
    inserted: z.array(InsertedSchema),
  })
  .openapi('CheckDiff');

const captureUrl = createRoute({
  method: 'get',
  path: '/api/checks/{id}/capture-url',
  tags: ['console'],
  request: { params: IdParam },
  summary: 'Short-lived signed links to the captured body on the separate capture origin (text, or sandboxed HTML)',
  responses: {
    200: json(CaptureUrlSchema, 'Links'),
    404: missing,
    503: json(ErrorSchema, 'No capture origin in this process'),
  },
});
const renderSummary = createRoute({
  method: 'get',
  path: '/api/checks/{id}/render',
  tags: ['console'],
  request: { params: IdParam },
  summary:
    'Render state summary: screenshot ids, baseline screenshot, diff image, changed pixel ratio, perceptual distance, masks',
  responses: { 200: json(RenderSummarySchema, 'The render summary'), 404: missing },
});
const checkDiff = createRoute({
  method: 'get',
  path: '/api/checks/{id}/diff',
  tags: ['console'],
  request: { params: IdParam },
  summary:
    'Text/DOM diff: the baseline and current visible text blocks aligned, and the inserted elements the verdict names',
  responses: {
    200: json(DiffSchema, 'The diff'),
    404: missing,
    409: json(ErrorSchema, 'A stored page body is damaged (`evidence_corrupted`): run mamori evidence verify'),
    422: json(
      ErrorSchema,
      'A body could not be analysed within the analysis limits (time or memory): the page itself is the problem',
    ),
    503: json(
      ErrorSchema,
      'The analysis could not run (the server is shutting down, or a worker could not start): try again',
    ),
  },
});

/** How many earlier checks are looked through for the body of the version before. */
const BASELINE_SEARCH = 50;

/** The newest earlier check with a benign verdict and a different body that is still kept. */
async function baselineCheck(store: EstateStore, check: Check): Promise<Check | null> {
  const earlier = await store.listChecks(check.pageId, { limit: BASELINE_SEARCH, beforeId: check.id });
  return (
    earlier.find(
      (c) =>
        c.bodyKept &&
        c.bodySha256 !== null &&
        c.bodySha256 !== check.bodySha256 &&
        (c.verdict === 'unchanged' || c.verdict === 'changed'),
    ) ?? null
  );
}

export function registerConsoleCheckRoutes(
  app: ApiApp,
  deps: ConsoleApiDeps & { store: EstateStore; now: () => number },
) {
  // Scoped: each handler answers 404 for a check of an organisation outside the caller's (visibleCheck).
  declareAccess(app, {
    'GET /api/checks/{id}/capture-url': SCOPED,
    'GET /api/checks/{id}/render': SCOPED,
    'GET /api/checks/{id}/diff': SCOPED,
  });
  return app
    .openapi(captureUrl, async (c) => {
      const found = await visibleCheck(deps.store, callerScope(c), c.req.valid('param').id);
      if (!found) return notFound(c, 'check');
      const origin = deps.captureOrigin();
      if (origin === null)
        return c.json({ error: 'unavailable', message: 'this process serves no capture origin' }, 503);
      const { token, expiresAt } = deps.tokens.mint(found.check.id, deps.now());
      const base = `${origin}/capture/${found.check.id}?t=${encodeURIComponent(token)}`;
      return c.json(
        { url: `${base}&as=html`, text: `${base}&as=text`, html: `${base}&as=html`, origin, expiresAt },
        200,
      );
    })
    .openapi(renderSummary, async (c) => {
      const found = await visibleCheck(deps.store, callerScope(c), c.req.valid('param').id);
      const state = found ? await deps.renderStates.get(found.page.id) : null;
      if (!found || !state) return notFound(c, found ? 'render' : 'check');
      const [previous] = await deps.store.listChecks(found.page.id, { limit: 1, beforeId: found.check.id });
      // As the evidence stage decides it (rendered-source.ts): a render since the previous check began.
      const forThisCheck =
        found.page.lastCheckId === found.check.id &&
        state.renderedAt >= Math.min(previous?.startedAt ?? found.check.startedAt, found.check.startedAt);
      return c.json(
        {
          checkId: found.check.id,
          pageId: found.page.id,
          forThisCheck,
          ...summariseRender(state, found.check.reasons),
        },
        200,
      );
    })
    .openapi(checkDiff, async (c) => {
      const found = await visibleCheck(deps.store, callerScope(c), c.req.valid('param').id);
      if (!found) return notFound(c, 'check');
      const before = await baselineCheck(deps.store, found.check);
      const result = await diffVersions(c, deps, found.page, { from: before, to: found.check });
      if (!result.ok) return result.error;
      return c.json({ checkId: found.check.id, baselineCheckId: before?.id ?? null, ...result.diff }, 200);
    });
}
