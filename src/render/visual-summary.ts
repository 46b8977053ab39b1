/**
 * What the console shows of a render: the screenshots, the baseline screenshot the viewport was
 * compared with, the diff image and its figures. The figures live in the `visual-change` reason the
 * rendering stage writes (render-stage.ts): this reads them back from it. Pure.
 */
import type { Reason } from '../core/verdict.ts';
import type { RenderState } from './render-state-store.ts';

export interface VisualChange {
  baselineSha256: string | null;
  diffSha256: string | null;
  /** Share of the first screen's pixels that changed, 0..1 (to a tenth of a percent). */
  changedPixelRatio: number | null;
  /** Difference-hash distance, 0..64. */
  perceptualDistance: number | null;
}

const SHA = /[0-9a-f]{64}/;

export function parseVisualChange(reasons: readonly Reason[]): VisualChange | null {
  const reason = reasons.find((r) => r.code === 'visual-change');
  if (!reason) return null;
  const snippet = reason.evidence?.snippet ?? '';
  const baseline = new RegExp(`baseline (${SHA.source})`).exec(snippet)?.[1] ?? null;
  const diff = new RegExp(`diff (${SHA.source})`).exec(snippet)?.[1] ?? null;
  const percent = /^(\d+(?:\.\d+)?)% of the first screen/.exec(reason.message)?.[1];
  const distance = /perceptual distance (\d+)\/64/.exec(reason.message)?.[1];
  return {
    baselineSha256: baseline,
    diffSha256: diff,
    changedPixelRatio: percent === undefined ? null : Math.round(Number(percent) * 10) / 1000,
    perceptualDistance: distance === undefined ? null : Number(distance),
  };
}

export interface RenderSummary {
  renderedAt: number;
  verdict: RenderState['verdict'];
  /** This render's screenshots (render blob ids: GET /api/renders/{id}.png). */
  current: { viewport: string | null; fullPage: string | null };
  /** The baseline viewport screenshot this render was compared with (the page as it should look). */
  baselineScreenshot: string | null;
  diffImage: string | null;
  changedPixelRatio: number | null;
  perceptualDistance: number | null;
  /** The page's learnt churning regions, left out of the pixel comparison. */
  masks: string[];
}

export function summariseRender(state: RenderState, checkReasons: readonly Reason[]): RenderSummary {
  // The check's own reasons first: they carry the browser's reasons when the render escalated it.
  const visual = parseVisualChange(checkReasons) ?? parseVisualChange(state.reasons);
  return {
    renderedAt: state.renderedAt,
    verdict: state.verdict,
    current: { viewport: state.viewportSha256, fullPage: state.fullPageSha256 },
    baselineScreenshot:
      visual?.baselineSha256 ??
      (state.baselineViewportSha256 !== state.viewportSha256 ? state.baselineViewportSha256 : null),
    diffImage: state.diffSha256 ?? visual?.diffSha256 ?? null,
    changedPixelRatio: visual?.changedPixelRatio ?? null,
    perceptualDistance: visual?.perceptualDistance ?? null,
    masks: state.baseline?.volatilePaths ?? [],
  };
}

/** Every artefact a render state names, the baseline screenshot of its visual-change reason included. */
export function artefactsOf(state: RenderState): string[] {
  const visual = parseVisualChange(state.reasons);
  return [
    state.viewportSha256,
    state.fullPageSha256,
    state.diffSha256,
    state.domSha256,
    state.baselineViewportSha256,
    visual?.baselineSha256 ?? null,
    visual?.diffSha256 ?? null,
  ].filter((s): s is string => s !== null);
}
