/**
 * The evidence stage of the pipeline: after a check is stored, decide whether it is evidence
 * (capture-policy) and, if so, record it. The rendering stage plugs in through `rendered`: given the
 * check event it returns the screenshots, post-script DOM and diff images to add, or undefined.
 *
 * Costs grow with change, not with checks: a check that saw the same bytes as the page's last capture
 * is recorded as a `repeat` entry pointing at it, and images are stored only when the picture changed.
 */
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';
import type { Clock } from '../pipeline/clock.ts';
import { canonicalJson } from './canonical-json.ts';
import { captureTrigger, findingKey, repeatOf, type LastCaptureFacts } from './capture-policy.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { mergeKept, sortImages } from './image-keeper.ts';
import type { EvidenceRecorder, RepeatedCapture } from './recorder.ts';
import type { CaptureDetails, ImageRef, LedgerEntry, RenderedCapture, RepeatDetails } from './types.ts';

export interface CaptureObserverOptions {
  ledger: EvidenceStore;
  recorder: EvidenceRecorder;
  clock: Clock;
  mamoriVersion: string;
  /** Longest time between captures of a quiet page; 0: no periodic samples. */
  sampleIntervalMs: number;
  /** What a rendering stage adds to this check, if anything. */
  rendered?: (event: CheckEvent) => Promise<RenderedCapture | undefined>;
  /** Told of each capture or repeat written (logging, tests). */
  onCapture?: (entry: LedgerEntry) => void;
  /**
   * False: every capture writes its own WARC and images, as before repeats were referenced. Only
   * bench:evidence sets it, to measure both ways side by side.
   */
  referenceRepeats?: boolean;
}

/** What the observer remembers of a page between checks. */
interface PageMemory {
  /** When the page was last captured or repeated. */
  lastAt: number;
  capture: (RepeatedCapture & LastCaptureFacts) | null;
  /** The last image kept per role and label. */
  images: ImageRef[];
}

/** Pages this process remembers; beyond it, the ledger is asked again. */
const REMEMBERED_PAGES = 100_000;

function captureMemory(entry: LedgerEntry, details: CaptureDetails): RepeatedCapture & LastCaptureFacts {
  const warc = details.files.find((f) => f.role === 'warc');
  return {
    seq: entry.seq,
    warcSha256: warc?.sha256 ?? '',
    warcBytes: warc?.bytes ?? 0,
    warcFilename: details.warcFilename,
    reasonsJson: canonicalJson(details.reasons),
    bodySha256: details.bodySha256,
    httpStatus: details.httpStatus,
    finalUrl: details.finalUrl,
    outcome: details.outcome,
    verdict: details.verdict,
    findingKey: findingKey(details.reasons),
    observedAt: entry.observedAt ?? 0,
  };
}

function imagesOf(entry: LedgerEntry, details: CaptureDetails | RepeatDetails): ImageRef[] {
  const own: ImageRef[] = [];
  for (const f of details.files)
    if (f.role === 'screenshot' || f.role === 'diff')
      own.push({ role: f.role, label: f.label, sha256: f.sha256, bytes: f.bytes, seq: entry.seq });
  return [...(details.imageRefs ?? []), ...own];
}

/** What the ledger says of a page (after a restart, or with several workers): its newest capture or repeat. */
async function memoryFromLedger(ledger: EvidenceStore, pageId: number): Promise<PageMemory | null> {
  const last = await ledger.lastObservation(pageId);
  if (!last || last.observedAt === null) return null;
  try {
    if (last.kind === 'capture') {
      const details = JSON.parse(last.details) as CaptureDetails;
      return { lastAt: last.observedAt, capture: captureMemory(last, details), images: imagesOf(last, details) };
    }
    const details = JSON.parse(last.details) as RepeatDetails;
    const repeated = last.refersToSeq === null ? null : await ledger.entry(last.refersToSeq);
    const capture =
      repeated?.kind === 'capture' ? captureMemory(repeated, JSON.parse(repeated.details) as CaptureDetails) : null;
    return { lastAt: last.observedAt, capture, images: imagesOf(last, details) };
  } catch {
    // Damaged details are verify's business; the next check writes a full capture.
    return { lastAt: last.observedAt, capture: null, images: [] };
  }
}

export class CaptureObserver implements CheckObserver {
  readonly name = 'evidence';
  readonly #pages = new Map<number, PageMemory | null>();

  constructor(private readonly options: CaptureObserverOptions) {}

  async #memory(pageId: number): Promise<PageMemory | null> {
    if (this.#pages.has(pageId)) return this.#pages.get(pageId) ?? null;
    return memoryFromLedger(this.options.ledger, pageId);
  }

  #remember(pageId: number, memory: PageMemory): void {
    if (this.#pages.size >= REMEMBERED_PAGES) this.#pages.clear();
    this.#pages.set(pageId, memory);
  }

  async onCheck(event: CheckEvent): Promise<void> {
    const { page, check, fetch, previousStatus } = event;
    const memory = await this.#memory(page.id);
    const trigger = captureTrigger({
      verdict: check.verdict,
      previousStatus,
      observedAt: check.startedAt,
      lastCapturedAt: memory?.lastAt ?? null,
      sampleIntervalMs: this.options.sampleIntervalMs,
      forClaim: event.trigger === 'claim',
    });
    if (trigger === null) return;
    const reference = this.options.referenceRepeats !== false;
    const rendered = await this.options.rendered?.(event);
    const images = reference
      ? await sortImages(rendered, memory?.images ?? [], this.options.recorder.files)
      : undefined;
    const input = {
      trigger,
      page: { id: page.id, url: page.url },
      check,
      fetch,
      mamoriVersion: this.options.mamoriVersion,
      capturedAt: this.options.clock.now(),
      ...(rendered ? { rendered } : {}),
    };
    const seen: LastCaptureFacts = {
      bodySha256: check.bodySha256,
      httpStatus: check.httpStatus,
      finalUrl: fetch.ok ? fetch.page.finalUrl : null,
      outcome: check.outcome,
      verdict: check.verdict,
      findingKey: findingKey(check.reasons),
      observedAt: check.startedAt,
    };
    const last = memory?.capture ?? null;
    const repeat = reference && trigger !== 'first' ? repeatOf(last, seen, this.options.sampleIntervalMs) : null;
    let entry: LedgerEntry;
    let capture: PageMemory['capture'];
    let details: CaptureDetails | RepeatDetails;
    if (images && last !== null && repeat !== null) {
      entry = await this.options.recorder.recordRepeat(input, last, images, repeat === 'same-bytes');
      details = JSON.parse(entry.details) as RepeatDetails;
      capture = last;
    } else {
      entry = await this.options.recorder.record(input, images);
      // Parsed once for both uses: the details are a few KB of JSON per changed page.
      const captured = JSON.parse(entry.details) as CaptureDetails;
      capture = captureMemory(entry, captured);
      details = captured;
    }
    this.#remember(page.id, {
      lastAt: check.startedAt,
      capture,
      images: mergeKept(memory?.images ?? [], imagesOf(entry, details)),
    });
    this.options.onCapture?.(entry);
  }
}
