import { describe, expect, it } from 'vitest';
import type { Baseline } from '../core/baseline.ts';
import type { RenderState } from './render-state-store.ts';
import { artefactsOf, parseVisualChange, summariseRender } from './visual-summary.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const D = 'd'.repeat(64);
// The wording render-stage.ts writes.
const reason = {
  code: 'visual-change',
  severity: 'info' as const,
  message: `12.5% of the first screen looks different from the last rendering, outside the regions that change on their own; perceptual distance 23/64 (looks like a different page; diff image: blob ${D}).`,
  evidence: { snippet: `baseline ${B}, diff ${D}` },
};

describe('visual summary', () => {
  it('reads the figures and blobs back from the visual-change reason', () => {
    expect(parseVisualChange([reason])).toEqual({
      baselineSha256: B,
      diffSha256: D,
      changedPixelRatio: 0.125,
      perceptualDistance: 23,
    });
    expect(parseVisualChange([{ code: 'other', severity: 'high', message: 'x' }])).toBeNull();
  });

  it('summarises a render state with its masks and names all its artefacts', () => {
    const state: RenderState = {
      pageId: 1,
      baseline: { volatilePaths: ['body>div#news'] } as unknown as Baseline,
      renderedAt: 5,
      verdict: 'tampered',
      reasons: [reason],
      pending: false,
      viewportSha256: A,
      fullPageSha256: null,
      domSha256: null,
      diffSha256: D,
      baselineViewportSha256: B,
    };
    expect(summariseRender(state, [])).toEqual({
      renderedAt: 5,
      verdict: 'tampered',
      current: { viewport: A, fullPage: null },
      baselineScreenshot: B,
      diffImage: D,
      changedPixelRatio: 0.125,
      perceptualDistance: 23,
      masks: ['body>div#news'],
    });
    expect(artefactsOf(state).sort()).toEqual([A, B, B, D, D].sort());
    // Without a visual-change reason (the defacement compared again, unchanged), the stored baseline is shown.
    expect(summariseRender({ ...state, reasons: [] }, []).baselineScreenshot).toBe(B);
    expect(summariseRender({ ...state, reasons: [], baselineViewportSha256: A }, []).baselineScreenshot).toBeNull();
  });
});
