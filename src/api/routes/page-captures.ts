/**
 * A page's history as an analyst browses it: its checks over time with what the custody ledger kept
 * of each (capture or repeat, screenshot, WARC), a diff of any two kept versions, and each ledger
 * entry opened as a record (its hashes, the HTTP head from its WARC, its files to download).
 * Tenancy: a page, check or entry of an organisation outside the caller's scope does not exist (404).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { VERDICT_KINDS } from '../../core/verdict.ts';
import { filesOfEntry } from '../../evidence/entry-files.ts';
import { chainVerifiedAt, recordsOfEntry } from '../../evidence/incident-evidence.ts';
import type { EvidenceFileRef, LedgerEntry } from '../../evidence/types.ts';
import { warcResponseHead } from '../../evidence/warc-head.ts';
import type { EstateStore } from '../../store/types.ts';
import { declareAccess, SCOPED } from '../access.ts';
import { DiffBlockSchema, diffVersions, InsertedSchema } from '../check-diff.ts';
import type { ConsoleApiDeps } from '../console-deps.ts';
import { notFound } from '../errors.ts';
import { evidenceCorrupted, readEvidence } from '../evidence-corrupted.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import { visiblePage } from '../tenancy.ts';
import type { ApiApp } from '../types.ts';
import { EvidenceRecordSchema } from './console-evidence.ts';
import { evidenceFilePath, pageCaptures, type CaptureItem } from '../page-captures-list.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const missing = (what: string) => json(ErrorSchema, `No such ${what} (or not in your organisations)`);

const LedgerRefSchema = z.object({
  seq: z.number(),
  kind: z.enum(['capture', 'repeat']),
  refersToSeq: z.number().nullable().openapi({ description: 'On a repeat: the capture whose bytes it saw again' }),
  entryHash: z.string(),
  prevHash: z.string(),
});
const CaptureItemSchema = z
  .object({
    checkId: z.number(),
    startedAt: z.number(),
    verdict: z.enum(VERDICT_KINDS),
    outcome: z.string(),
    httpStatus: z.number().nullable(),
    bodySha256: z.string().nullable(),
    bodyKept: z.boolean().openapi({ description: 'The body is still kept: this version can be diffed' }),
    sameAsPrevious: z.boolean().openapi({
      description: 'The same body as the check before: the timeline folds it into the version it repeats',
    }),
    seenCount: z.number().int().min(1).openapi({
      description: 'Identical checks in a row this record stands for (see Check.seenCount)',
    }),
    lastSeenAt: z
      .number()
      .nullable()
      .openapi({ description: 'When the last of them started; null when the record stands for one check' }),
    screenshot: z
      .string()
      .nullable()
      .openapi({ description: 'The kept viewport screenshot (a same-origin PNG path), when the ledger keeps one' }),
    warc: z.string().nullable().openapi({ description: 'The WARC download path, when the ledger keeps one' }),
    ledger: LedgerRefSchema.nullable().openapi({ description: 'The ledger entry for this check, when one was made' }),
  })
  .openapi('PageCapture');
const CaptureListSchema = z
  .object({ items: z.array(CaptureItemSchema), nextBefore: z.number().nullable() })
  .openapi('PageCaptures');
const CaptureQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'Checks older than this check id (from nextBefore)' }),
});
const VersionDiffSchema = z
  .object({
    pageId: z.number(),
    fromCheckId: z.number(),
    toCheckId: z.number(),
    blocks: z.array(DiffBlockSchema),
    added: z.number(),
    removed: z.number(),
    inserted: z.array(InsertedSchema),
  })
  .openapi('VersionDiff');
const VersionQuery = z.object({
  from: z.coerce.number().int().positive().openapi({ description: 'The earlier version: a check id of this page' }),
  to: z.coerce.number().int().positive().openapi({ description: 'The later version: a check id of this page' }),
});
const LedgerRecordSchema = z
  .object({
    entry: z.object({
      seq: z.number(),
      kind: z.string(),
      recordedAt: z.number(),
      observedAt: z.number().nullable(),
      pageId: z.number().nullable(),
      checkId: z.number().nullable(),
      url: z.string().nullable(),
      refersToSeq: z.number().nullable(),
      evidenceSha256: z.string().nullable(),
      prevHash: z.string(),
      entryHash: z.string(),
      details: z.string().openapi({ description: 'The details as hashed (canonical JSON)' }),
    }),
    chainVerified: z.boolean(),
    files: z.array(EvidenceRecordSchema.extend({ href: z.string().nullable() })),
    warcState: z.enum(['kept', 'missing', 'damaged']).nullable(),
    response: z
      .object({
        warc: z.array(z.tuple([z.string(), z.string()])),
        statusLine: z.string(),
        headers: z.array(z.tuple([z.string(), z.string()])),
      })
      .nullable()
      .openapi({ description: 'The response record of the WARC: WARC fields, HTTP status line and headers' }),
  })
  .openapi('LedgerRecord');
const SeqParam = z.object({
  seq: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'seq', in: 'path' }, example: 1 }),
});
const FileParam = SeqParam.extend({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .openapi({ param: { name: 'sha256', in: 'path' }, example: '0'.repeat(64) }),
});

const listCaptures = createRoute({
  method: 'get',
  path: '/api/pages/{id}/captures',
  tags: ['pages'],
  summary:
    'A page’s versions over time, newest first: each check with its verdict, body hash, and the screenshot, WARC and ledger entry kept for it',
  request: { params: IdParam, query: CaptureQuery },
  responses: { 200: json(CaptureListSchema, 'Captures'), 404: missing('page') },
});
const versionDiff = createRoute({
  method: 'get',
  path: '/api/pages/{id}/diff',
  tags: ['pages'],
  summary: 'The text/DOM diff of any two kept versions (checks) of a page, expected churn muted',
  request: { params: IdParam, query: VersionQuery },
  responses: {
    200: json(VersionDiffSchema, 'The diff'),
    404: json(ErrorSchema, 'No such page or check of it, or its body is no longer kept'),
    409: json(ErrorSchema, 'A stored page body is damaged (`evidence_corrupted`): run mamori evidence verify'),
    422: json(ErrorSchema, 'A body could not be analysed within the analysis limits: the page itself is the problem'),
    503: json(ErrorSchema, 'The analysis could not run (shutting down, or no worker): try again'),
  },
});
const ledgerRecord = createRoute({
  method: 'get',
  path: '/api/evidence/{seq}',
  tags: ['console'],
  summary:
    'One capture or repeat of the custody ledger opened: its own and previous hash, its files, and the HTTP head from its WARC',
  request: { params: SeqParam },
  responses: { 200: json(LedgerRecordSchema, 'The record'), 404: missing('capture') },
});
const evidenceFile = createRoute({
  method: 'get',
  path: '/api/evidence/{seq}/files/{sha256}',
  tags: ['console'],
  summary: 'A file a capture or repeat vouches for: its WARC (as a download) or a screenshot or diff image (PNG only)',
  request: { params: FileParam },
  responses: {
    200: {
      description: 'The file',
      content: {
        'application/gzip': { schema: z.string().openapi({ format: 'binary' }) },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    404: missing('file'),
    409: json(ErrorSchema, 'The stored file is damaged (`evidence_corrupted`): run mamori evidence verify'),
  },
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function registerPageCaptureRoutes(app: ApiApp, deps: ConsoleApiDeps & { store: EstateStore }) {
  declareAccess(app, {
    'GET /api/pages/{id}/captures': SCOPED,
    'GET /api/pages/{id}/diff': SCOPED,
    'GET /api/evidence/{seq}': SCOPED,
    'GET /api/evidence/{seq}/files/{sha256}': SCOPED,
  });
  const { ledger } = deps.evidence;
  /** A capture or repeat of a page the caller may see, with the files it vouches for. */
  const visibleEntry = async (
    c: Parameters<typeof visiblePage>[0],
    seq: number,
  ): Promise<{ entry: LedgerEntry; files: EvidenceFileRef[] } | null> => {
    const entry = await ledger.entry(seq);
    if (!entry || (entry.kind !== 'capture' && entry.kind !== 'repeat') || entry.pageId === null) return null;
    if (!(await visiblePage(c, deps.store, entry.pageId))) return null;
    const files = filesOfEntry(entry);
    return { entry, files: typeof files === 'string' ? [] : files };
  };
  return app
    .openapi(listCaptures, async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      if (!(await visiblePage(c, deps.store, id))) return notFound(c, 'page');
      const list: { items: CaptureItem[]; nextBefore: number | null } = await pageCaptures(deps.store, ledger, id, q);
      return c.json(list, 200);
    })
    .openapi(versionDiff, async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const page = await visiblePage(c, deps.store, id);
      if (!page) return notFound(c, 'page');
      const [from, to] = await Promise.all([deps.store.getCheck(q.from), deps.store.getCheck(q.to)]);
      if (!from || from.pageId !== id) return notFound(c, `check ${q.from} of this page`);
      if (!to || to.pageId !== id) return notFound(c, `check ${q.to} of this page`);
      const gone = [from, to].find((v) => !v.bodyKept || v.bodySha256 === null);
      if (gone) return c.json({ error: 'not_found', message: `the body of check ${gone.id} is no longer kept` }, 404);
      const result = await diffVersions(c, deps, page, { from, to });
      if (!result.ok) return result.error;
      return c.json({ pageId: id, fromCheckId: from.id, toCheckId: to.id, ...result.diff }, 200);
    })
    .openapi(ledgerRecord, async (c) => {
      const found = await visibleEntry(c, c.req.valid('param').seq);
      if (!found) return notFound(c, 'capture');
      const { entry, files } = found;
      const warcFile = files.find((f) => f.role === 'warc') ?? null;
      const read = warcFile ? await readEvidence(() => deps.evidence.files.get(warcFile.sha256)) : null;
      const warc = read && 'value' in read ? read.value : null;
      const warcState: 'kept' | 'missing' | 'damaged' | null = !read
        ? null
        : 'corrupted' in read
          ? 'damaged'
          : warc
            ? 'kept'
            : 'missing';
      const chainVerified = await chainVerifiedAt(ledger, entry);
      const records = recordsOfEntry(entry, files, chainVerified).map((r) => ({
        ...r,
        // Timestamp tokens and the like are in the evidence export, not served one by one.
        href: r.kind === 'warc' || r.mediaType === 'image/png' ? evidenceFilePath(entry.seq, r.sha256) : null,
      }));
      const { prevHash, entryHash, details, ...fields } = entry;
      return c.json(
        {
          entry: { ...fields, prevHash, entryHash, details },
          chainVerified,
          files: records,
          warcState,
          response: warc ? await warcResponseHead(warc) : null,
        },
        200,
      );
    })
    .openapi(evidenceFile, async (c) => {
      const { seq, sha256 } = c.req.valid('param');
      const found = await visibleEntry(c, seq);
      const file = found?.files.find((f) => f.sha256 === sha256) ?? null;
      if (!file || (file.role !== 'warc' && file.role !== 'screenshot' && file.role !== 'diff'))
        return notFound(c, 'file');
      const read = await readEvidence(() => deps.evidence.files.get(sha256));
      if ('corrupted' in read) return evidenceCorrupted(c, 'evidence file');
      const bytes = read.value;
      if (!bytes) return notFound(c, 'file');
      if (file.role === 'warc')
        return c.body(new Uint8Array(bytes), 200, {
          'Content-Type': 'application/gzip',
          'Content-Disposition': `attachment; filename="mamori-${seq}-${sha256.slice(0, 12)}.warc.gz"`,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, no-store',
        });
      // Only PNG bytes are ever served inline: a file that is not one is not shown.
      if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return notFound(c, 'file');
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'image/png',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private',
      });
    });
}
