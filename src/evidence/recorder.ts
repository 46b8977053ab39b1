/**
 * Writes one capture: the WARC and any rendered images into the content-addressed evidence store,
 * then one ledger entry naming them by SHA-256. Files first, entry second: a crash in between leaves
 * an unreferenced file (harmless), never an entry whose file is missing.
 *
 * A check that repeats the page's last capture is written as a `repeat` entry instead: no WARC, only
 * the images whose picture changed, and a line naming the capture that holds the bytes.
 */
import type { FsBlobStore } from '../store/blob-store.ts';
import { canonicalJson } from './canonical-json.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { NewImage } from './image-keeper.ts';
import type { CaptureDetails, EvidenceFileRef, ImageRef, LedgerEntry, RepeatDetails } from './types.ts';
import { buildCaptureWarc, type CaptureInput } from './warc-capture.ts';

/** The capture a repeat points at, as the observer remembers it. */
export interface RepeatedCapture {
  seq: number;
  warcSha256: string;
  warcBytes: number;
  warcFilename: string;
  /** Canonical JSON of its reasons: a repeat with the same reasons lists only their codes. */
  reasonsJson: string;
}

/** What the observer decided about the check's images (image-keeper.ts). */
export interface ImagePlan {
  keep: NewImage[];
  refs: ImageRef[];
}

const refAsFile = (r: ImageRef): EvidenceFileRef => ({
  role: r.role,
  sha256: r.sha256,
  bytes: r.bytes,
  mediaType: 'image/png',
  label: r.label,
});

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
    /** The evidence files (the observer compares new images with the ones kept here). */
    readonly files: FsBlobStore,
  ) {}

  async #put(role: EvidenceFileRef['role'], bytes: Buffer, mediaType: string, label: string): Promise<EvidenceFileRef> {
    const sha256 = await this.files.put(bytes);
    return { role, sha256, bytes: bytes.length, mediaType, label };
  }

  async #putImages(images: readonly NewImage[]): Promise<EvidenceFileRef[]> {
    const files: EvidenceFileRef[] = [];
    for (const image of images) files.push(await this.#put(image.role, image.png, 'image/png', image.label));
    return files;
  }

  /**
   * Store the capture's files and append its ledger entry. With `images`, only the images it keeps
   * are stored (and go into the WARC); the others are named as references to earlier entries.
   */
  async record(input: CaptureInput, images?: ImagePlan): Promise<LedgerEntry> {
    const { check, fetch, page } = input;
    const filename = warcFilename(page.id, check.id, check.startedAt);
    const kept = images?.keep ?? [
      ...(input.rendered?.screenshots ?? []).map((s) => ({ role: 'screenshot' as const, ...s })),
      ...(input.rendered?.diffImages ?? []).map((d) => ({ role: 'diff' as const, ...d })),
    ];
    const refs = images?.refs ?? [];
    const rendered = input.rendered && {
      ...input.rendered,
      screenshots: kept.filter((i) => i.role === 'screenshot').map(({ label, png }) => ({ label, png })),
      diffImages: kept.filter((i) => i.role === 'diff').map(({ label, png }) => ({ label, png })),
    };
    const warc = buildCaptureWarc({ ...input, ...(rendered ? { rendered } : {}) }, filename);
    const files: EvidenceFileRef[] = [await this.#put('warc', warc.bytes, WARC_MEDIA_TYPE, filename)];
    // Images also stand alone (they are inside the WARC too) so an investigator can open them directly.
    files.push(...(await this.#putImages(kept)));
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
      ...(refs.length > 0 ? { imageRefs: refs } : {}),
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
      [...files, ...refs.map(refAsFile)],
    );
  }

  /** Append a `repeat` entry: this check saw the bytes `repeated` holds. Only changed images are stored. */
  async recordRepeat(
    input: CaptureInput,
    repeated: RepeatedCapture,
    images: ImagePlan,
    sameBytes: boolean,
  ): Promise<LedgerEntry> {
    const { check, fetch, page } = input;
    const files = await this.#putImages(images.keep);
    const sameReasons = canonicalJson(check.reasons) === repeated.reasonsJson;
    const details: RepeatDetails = {
      trigger: input.trigger,
      sameBytes,
      verdict: check.verdict,
      outcome: check.outcome,
      httpStatus: check.httpStatus,
      remoteAddress: (fetch.ok ? fetch.page : fetch.failure).remoteAddress,
      bodySha256: check.bodySha256,
      finalUrl: fetch.ok ? fetch.page.finalUrl : null,
      repeats: {
        seq: repeated.seq,
        warcSha256: repeated.warcSha256,
        warcBytes: repeated.warcBytes,
        warcFilename: repeated.warcFilename,
      },
      reasonCodes: check.reasons.map((r) => r.code),
      ...(sameReasons ? {} : { reasons: check.reasons }),
      mamoriVersion: input.mamoriVersion,
      files,
      imageRefs: images.refs,
    };
    const warcRef: EvidenceFileRef = {
      role: 'warc',
      sha256: repeated.warcSha256,
      bytes: repeated.warcBytes,
      mediaType: WARC_MEDIA_TYPE,
      label: repeated.warcFilename,
    };
    return this.ledger.append(
      {
        kind: 'repeat',
        recordedAt: input.capturedAt,
        pageId: page.id,
        checkId: check.id,
        url: page.url,
        observedAt: check.startedAt,
        refersToSeq: repeated.seq,
        evidenceSha256: repeated.warcSha256,
        details,
      },
      [warcRef, ...files, ...images.refs.map(refAsFile)],
    );
  }
}
