/**
 * Writes one capture: the WARC and any rendered images into the content-addressed evidence store,
 * then one ledger entry naming them by SHA-256. Files first, entry second: a crash in between leaves
 * an unreferenced file (harmless), never an entry whose file is missing.
 */
import type { FsBlobStore } from '../store/blob-store.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { CaptureDetails, EvidenceFileRef, LedgerEntry } from './types.ts';
import { buildCaptureWarc, type CaptureInput } from './warc-capture.ts';

export const WARC_MEDIA_TYPE = 'application/warc';

/** `mamori-p<page>-c<check>-<UTC time>.warc.gz`: sorts by time within a page, unique per check. */
export function warcFilename(pageId: number, checkId: number, startedAt: number): string {
  const stamp = new Date(startedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `mamori-p${pageId}-c${checkId}-${stamp}.warc.gz`;
}

export class EvidenceRecorder {
  constructor(
    private readonly ledger: EvidenceStore,
    private readonly files: FsBlobStore,
  ) {}

  async #put(role: EvidenceFileRef['role'], bytes: Buffer, mediaType: string, label: string): Promise<EvidenceFileRef> {
    const sha256 = await this.files.put(bytes);
    return { role, sha256, bytes: bytes.length, mediaType, label };
  }

  /** Store the capture's files and append its ledger entry. */
  async record(input: CaptureInput): Promise<LedgerEntry> {
    const { check, fetch, page } = input;
    const filename = warcFilename(page.id, check.id, check.startedAt);
    const warc = buildCaptureWarc(input, filename);
    const files: EvidenceFileRef[] = [await this.#put('warc', warc.bytes, WARC_MEDIA_TYPE, filename)];
    // Images also stand alone (they are inside the WARC too) so an investigator can open them directly.
    for (const shot of input.rendered?.screenshots ?? [])
      files.push(await this.#put('screenshot', shot.png, 'image/png', shot.label));
    for (const diff of input.rendered?.diffImages ?? [])
      files.push(await this.#put('diff', diff.png, 'image/png', diff.label));
    const info = fetch.ok ? fetch.page : fetch.failure;
    const details: CaptureDetails = {
      trigger: input.trigger,
      url: page.url,
      finalUrl: fetch.ok ? fetch.page.finalUrl : null,
      verdict: check.verdict,
      outcome: check.outcome,
      reasons: check.reasons,
      httpStatus: check.httpStatus,
      remoteAddress: info.remoteAddress,
      bodySha256: check.bodySha256,
      mamoriVersion: input.mamoriVersion,
      warcFilename: filename,
      files,
    };
    return this.ledger.append(
      {
        kind: 'capture',
        recordedAt: input.capturedAt,
        pageId: page.id,
        checkId: check.id,
        url: page.url,
        observedAt: check.startedAt,
        refersToSeq: null,
        evidenceSha256: files[0]!.sha256,
        details,
      },
      files,
    );
  }
}
