/**
 * The incident view's evidence: the list of evidence records, the bundle download, and the render
 * artefacts (screenshots, diff images) as PNGs. An incident or artefact of an organisation outside
 * the caller's scope does not exist (404).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { exportEvidence } from '../../evidence/export.ts';
import { incidentEvidence } from '../../evidence/incident-evidence.ts';
import { incidentScopeOf } from '../../evidence/incident-scope.ts';
import { tarDirectory } from '../../evidence/tar.ts';
import type { EstateStore } from '../../store/types.ts';
import type { ConsoleApiDeps } from '../console-deps.ts';
import { notFound } from '../errors.ts';
import { evidenceCorrupted, readEvidence } from '../evidence-corrupted.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import { callerScope, inScope } from '../scope.ts';
import { declareAccess, SCOPED } from '../access.ts';
import type { ApiApp } from '../types.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const EvidenceRecordSchema = z
  .object({
    id: z.string(),
    ledgerSeq: z.number(),
    checkId: z.number().nullable(),
    pageId: z.number().nullable(),
    url: z.string().nullable(),
    capturedAt: z.number().nullable(),
    recordedAt: z.number(),
    trigger: z.string(),
    kind: z.enum(['warc', 'screenshot', 'diff', 'timestamp-token']),
    label: z.string(),
    mediaType: z.string(),
    sha256: z.string(),
    size: z.number(),
    chainVerified: z
      .boolean()
      .openapi({ description: 'The ledger entry’s own hash and its link to the entry before both verify' }),
    repeats: z.number().openapi({
      description:
        'On a WARC: later checks in scope that received the same bytes (counted, not listed; each is a ledger entry)',
    }),
    lastRepeatedAt: z.number().nullable(),
  })
  .openapi('EvidenceRecord');
const ArtefactParam = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'A render blob id (sha256) from GET /api/checks/{id}/render',
      example: '0'.repeat(64),
    }),
});
/** Hono matches `<id>.png` with a regex parameter; the document names the route as clients see it. */
const RENDER_PATH = '/api/renders/:file{[0-9a-f]{64}\\.png}';

const listEvidence = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/evidence',
  tags: ['console'],
  request: { params: IdParam },
  summary:
    'The incident’s evidence records: check, captured at, kind, sha256, size, ledger seq, whether the chain verifies',
  responses: {
    200: json(z.object({ items: z.array(EvidenceRecordSchema) }), 'Evidence records'),
    404: json(ErrorSchema, 'No such incident'),
  },
});
const exportBundle = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/evidence/export',
  tags: ['console'],
  request: { params: IdParam },
  summary:
    'Download the incident’s evidence bundle (WARCs, images, ledger segment, report, manifest.sha256) as a tar archive; recorded in the ledger',
  responses: {
    200: {
      description: 'The bundle',
      content: { 'application/x-tar': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    404: json(ErrorSchema, 'No such incident, or no evidence in its scope'),
    409: json(ErrorSchema, 'An evidence file is damaged: run mamori evidence verify'),
  },
});
const renderArtefactDoc = {
  method: 'get' as const,
  path: '/api/renders/{id}.png',
  tags: ['console'],
  request: { params: ArtefactParam },
  summary: 'A screenshot or diff image (`<sha256>.png`) of a render of a page in your organisations',
  responses: {
    200: { description: 'The PNG', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
    404: json(ErrorSchema, 'No such artefact'),
    409: json(ErrorSchema, 'The stored artefact is damaged (`evidence_corrupted`): run mamori evidence verify'),
  },
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function registerConsoleEvidenceRoutes(
  app: ApiApp,
  deps: ConsoleApiDeps & { store: EstateStore; now: () => number },
) {
  // Scoped: incidents and artefacts of organisations outside the caller's answer 404. Exports are
  // reads (investigators take evidence away) and are on the record in the custody ledger.
  declareAccess(app, {
    'GET /api/incidents/{id}/evidence': SCOPED,
    'GET /api/incidents/{id}/evidence/export': SCOPED,
    [`GET ${RENDER_PATH}`]: SCOPED,
  });
  const windows = incidentScopeOf(deps.incidents, deps.now);
  const visibleIncident = async (c: Context, id: number) => {
    const incident = await deps.incidents.get(id);
    return incident && inScope(callerScope(c), incident.organisationId) ? incident : null;
  };
  const routes = app
    .openapi(listEvidence, async (c) => {
      const { id } = c.req.valid('param');
      const window = (await visibleIncident(c, id)) ? await windows.get(String(id)) : null;
      if (!window) return notFound(c, 'incident');
      return c.json({ items: await incidentEvidence(deps.evidence.ledger, window) }, 200);
    })
    .openapi(exportBundle, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await visibleIncident(c, id))) return notFound(c, 'incident');
      const work = await mkdtemp(join(tmpdir(), 'mamori-export-'));
      try {
        const name = `mamori-incident-${id}-evidence`;
        const result = await exportEvidence(
          {
            ledger: deps.evidence.ledger,
            files: deps.evidence.files,
            incidents: windows,
            mamoriVersion: deps.mamoriVersion,
          },
          { kind: 'incident', incidentId: String(id) },
          join(work, name),
          deps.now(),
        );
        if (!result.ok)
          return c.json(
            { error: result.error.code === 'damaged-file' ? 'conflict' : 'not_found', message: result.error.message },
            result.error.code === 'damaged-file' ? 409 : 404,
          );
        const archive = await tarDirectory(result.bundle.dir, name);
        return c.body(new Uint8Array(archive), 200, {
          'Content-Type': 'application/x-tar',
          'Content-Disposition': `attachment; filename="${name}.tar"`,
          'Cache-Control': 'private, no-store',
        });
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
  app.openAPIRegistry.registerPath(renderArtefactDoc);
  app.get(RENDER_PATH, async (c) => {
    const sha = c.req.param('file').slice(0, 64);
    const scope = callerScope(c);
    let visible = false;
    for (const pageId of await deps.renderStates.pagesNaming(sha)) {
      const page = await deps.store.getPage(pageId);
      const site = page ? await deps.store.getSite(page.siteId) : null;
      if (site && inScope(scope, site.organisationId)) visible = true;
    }
    const read = visible ? await readEvidence(() => deps.renderBlobs.get(sha)) : { value: null };
    if ('corrupted' in read) return evidenceCorrupted(c, 'render artefact');
    const png = read.value;
    // The DOM after scripts shares the store: only PNG bytes are ever served here.
    if (!png || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return notFound(c, 'artefact');
    return c.body(new Uint8Array(png), 200, {
      'Content-Type': 'image/png',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private',
    });
  });
  return routes;
}
