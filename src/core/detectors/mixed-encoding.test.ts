import { describe, expect, it } from 'vitest';
import type { Baseline } from '../baseline.ts';
import type { PageParts } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { mixedEncoding } from './mixed-encoding.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts, b: Baseline = baseline) =>
  mixedEncoding.detect({ model: judgeInput(parts), baseline: b });

/** What a GBK link block looks like once decoded as UTF-8: replacement characters between the ASCII. */
const GARBLED =
  '\uFFFD\uFFFD\uFFFD\uFFFD 2024 \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD vip \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD';
const BLOCK = `<div class="seo"><a href="https://spam.example/">${GARBLED}</a></div>`;

describe('mixed-encoding', () => {
  it('flags a new block full of replacement characters in a clean page, medium', () => {
    const reasons = detect({ main: BLOCK });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'mixed-encoding',
        severity: 'medium',
        evidence: { selector: 'html>body>div#main>div.seo', snippet: GARBLED },
      }),
    ]);
  });

  it('ignores one stray replacement character in new text', () => {
    expect(
      detect({
        main: '<p class="lead">令和6年5月1日 窓口の受付時間を変更しました\uFFFD 詳しくは担当部局までお問い合わせください。</p>',
      }),
    ).toEqual([]);
  });

  it('ignores short garbled text such as a broken bullet or icon', () => {
    expect(detect({ main: '<p>\uFFFD\uFFFD\uFFFD 目次</p>' })).toEqual([]);
  });

  it('ignores a garbled block the baseline already holds', () => {
    expect(detect({ main: BLOCK }, learntBaseline({ main: BLOCK }))).toEqual([]);
  });

  it('stays quiet without a baseline', () => {
    expect(mixedEncoding.detect({ model: judgeInput({ main: BLOCK }), baseline: null })).toEqual([]);
  });
});
