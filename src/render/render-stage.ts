/**
 * The rendering step of a check: after the static verdict, and before it is stored, decide whether
 * to render the page (at enrolment, whenever the static verdict is not `unchanged`, and every
 * `deepIntervalMs`), judge the rendered view against the page's rendered baseline with the same
 * detectors, and let a worse rendered verdict replace the static one, its reasons first.
 *
 * Rendering never makes a check fail: a render that fails leaves the static verdict as it was (and is
 * logged); a browser that cannot be used turns rendering off with one warning (static-only mode).
 */
import type { Logger } from 'pino';
import type { Assessment } from '../core/assess.ts';
import { judgePage, type Judgement } from '../core/judge.ts';
import { analysisLimitReason } from '../core/analysis-limit.ts';
import { withCloaking } from '../core/cloaking-verdict.ts';
import type { Analyser } from '../analysis/types.ts';
import { isWorse, type Reason, type VerdictKind } from '../core/verdict.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { PageHead } from '../store/types.ts';
import { classifyRenderError } from './errors.ts';
import type { RenderService } from './render-service.ts';
import type { RenderState, RenderStateStore } from './render-state-store.ts';
import type { Screenshots } from './renderer.ts';
import { diffScreenshots, type Rect } from './visual-diff.ts';
import { sweepRenderArtefacts, type ArtefactFiles, type SweepResult } from './artefact-sweep.ts';
import { checkCloaking } from './cloaking.ts';
import { visitorUserAgent } from './browser-pool.ts';
import type { Fetcher } from '../fetch/types.ts';

export type RenderTrigger = 'enrolment' | 'static-verdict' | 'heightened-watch' | 'deep-schedule';

export interface TriggerInput {
  /** The static fetch returned a page (a down page is not rendered: there is nothing to show). */
  fetched: boolean;
  staticVerdict: VerdictKind;
  /** When the page was last rendered, or null when never. */
  lastRenderedAt: number | null;
  now: number;
  /** 0: no scheduled renders. */
  deepIntervalMs: number;
  /**
   * The page's organisation is under a threat: it is rendered at the heightened pace, every check
   * when checks keep that pace (a page checked faster, like the demo's, is not rendered faster).
   */
  heightened?: { renderEveryMs: number };
}

/** Why this check renders the page, or null when it does not. Pure. */
export function renderTrigger(input: TriggerInput): RenderTrigger | null {
  if (!input.fetched || input.staticVerdict === 'down') return null;
  if (input.lastRenderedAt === null) return 'enrolment';
  if (input.staticVerdict !== 'unchanged') return 'static-verdict';
  if (input.heightened && input.now - input.lastRenderedAt >= input.heightened.renderEveryMs) return 'heightened-watch';
  if (input.deepIntervalMs > 0 && input.now - input.lastRenderedAt >= input.deepIntervalMs) return 'deep-schedule';
  return null;
}

/**
 * The verdict of the check once both views are judged: the rendered one when it is worse and
 * alarming (its reasons first, each saying it comes from the browser), else the static one. When
 * the rendered view escalates, the static baseline must not learn this observation.
 */
export function mergeVerdicts(
  staticAssessment: Assessment,
  rendered: { kind: VerdictKind; reasons: Reason[] },
): Assessment {
  const alarming = rendered.kind === 'tampered' || rendered.kind === 'suspicious';
  if (!alarming || !isWorse(rendered.kind, staticAssessment.verdict.kind)) return staticAssessment;
  const fromBrowser = rendered.reasons
    .filter((r) => r.severity !== 'info' || r.code === 'visual-change')
    .map((r) => ({ ...r, code: r.code, message: `In a real browser: ${r.message}` }));
  return {
    ...staticAssessment,
    verdict: { kind: rendered.kind, reasons: [...fromBrowser, ...staticAssessment.verdict.reasons] },
    baseline: undefined,
  };
}

export interface RenderStageDeps {
  service: RenderService;
  states: RenderStateStore;
  blobs: BlobStore;
  log: Logger;
  minSamples: number;
  deepIntervalMs: number;
  /** The service's concurrency: bounds the background backlog. */
  concurrency: number;
  /**
   * The static fetcher, for the cloaking check (the page fetched as a crawler and as a visitor from a
   * search engine) on suspicion and on the deep schedule; no cloaking check without it.
   */
  fetcher?: Fetcher;
  /** Where the cloaking copies are analysed (the app's worker pool); inline when absent. */
  analyser?: Analyser;
  /** Pages under heightened watch (src/intel) are rendered (in the background) at this pace. */
  heightened?: { isHeightened: (page: { siteId: number }) => boolean; renderEveryMs: number };
}

/** Background renders waiting beyond this many per slot are not started (the next check tries again). */
const BACKLOG_PER_SLOT = 25;
/** Pages whose below-the-fold signature is remembered (about 150 bytes each). */
const MAX_BELOW_FOLD = 100_000;

export class RenderStage {
  private disabledBecause: string | null = null;
  private closing = false;
  /** Pages with a render under way, so a quick second check does not render them twice. */
  private readonly rendering = new Set<number>();
  private readonly background = new Set<Promise<void>>();
  /**
   * Per page, the `belowFold` of the last render whose full-page PNG its state still names: a render
   * that finds the same one takes no second screenshot and keeps that PNG. Held here, not stored: after
   * a restart each page's next render takes its full-page PNG again. Dropped past MAX_BELOW_FOLD pages.
   */
  private readonly belowFold = new Map<number, { signature: string; fullPageSha256: string }>();

  constructor(private readonly deps: RenderStageDeps) {}

  /** The full-page PNG's blob: the new one, or the one still standing when nothing below the fold changed. */
  private async fullPageOf(
    pageId: number,
    shots: Screenshots | null,
    belowFold: string | null,
    state: RenderState | null,
  ): Promise<string | null> {
    if (!shots) return null;
    const sha256 = shots.fullPage ? await this.deps.blobs.put(shots.fullPage) : (state?.fullPageSha256 ?? null);
    this.belowFold.delete(pageId);
    if (belowFold !== null && sha256 !== null) {
      if (this.belowFold.size >= MAX_BELOW_FOLD) this.belowFold.delete(this.belowFold.keys().next().value as number);
      this.belowFold.set(pageId, { signature: belowFold, fullPageSha256: sha256 });
    }
    return sha256;
  }

  /** The latest render of a page: its verdict and the blobs it left (screenshots, DOM, diff). */
  latest(pageId: number): Promise<RenderState | null> {
    return this.deps.states.get(pageId);
  }

  /** Null while rendering works; the reason once it has been turned off. */
  get disabled(): string | null {
    return this.disabledBecause;
  }

  /**
   * The check's assessment after the rendered view had its say. A static verdict that is not
   * `unchanged` is rendered at once and may be escalated. Enrolment and deep-schedule renders run in
   * the background, so a large estate's checks never queue behind the browser; an alarming result
   * is handed to the page's next check (at most one interval later).
   */
  async review(page: PageHead, assessment: Assessment, fetched: boolean, now: number): Promise<Assessment> {
    if (this.disabledBecause !== null) return assessment;
    const schedule = await this.deps.states.schedule(page.id);
    const trigger = this.rendering.has(page.id)
      ? null
      : renderTrigger({
          fetched,
          staticVerdict: assessment.verdict.kind,
          lastRenderedAt: schedule?.renderedAt ?? null,
          now,
          deepIntervalMs: this.deps.deepIntervalMs,
          ...(this.deps.heightened?.isHeightened(page)
            ? { heightened: { renderEveryMs: this.deps.heightened.renderEveryMs } }
            : {}),
        });
    // Most checks neither render nor have a verdict waiting: they stop here, with the baseline unread.
    if (trigger === null && !schedule?.pending) return assessment;
    const state = schedule === null ? null : await this.deps.states.get(page.id);
    // A changed page is judged by the browser before its verdict is stored. A page under heightened
    // watch is rendered on every check but in the background, like enrolment: a threat naming a
    // large organisation must not stall its checks behind the browser; an alarming render reaches
    // the next check, one heightened interval later.
    // A discovered page's suspect first sight is held, not learnt: its rendered view is not learnt either.
    const held =
      assessment.baseline?.held === true || (assessment.baseline === undefined && page.baselineFacts?.held === true);
    if (trigger === 'static-verdict') {
      const judged = await this.renderAndStore(page, state, now, trigger, false, held);
      return judged ? mergeVerdicts(assessment, judged) : assessment;
    }
    if (trigger !== null && this.deps.service.stats().queued < this.deps.concurrency * BACKLOG_PER_SLOT) {
      const task = this.renderAndStore(page, state, now, trigger, true, held).then(() => undefined);
      this.background.add(task);
      void task.finally(() => this.background.delete(task));
    }
    return this.reportPending(page, state, assessment);
  }

  /** Hands a background render's alarming verdict to this check, once. */
  private async reportPending(page: PageHead, state: RenderState | null, assessment: Assessment): Promise<Assessment> {
    if (!state?.pending) return assessment;
    await this.deps.states.put({ ...state, pending: false });
    return mergeVerdicts(assessment, { kind: state.verdict, reasons: state.reasons });
  }

  /** Renders, judges against the rendered baseline, stores the state; null when the render failed. */
  private async renderAndStore(
    page: PageHead,
    state: RenderState | null,
    now: number,
    trigger: RenderTrigger,
    inBackground: boolean,
    held = false,
  ) {
    const { service, log, states } = this.deps;
    this.rendering.add(page.id);
    try {
      let rendered;
      try {
        const known = this.belowFold.get(page.id);
        rendered = await service.renderAnalysed({
          url: page.url,
          screenshots: true,
          maskPaths: state?.baseline?.volatilePaths ?? [],
          // Only while the stored state still names that full-page PNG (another worker may have moved on).
          ...(known && known.fullPageSha256 === state?.fullPageSha256 ? { knownBelowFold: known.signature } : {}),
        });
      } catch (error) {
        const classified = classifyRenderError(error, page.url);
        if (this.closing) return null;
        if (classified.action === 'static-only') {
          this.disabledBecause ??= classified.message;
          log.warn({ err: classified }, `rendering is off, checks continue static-only: ${classified.message}`);
        } else {
          log.warn(
            { err: classified, pageId: page.id, trigger, action: classified.action },
            'render failed; the static verdict stands',
          );
        }
        return null;
      }
      const { analysis } = rendered;
      if (!analysis.ok && analysis.limit === 'unavailable') {
        log.warn(
          { pageId: page.id, trigger, detail: analysis.detail },
          'rendered view not analysed; the static verdict stands',
        );
        return null;
      }
      // A rendered DOM that cannot be analysed within limits is suspicious and teaches the baseline nothing.
      let judgement: Judgement = analysis.ok
        ? judgePage(analysis.value, state?.baseline ?? null, { minSamples: this.deps.minSamples })
        : {
            verdict: { kind: 'suspicious', reasons: [analysisLimitReason(analysis.detail)] },
            baseline: state?.baseline ?? null,
            learned: false,
          };
      const shots = rendered.result.screenshots;
      // Compared with the page as it should look (the last render that was not alarming), so a
      // defacement keeps showing as one, render after render, until the page is restored.
      const reference = state?.baselineViewportSha256 ?? state?.viewportSha256 ?? null;
      const visual = shots && reference ? await this.visualChange(reference, shots, rendered.result.masks) : null;
      if (visual) judgement.verdict.reasons.push(visual.reason);
      if (this.deps.fetcher && analysis.ok && trigger !== 'enrolment' && state?.baseline) {
        const cloaked = await checkCloaking(
          this.deps.fetcher,
          page.url,
          analysis.value,
          service.pool.userAgent() ?? visitorUserAgent('0'),
          this.deps.analyser,
        );
        judgement = withCloaking(judgement, cloaked);
      }
      const alarming = judgement.verdict.kind === 'tampered' || judgement.verdict.kind === 'suspicious';
      const viewportSha256 = shots ? await this.deps.blobs.put(shots.viewport) : null;
      const fullPageSha256 = await this.fullPageOf(page.id, shots, rendered.result.belowFold, state);
      await states.put({
        pageId: page.id,
        baseline: judgement.learned && !held ? judgement.baseline : (state?.baseline ?? null),
        renderedAt: now,
        verdict: judgement.verdict.kind,
        reasons: judgement.verdict.reasons,
        pending: inBackground && alarming,
        viewportSha256,
        fullPageSha256,
        domSha256: await this.deps.blobs.put(Buffer.from(rendered.result.html, 'utf8')),
        diffSha256: visual?.diffSha256 ?? null,
        baselineViewportSha256: alarming ? reference : (viewportSha256 ?? reference),
      });
      log.debug(
        { pageId: page.id, trigger, verdict: judgement.verdict.kind, ms: Math.round(rendered.result.durationMs) },
        'rendered',
      );
      return judgement.verdict;
    } catch (error) {
      // The store failed under a background render: nothing to hand on, the next check tries again.
      log.warn({ err: error, pageId: page.id, trigger }, 'render result could not be stored');
      if (!inBackground) throw error;
      return null;
    } finally {
      this.rendering.delete(page.id);
    }
  }

  /**
   * How much of the viewport differs from the baseline screenshot, as an info reason pointing at the
   * diff image (in the blob store); null when nothing changed or the baseline screenshot is gone.
   */
  private async visualChange(
    previousSha: string,
    shots: Screenshots,
    masks: readonly Rect[],
  ): Promise<{ reason: Reason; diffSha256: string } | null> {
    const previous = await this.deps.blobs.get(previousSha);
    if (!previous) return null;
    // The page's learnt churning regions (news lists, dates, counters) are left out of the comparison.
    const outcome = diffScreenshots(previous, shots.viewport, masks);
    if (!outcome.ok || outcome.diff.changedPixels === 0) return null;
    const diffSha = await this.deps.blobs.put(outcome.diff.diffPng);
    const percent = Math.round(outcome.diff.changedRatio * 1000) / 10;
    const reason: Reason = {
      code: 'visual-change',
      severity: 'info',
      message: `${percent}% of the first screen looks different from the page's baseline rendering${outcome.diff.maskedPixels > 0 ? ', outside the regions that change on their own' : ''}; perceptual distance ${outcome.diff.perceptualDistance}/64 (${outcome.diff.perceptualDistance >= 20 ? 'looks like a different page' : 'same overall picture'}; diff image: blob ${diffSha}).`,
      evidence: { snippet: `baseline ${previousSha}, diff ${diffSha}` },
    };
    return { reason, diffSha256: diffSha };
  }

  /** Deletes the artefacts of earlier renders that no render state names any more (see artefact-sweep.ts). */
  sweepArtefacts(files: ArtefactFiles, now: number): Promise<SweepResult> {
    return sweepRenderArtefacts(this.deps.states, files, now);
  }

  /** Drops background renders not yet started, waits for the running ones, then stops the browser. */
  async close(): Promise<void> {
    this.closing = true;
    this.deps.service.pool.abandonQueued('Mamori is shutting down; the render was not started');
    await Promise.allSettled([...this.background]);
    await this.deps.service.close();
  }
}
