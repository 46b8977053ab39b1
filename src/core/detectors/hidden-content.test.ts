import { describe, expect, it } from 'vitest';
import type { PageParts } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { hiddenContent, looksEncoded, trackerFrameReason } from './hidden-content.ts';
import { newOrigins } from './new-origins.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts) => hiddenContent.detect({ model: judgeInput(parts), baseline });
const SPAM = '<a href="https://casino.example/">オンラインカジノ</a>';

/** Deterministic base64-looking noise (a Park–Miller generator), no spaces. */
function noise(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = 42;
  return Array.from({ length }, () => {
    x = (x * 48271) % 2147483647;
    return alphabet[x % 64] ?? 'A';
  }).join('');
}

const ENGLISH =
  'The Ministry publishes notices about changes to registration procedures, opening hours of local offices and new forms. ' +
  'Please check this page regularly, and contact the responsible bureau if you have any questions about a notice.';

describe('hidden-content: hidden external links', () => {
  const cases: [name: string, parts: PageParts, selector: string, technique: string][] = [
    [
      'inline style on the link',
      { listExtra: `<li><a style="display:none" href="https://casino.example/">カジノ</a></li>` },
      'html>body>div#main>ul.news>li:nth-of-type(4)>a',
      '(display:none)',
    ],
    [
      'a <style> rule',
      {
        head: '<style>.pr { visibility: hidden }</style>',
        listExtra: `<li><a class="pr" href="https://casino.example/">カジノ</a></li>`,
      },
      'html>body>div#main>ul.news>li:nth-of-type(4)>a.pr',
      '(visibility:hidden, by a <style> rule)',
    ],
    [
      'a hidden ancestor',
      { main: `<div style="position:absolute;left:-9999px"><p>${SPAM}</p></div>` },
      'html>body>div#main>div>p>a',
      '(off-screen)',
    ],
    [
      'a table-column box',
      { main: `<div style="display:table-column">${SPAM}</div>` },
      'html>body>div#main>div>a',
      '(display:table-column)',
    ],
  ];
  it.each(cases)('flags a new external link hidden by %s, high', (_name, parts, selector, technique) => {
    const reasons = detect(parts);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: 'hidden-external-link',
      severity: 'high',
      evidence: { selector, url: 'https://casino.example/' },
    });
    expect(reasons[0]?.evidence?.snippet).toMatch(/^<a href="https:\/\/casino\.example\/">/);
    expect(reasons[0]?.message).toContain(technique);
  });

  it('reports each hidden href once', () => {
    const reasons = detect({ listExtra: `<li style="display:none">${SPAM}${SPAM}</li>` });
    expect(reasons.map((r) => r.code)).toEqual(['hidden-external-link']);
  });

  it('ignores a hidden link to a host the page already links to', () => {
    expect(baseline.linkHosts).toContain('www.e-gov.go.jp');
    expect(
      detect({ listExtra: '<li style="display:none"><a href="https://www.e-gov.go.jp/x">電子政府</a></li>' }),
    ).toEqual([]);
  });

  it('ignores a visible new external link and a hidden same-site link', () => {
    expect(detect({ listExtra: `<li>${SPAM}</li>` })).toEqual([]);
    expect(detect({ listExtra: '<li style="display:none"><a href="/news/old.html">過去</a></li>' })).toEqual([]);
  });

  it('stays quiet without a baseline', () => {
    expect(
      hiddenContent.detect({
        model: judgeInput({ listExtra: `<li style="display:none">${SPAM}</li>` }),
        baseline: null,
      }),
    ).toEqual([]);
  });

  it('does not call a mobile-only menu hidden when a media query shows it again', () => {
    const head = '<style>.sp-only{display:none} @media (max-width: 640px) { .sp-only{display:block} }</style>';
    expect(
      detect({ head, listExtra: '<li class="sp-only"><a href="https://social.example/moj">SNS</a></li>' }),
    ).toEqual([]);
  });

  it('still finds a link hidden by a rule inside @media screen, or revealed only in print', () => {
    const head = '<style>@media screen { .zz{display:none} } @media print { .zz{display:block} }</style>';
    const reasons = detect({ head, listExtra: '<li class="zz"><a href="https://spam.example/">x</a></li>' });
    expect(reasons[0]).toMatchObject({ code: 'hidden-external-link', severity: 'high' });
  });
});

describe('hidden-content: hidden text', () => {
  it('calls new hidden prose low', () => {
    const reasons = detect({ main: `<div class="more" hidden><p>${ENGLISH}</p></div>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'hidden-text',
        severity: 'low',
        evidence: {
          selector: 'html>body>div#main>div.more>p',
          snippet: expect.stringMatching(/^The Ministry publishes/) as unknown,
        },
      }),
    ]);
    expect(reasons[0]?.message).toContain('(hidden-attribute)');
  });

  it('calls a new hidden encoded string a payload, medium', () => {
    const reasons = detect({ main: `<div id="d1" style="display:none">${noise(400)}</div>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'hidden-payload',
        severity: 'medium',
        evidence: { selector: 'html>body>div#main>div#d1', snippet: `${noise(120)}…` },
      }),
    ]);
  });

  it('ignores short hidden text such as a collapsed menu label', () => {
    expect(detect({ main: '<span style="display:none">メニューを閉じる</span>' })).toEqual([]);
  });
});

describe('looksEncoded', () => {
  it('recognises base64-like text without spaces', () => {
    expect(looksEncoded(noise(300))).toBe(true);
  });

  it('recognises digit runs joined by separators', () => {
    const digits = Array.from({ length: 80 }, (_, i) => 100 + ((i * 37) % 27)).join('*');
    expect(digits.startsWith('100*110*120*103*')).toBe(true);
    expect(looksEncoded(digits)).toBe(true);
  });

  it('recognises "words" no language spells', () => {
    const words = 'xkcdq bvtrm plkns grtzw qwrtp mnbvc zxcvb lkjhg fdsqw rtypl '.repeat(4);
    expect(looksEncoded(words)).toBe(true);
  });

  it('leaves ordinary English prose alone', () => {
    expect(ENGLISH.length).toBeGreaterThanOrEqual(200);
    expect(looksEncoded(ENGLISH)).toBe(false);
  });

  it('needs at least 200 characters', () => {
    expect(looksEncoded(noise(199))).toBe(false);
  });

  it('does not take Japanese prose (which has no spaces) for an encoded payload', () => {
    const japanese = '登記事項証明書の交付請求は、全国の法務局の窓口のほか、オンラインでも行うことができます。'.repeat(
      5,
    );
    expect(japanese.length).toBeGreaterThanOrEqual(200);
    expect(looksEncoded(japanese)).toBe(false);
  });
});

describe('trackerFrameReason', () => {
  /** An analytics snippet that writes its loader's address: the page runs it in every version. */
  const snippet =
    '<script>(function(w,d){var s=d.createElement("script");s.src="https://static.metrics.example/t/loader-"+w.siteId+".js";d.head.appendChild(s);})(window,document);</script>';
  const withSnippet = learntBaseline({ head: snippet });
  const frameOf = (src: string, parts: PageParts = { head: snippet }) => {
    const model = judgeInput({ ...parts, bodyEnd: `<iframe src="${src}" style="display:none"></iframe>` });
    const frame = model.iframes[0];
    if (!frame) throw new Error('no frame in the model');
    return { model, frame };
  };

  it('calls a hidden frame on the domain of a known inline loader tracker-like, and says why', () => {
    const { model, frame } = frameOf('https://vars.metrics.example/box.html');
    expect(trackerFrameReason(frame, model, withSnippet)).toBe(
      'an inline script the page has long run loads code from metrics.example',
    );
    // Through the origin detector: low, not a drive-by.
    expect(
      newOrigins.detect({ model, baseline: withSnippet }).find((r) => r.code === 'hidden-iframe-known-domain')
        ?.severity,
    ).toBe('low');
  });

  it('does not vouch for a frame on a domain no known script uses', () => {
    const { model, frame } = frameOf('https://drive-by.example/x.html');
    expect(trackerFrameReason(frame, model, withSnippet)).toBeNull();
    expect(newOrigins.detect({ model, baseline: withSnippet }).find((r) => r.code === 'hidden-iframe')?.severity).toBe(
      'high',
    );
  });

  it('does not vouch for a frame whose loader is itself new (not in the baseline)', () => {
    const { model, frame } = frameOf('https://vars.metrics.example/box.html');
    expect(trackerFrameReason(frame, model, baseline)).toBeNull();
  });
});
