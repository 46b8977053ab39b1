/**
 * `mamori evidence export`: a self-contained bundle an investigator can take away and check without
 * Mamori: the WARC files and images of the captures in scope, the ledger segment that vouches for
 * them with its anchor, a readable report, and `manifest.sha256` over all of it (`sha256sum -c`).
 * The export is itself a ledger entry, so handing evidence out is on the record too.
 *
 * Every file is re-hashed while it is copied: a damaged file is never handed out as evidence; the
 * export stops and names it instead.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FsBlobStore } from '../store/blob-store.ts';
import { canonicalJson } from './canonical-json.ts';
import { fieldsSha256, GENESIS_HASH } from './chain.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { formatExportReport, type ReportCapture } from './export-report.ts';
import { capturesInScope } from './export-scope.ts';
import { summariseRepeats } from './repeat-summary.ts';
import type {
  CaptureDetails,
  EvidenceFileRef,
  ImageRef,
  RepeatDetails,
  ExportDetails,
  ExportScope,
  IncidentScope,
  LedgerEntry,
  TimestampDetails,
} from './types.ts';

export type ExportRequest =
  { kind: 'page'; url: string; from: number; to: number } | { kind: 'incident'; incidentId: string };

export type ExportError =
  | { code: 'incidents-unavailable'; message: string }
  | { code: 'unknown-incident'; message: string }
  | { code: 'nothing-to-export'; message: string }
  | { code: 'out-dir-not-empty'; message: string }
  | { code: 'damaged-file'; message: string; path: string; seq: number };

export interface ExportedBundle {
  dir: string;
  exportEntry: LedgerEntry;
  captures: number;
  /** Files listed in manifest.sha256. */
  files: number;
  bytes: number;
}

export type ExportResult = { ok: true; bundle: ExportedBundle } | { ok: false; error: ExportError };

export interface ExportDeps {
  ledger: EvidenceStore;
  files: FsBlobStore;
  /** Null until an incident store is plugged in. */
  incidents: IncidentScope | null;
  mamoriVersion: string;
}

const ROLE_DIR: Record<EvidenceFileRef['role'], string> = {
  warc: 'warc',
  screenshot: 'screenshots',
  diff: 'diffs',
  'timestamp-token': 'timestamps',
};

/** A label as a file-name part: only characters every file system and shell takes literally. */
export function safeName(label: string): string {
  const cleaned = label
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80);
  return cleaned === '' ? 'file' : cleaned;
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function resolveScope(
  request: ExportRequest,
  incidents: IncidentScope | null,
): Promise<ExportScope | ExportError> {
  if (request.kind === 'page') return request;
  if (incidents === null) {
    return {
      code: 'incidents-unavailable',
      message:
        'Incidents are not available in this installation yet: export by page with --page <url> --from <time> --to <time>.',
    };
  }
  const incident = await incidents.get(request.incidentId);
  if (incident === null)
    return { code: 'unknown-incident', message: `There is no incident ${JSON.stringify(request.incidentId)}.` };
  return { kind: 'incident', incidentId: incident.id, pageIds: incident.pageIds, from: incident.from, to: incident.to };
}

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return true;
    throw err;
  }
}

/** A ledger line of the segment: in full when it concerns the bundle, only its hashes otherwise. */
function segmentLine(entry: LedgerEntry, full: boolean): string {
  const digest = fieldsSha256(entry);
  if (!full)
    return JSON.stringify({
      seq: entry.seq,
      redacted: true,
      prevHash: entry.prevHash,
      fieldsSha256: digest,
      entryHash: entry.entryHash,
    });
  return JSON.stringify({ ...entry, fieldsSha256: digest });
}

/** Each file an entry vouches for, with its path in the bundle (images by the entry that stored them). */
export function bundleFiles(entry: LedgerEntry): { file: EvidenceFileRef; path: string }[] {
  const image = (seq: number, file: EvidenceFileRef) => ({
    file,
    path: `${ROLE_DIR[file.role]}/${seq}-${safeName(file.label)}.png`,
  });
  const asFile = (r: ImageRef): EvidenceFileRef => ({ ...r, mediaType: 'image/png' });
  if (entry.kind === 'repeat') {
    const d = JSON.parse(entry.details) as RepeatDetails;
    const warc: EvidenceFileRef = {
      role: 'warc',
      sha256: d.repeats.warcSha256,
      bytes: d.repeats.warcBytes,
      mediaType: 'application/warc',
      label: d.repeats.warcFilename,
    };
    return [
      { file: warc, path: `warc/${safeName(d.repeats.warcFilename)}` },
      ...d.files.map((f) => image(entry.seq, f)),
      ...d.imageRefs.map((r) => image(r.seq, asFile(r))),
    ];
  }
  const d = JSON.parse(entry.details) as CaptureDetails;
  return [
    ...d.files.map((f) =>
      f.role === 'warc' ? { file: f, path: `warc/${safeName(d.warcFilename)}` } : image(entry.seq, f),
    ),
    ...(d.imageRefs ?? []).map((r) => image(r.seq, asFile(r))),
  ];
}

const SEGMENT_PAGE = 1000;

/**
 * Streams the ledger from `firstSeq` to `lastSeq` into the segment file, page by page (a long window
 * of a large estate is millions of entries), hashing as it writes. Returns the time stamps met.
 */
async function writeSegment(
  ledger: EvidenceStore,
  firstSeq: number,
  lastSeq: number,
  full: (e: LedgerEntry) => boolean,
  path: string,
): Promise<{ timestamps: LedgerEntry[]; sha256: string }> {
  await mkdir(join(path, '..'), { recursive: true });
  const out = await open(path, 'wx');
  const hash = createHash('sha256');
  const timestamps: LedgerEntry[] = [];
  try {
    for (let after = firstSeq - 1; after < lastSeq;) {
      const page = (await ledger.entries(after, SEGMENT_PAGE)).filter((e) => e.seq <= lastSeq);
      if (page.length === 0) break;
      const text = page.map((e) => `${segmentLine(e, full(e))}\n`).join('');
      hash.update(text);
      await out.write(text);
      for (const e of page) if (e.kind === 'timestamp') timestamps.push(e);
      after = page[page.length - 1]!.seq;
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { timestamps, sha256: hash.digest('hex') };
}

interface Collected {
  captures: ReportCapture[];
  /** Bundle path → sha256, for the evidence part of the manifest. */
  evidence: Map<string, string>;
  bytes: number;
}

async function collect(deps: ExportDeps, entries: LedgerEntry[], outDir: string): Promise<Collected | ExportError> {
  const captures: ReportCapture[] = [];
  const evidence = new Map<string, string>();
  const repeats = summariseRepeats(entries);
  let bytes = 0;
  for (const entry of entries) {
    const paths: string[] = [];
    for (const { file, path } of bundleFiles(entry)) {
      paths.push(path);
      // A repeated capture's WARC and an unchanged image are copied once, however many entries name them.
      if (evidence.has(path)) continue;
      const source = deps.files.pathOf(file.sha256);
      let content: Buffer;
      try {
        content = await readFile(source);
      } catch {
        return {
          code: 'damaged-file',
          message: `The ${file.role} of ledger entry #${entry.seq} (${source}) cannot be read: run mamori evidence verify.`,
          path: source,
          seq: entry.seq,
        };
      }
      if (sha256(content) !== file.sha256) {
        return {
          code: 'damaged-file',
          message: `The ${file.role} of ledger entry #${entry.seq} (${source}) no longer matches its hash: run mamori evidence verify.`,
          path: source,
          seq: entry.seq,
        };
      }
      await mkdir(join(outDir, ROLE_DIR[file.role]), { recursive: true });
      await writeFile(join(outDir, path), content, { flag: 'wx' });
      evidence.set(path, file.sha256);
      bytes += content.length;
    }
    if (entry.kind !== 'capture') continue;
    const summary = repeats.get(entry.seq);
    captures.push({
      entry,
      details: JSON.parse(entry.details) as CaptureDetails,
      paths,
      ...(summary ? { repeats: summary } : {}),
    });
  }
  return { captures, evidence, bytes };
}

function manifestText(files: ReadonlyMap<string, string>): string {
  // Two spaces: sha256sum's text-mode separator.
  return [...files]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, hash]) => `${hash}  ${path}\n`)
    .join('');
}

export async function exportEvidence(
  deps: ExportDeps,
  request: ExportRequest,
  outDir: string,
  now: number,
): Promise<ExportResult> {
  const scope = await resolveScope(request, deps.incidents);
  if ('code' in scope) return { ok: false, error: scope };
  const query =
    scope.kind === 'page'
      ? { url: scope.url, from: scope.from, to: scope.to }
      : { pageIds: scope.pageIds, from: scope.from, to: scope.to };
  const entries = await capturesInScope(deps.ledger, scope, query);
  if (entries.length === 0)
    return {
      ok: false,
      error: {
        code: 'nothing-to-export',
        message: 'No evidence was captured in that scope and window (or retention has removed it).',
      },
    };
  if (!(await isEmptyOrAbsent(outDir)))
    return {
      ok: false,
      error: { code: 'out-dir-not-empty', message: `${outDir} is not empty: give a new directory for the bundle.` },
    };
  await mkdir(outDir, { recursive: true });

  const collected = await collect(deps, entries, outDir);
  if ('code' in collected) return { ok: false, error: collected };
  const evidenceManifest = manifestText(collected.evidence);
  const details: ExportDetails = {
    scope,
    evidenceManifestSha256: sha256(evidenceManifest),
    captureSeqs: entries.map((e) => e.seq),
    files: collected.evidence.size,
  };
  const exportEntry = await deps.ledger.append({
    kind: 'export',
    recordedAt: now,
    pageId: null,
    checkId: null,
    url: scope.kind === 'page' ? scope.url : null,
    observedAt: null,
    refersToSeq: entries[entries.length - 1]!.seq,
    evidenceSha256: details.evidenceManifestSha256,
    details,
  });

  const firstSeq = entries[0]!.seq;
  const inScope = new Set([...details.captureSeqs, exportEntry.seq]);
  const pageIds = new Set(entries.map((e) => e.pageId));
  const full = (e: LedgerEntry): boolean =>
    inScope.has(e.seq) || e.kind === 'timestamp' || (e.pageId !== null && pageIds.has(e.pageId));
  const before = firstSeq > 1 ? await deps.ledger.entry(firstSeq - 1) : null;
  const anchorPrevHash = before?.entryHash ?? GENESIS_HASH;
  const written = new Map(collected.evidence);
  const { timestamps, sha256: segmentSha256 } = await writeSegment(
    deps.ledger,
    firstSeq,
    exportEntry.seq,
    full,
    join(outDir, 'ledger', 'segment.jsonl'),
  );
  written.set('ledger/segment.jsonl', segmentSha256);
  // The time-stamp tokens that vouch for entries of the segment travel with it.
  for (const stamp of timestamps) {
    const token = (JSON.parse(stamp.details) as TimestampDetails).file;
    const content = await readFile(deps.files.pathOf(token.sha256)).catch(() => null);
    if (content === null || sha256(content) !== token.sha256) {
      return {
        ok: false,
        error: {
          code: 'damaged-file',
          message: `The time-stamp token of ledger entry #${stamp.seq} is missing or damaged: run mamori evidence verify.`,
          path: deps.files.pathOf(token.sha256),
          seq: stamp.seq,
        },
      };
    }
    const path = `timestamps/ledger-${stamp.refersToSeq ?? 0}-entry-${stamp.seq}.tsr`;
    await mkdir(join(outDir, 'timestamps'), { recursive: true });
    await writeFile(join(outDir, path), content, { flag: 'wx' });
    written.set(path, token.sha256);
  }
  const put = async (path: string, text: string): Promise<void> => {
    await mkdir(join(outDir, path, '..'), { recursive: true });
    await writeFile(join(outDir, path), text, { flag: 'wx' });
    written.set(path, sha256(text));
  };
  await put(
    'ledger/anchor.json',
    JSON.stringify(
      {
        firstSeq,
        anchorPrevHash,
        head: { seq: exportEntry.seq, entryHash: exportEntry.entryHash },
        exportEntrySeq: exportEntry.seq,
        evidenceManifestSha256: details.evidenceManifestSha256,
        evidenceManifest: evidenceManifest.split('\n').filter(Boolean),
        timestamps: timestamps.map((t) => ({
          seq: t.seq,
          refersToSeq: t.refersToSeq,
          details: JSON.parse(t.details) as unknown,
        })),
        hashRule:
          'entryHash = sha256(prevHash + fieldsSha256); fieldsSha256 = sha256(canonical JSON of the entry fields with v: 1)',
        canonicalJsonOfExportDetails: canonicalJson(details),
      },
      null,
      2,
    ) + '\n',
  );
  await put(
    'report.md',
    formatExportReport({
      scope,
      captures: collected.captures,
      exportEntry,
      anchorPrevHash,
      firstSeq,
      timestamps,
      mamoriVersion: deps.mamoriVersion,
    }),
  );
  await writeFile(join(outDir, 'manifest.sha256'), manifestText(written), { flag: 'wx' });
  return {
    ok: true,
    bundle: {
      dir: outDir,
      exportEntry,
      captures: collected.captures.length,
      files: written.size,
      bytes: collected.bytes,
    },
  };
}
