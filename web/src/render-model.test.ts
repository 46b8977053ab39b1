import { describe, expect, it } from 'vitest';
import { condenseDiff, evidenceFileUrl, readDiff, readScreenshots, renderUrl, safeFrameUrl } from './render-model.ts';

describe('render artefacts', () => {
  it('become same-origin /api/renders URLs only', () => {
    expect(renderUrl('ab12')).toBe('/api/renders/ab12.png');
    expect(renderUrl('/api/renders/ab12.png')).toBe('/api/renders/ab12.png');
    expect(renderUrl('https://evil.example/x.png')).toBeNull();
    expect(renderUrl('javascript:alert(1)')).toBeNull();
    expect(renderUrl(null)).toBeNull();
  });

  it('reads baseline, current and diff from the render answer', () => {
    const sha = (c: string) => c.repeat(64);
    const render = {
      checkId: 1,
      pageId: 1,
      renderedAt: 0,
      forThisCheck: true,
      verdict: 'tampered',
      current: { viewport: sha('b'), fullPage: sha('c') },
      baselineScreenshot: sha('a'),
      diffImage: sha('d'),
      changedPixelRatio: 0.12,
      perceptualDistance: null,
      masks: [],
    };
    expect(readScreenshots(render)).toEqual({
      baseline: `/api/renders/${sha('a')}.png`,
      current: `/api/renders/${sha('b')}.png`,
      diff: `/api/renders/${sha('d')}.png`,
      changedPixelRatio: 0.12,
    });
    expect(readScreenshots({ ...render, baselineScreenshot: null, diffImage: null })).toMatchObject({
      baseline: null,
      diff: null,
    });
    expect(
      readScreenshots({
        ...render,
        current: { viewport: null, fullPage: null },
        baselineScreenshot: null,
        diffImage: null,
        changedPixelRatio: null,
      }),
    ).toEqual({ baseline: null, current: null, diff: null, changedPixelRatio: null });
  });
});

describe('evidenceFileUrl', () => {
  it('lets only this origin’s evidence file paths through', () => {
    const sha = 'a'.repeat(64);
    expect(evidenceFileUrl(`/api/evidence/12/files/${sha}`)).toBe(`/api/evidence/12/files/${sha}`);
    expect(evidenceFileUrl(`https://evil.example/api/evidence/12/files/${sha}`)).toBeNull();
    expect(evidenceFileUrl(`/api/evidence/12/files/${sha}/../../x`)).toBeNull();
    expect(evidenceFileUrl('javascript:alert(1)')).toBeNull();
    expect(evidenceFileUrl(null)).toBeNull();
  });
});

describe('readDiff', () => {
  it('keeps inserted elements and classifies text blocks', () => {
    const d = readDiff({
      checkId: 2,
      baselineCheckId: 1,
      added: 1,
      removed: 1,
      blocks: [
        { op: 'added', path: 'main>h2', text: 'Hacked by', hidden: 'display:none (style)', expected: false },
        { op: 'removed', path: 'main>p', text: 'old', hidden: null, expected: true },
        { op: 'same', path: 'h1', text: 'same', hidden: null, expected: false },
      ],
      inserted: [
        {
          code: 'posted-block',
          severity: 'high',
          message: 'm',
          selector: 'body > div#kuro',
          snippet: '<div id="kuro">',
          url: null,
        },
        { code: 'x', severity: 'low', message: 'm', selector: 'x', snippet: null, url: null },
      ],
    });
    expect(d.inserted).toEqual([{ path: 'body > div#kuro', snippet: '<div id="kuro">' }]);
    expect(d.blocks.map((b) => b.kind)).toEqual(['added', 'removed', 'same']);
    // What explains the diff reaches the view: the hidden insertion and the expected churn.
    expect(d.blocks.map((b) => [b.hidden, b.expected])).toEqual([
      ['display:none (style)', false],
      [null, true],
      [null, false],
    ]);
  });
});

describe('safeFrameUrl', () => {
  it('frames only http(s) addresses', () => {
    expect(safeFrameUrl('http://127.0.0.1:9000/capture/1?t=x&as=html')).toBe(
      'http://127.0.0.1:9000/capture/1?t=x&as=html',
    );
    expect(safeFrameUrl('javascript:alert(1)')).toBeNull();
    expect(safeFrameUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeFrameUrl('')).toBeNull();
  });
});

describe('condenseDiff', () => {
  const same = (text: string) => ({ kind: 'same' as const, text, path: '', expected: false, hidden: null });
  it('keeps changes with their context and folds the unchanged runs', () => {
    const blocks = [
      same('a'),
      same('b'),
      same('c'),
      { kind: 'added' as const, text: 'Hacked', path: '', expected: false, hidden: null },
      same('d'),
      same('e'),
      same('f'),
      same('g'),
    ];
    expect(condenseDiff(blocks, 1).map((r) => (r.kind === 'gap' ? `…${r.count}` : r.text))).toEqual([
      '…2',
      'c',
      'Hacked',
      'd',
      '…3',
    ]);
  });

  it('folds a diff without changes into one row', () => {
    expect(condenseDiff([same('a'), same('b')])).toEqual([{ kind: 'gap', count: 2 }]);
  });
});
