import { describe, expect, it } from 'vitest';
import { readDiff, readScreenshots, renderUrl, safeFrameUrl } from './render-model.ts';

describe('render artefacts', () => {
  it('become same-origin /api/renders URLs only', () => {
    expect(renderUrl(12)).toBe('/api/renders/12.png');
    expect(renderUrl('/api/renders/ab12.png')).toBe('/api/renders/ab12.png');
    expect(renderUrl('https://evil.example/x.png')).toBeNull();
    expect(renderUrl('javascript:alert(1)')).toBeNull();
  });

  it('reads baseline, current and diff from the render answer', () => {
    expect(readScreenshots({ baselineScreenshotId: 1, screenshotId: 2, diffImageId: 3 })).toEqual({ baseline: '/api/renders/1.png', current: '/api/renders/2.png', diff: '/api/renders/3.png' });
    expect(readScreenshots(null)).toEqual({ baseline: null, current: null, diff: null });
  });
});

describe('readDiff', () => {
  it('keeps inserted elements and classifies text blocks', () => {
    const d = readDiff({ inserted: [{ path: 'body > div#kuro', snippet: '<div id="kuro">' }, { path: 'x' }], blocks: [{ kind: 'added', text: 'Hacked by' }, { kind: 'removed', text: 'old' }, { text: 'same' }] });
    expect(d.inserted).toEqual([{ path: 'body > div#kuro', snippet: '<div id="kuro">' }]);
    expect(d.blocks.map((b) => b.kind)).toEqual(['added', 'removed', 'same']);
  });
});

describe('safeFrameUrl', () => {
  it('frames only http(s) addresses', () => {
    expect(safeFrameUrl({ url: 'http://127.0.0.1:9000/c/1' })).toBe('http://127.0.0.1:9000/c/1');
    expect(safeFrameUrl({ url: 'javascript:alert(1)' })).toBeNull();
    expect(safeFrameUrl({ url: 'data:text/html,<script>alert(1)</script>' })).toBeNull();
    expect(safeFrameUrl({})).toBeNull();
  });
});
