/**
 * The evidence stage of the pipeline: after a check is stored, decide whether it is evidence
 * (capture-policy) and, if so, record it. The rendering stage plugs in through `rendered`: given the
 * check event it returns the screenshots, post-script DOM and diff images to add, or undefined.
 */
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';
import type { Clock } from '../pipeline/clock.ts';
import { captureTrigger } from './capture-policy.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { EvidenceRecorder } from './recorder.ts';
import type { LedgerEntry, RenderedCapture } from './types.ts';

export interface CaptureObserverOptions {
  ledger: EvidenceStore;
  recorder: EvidenceRecorder;
  clock: Clock;
  mamoriVersion: string;
  /** Longest time between captures of a quiet page; 0: no periodic samples. */
  sampleIntervalMs: number;
  /** What a rendering stage adds to this check, if anything. */
  rendered?: (event: CheckEvent) => Promise<RenderedCapture | undefined>;
  /** Told of each capture written (logging, tests). */
  onCapture?: (entry: LedgerEntry) => void;
}

/** Pages whose last capture time this process remembers; beyond it, the ledger is asked again. */
const REMEMBERED_PAGES = 100_000;

export class CaptureObserver implements CheckObserver {
  readonly name = 'evidence';
  readonly #lastCaptured = new Map<number, number | null>();

  constructor(private readonly options: CaptureObserverOptions) {}

  async #lastCapturedAt(pageId: number): Promise<number | null> {
    if (this.#lastCaptured.has(pageId)) return this.#lastCaptured.get(pageId) ?? null;
    // After a restart, and with several workers, the ledger is the truth.
    const last = await this.options.ledger.lastCapture(pageId);
    return last?.observedAt ?? null;
  }

  #remember(pageId: number, at: number): void {
    if (this.#lastCaptured.size >= REMEMBERED_PAGES) this.#lastCaptured.clear();
    this.#lastCaptured.set(pageId, at);
  }

  async onCheck(event: CheckEvent): Promise<void> {
    const { page, check, fetch, previousStatus } = event;
    const trigger = captureTrigger({
      verdict: check.verdict,
      previousStatus,
      observedAt: check.startedAt,
      lastCapturedAt: await this.#lastCapturedAt(page.id),
      sampleIntervalMs: this.options.sampleIntervalMs,
      forClaim: event.trigger === 'claim',
    });
    if (trigger === null) return;
    const rendered = await this.options.rendered?.(event);
    const entry = await this.options.recorder.record({
      trigger,
      page: { id: page.id, url: page.url },
      check,
      fetch,
      mamoriVersion: this.options.mamoriVersion,
      capturedAt: this.options.clock.now(),
      ...(rendered ? { rendered } : {}),
    });
    this.#remember(page.id, check.startedAt);
    this.options.onCapture?.(entry);
  }
}
