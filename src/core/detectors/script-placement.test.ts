import { describe, expect, it } from 'vitest';
import { analysePage } from '../analyse.ts';
import type { PageParts } from '../testing/fixtures.ts';
import { PAGE_URL } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { scriptPlacement } from './script-placement.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts) => scriptPlacement.detect({ model: judgeInput(parts), baseline });

const LOADER_URL = 'https://loader.example/l.js';
const LOADER = `<script src="${LOADER_URL}"></script>`;
/** The loader escaped, as it reads once an injection was HTML-encoded instead of executed. */
const ESCAPED = `&lt;script src="${LOADER_URL}"&gt;&lt;/script&gt;`;
const AS_TEXT = `<script src="${LOADER_URL}"></script>`;

describe('script-placement: misplaced loaders', () => {
  it.each([
    [
      'a',
      { listExtra: `<li><a href="/news/9.html">お知らせ${LOADER}</a></li>` },
      'html>body>div#main>ul.news>li:nth-of-type(4)>a>script',
    ],
    ['h1', { main: `<h1>${LOADER}新着</h1>` }, 'html>body>div#main>h1:nth-of-type(2)>script'],
    ['li', { listExtra: `<li>${LOADER}お知らせ</li>` }, 'html>body>div#main>ul.news>li:nth-of-type(4)>script'],
  ] as [string, PageParts, string][])('flags a new loader inside <%s>, high', (tag, parts, selector) => {
    const reasons = detect(parts);
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'misplaced-script',
        severity: 'high',
        evidence: { selector, url: LOADER_URL, snippet: `<script src="${LOADER_URL}">` },
      }),
    ]);
    expect(reasons[0]?.message).toContain(`inside a <${tag}> element`);
  });

  it('flags a loader appended outside head and body', () => {
    const html = `<html><head><title>t</title></head><body><p>本文</p></body>${LOADER}</html>`;
    const model = analysePage(html, PAGE_URL);
    expect(model.scripts[0]?.path).toBe('html>script');
    const reasons = scriptPlacement.detect({ model, baseline });
    expect(reasons[0]).toMatchObject({
      code: 'misplaced-script',
      severity: 'high',
      evidence: { selector: 'html>script' },
    });
    expect(reasons[0]?.message).toContain('outside the document’s head and body');
  });

  it('leaves a new script in <head> or at the end of <body> alone', () => {
    expect(detect({ head: LOADER })).toEqual([]);
    expect(detect({ bodyEnd: LOADER })).toEqual([]);
  });

  it('leaves a loader the page already had alone, even in a list item', () => {
    const known = learntBaseline({ listExtra: `<li>${LOADER}</li>` });
    expect(scriptPlacement.detect({ model: judgeInput({ listExtra: `<li>${LOADER}</li>` }), baseline: known })).toEqual(
      [],
    );
  });
});

describe('script-placement: loader markup as text', () => {
  it('flags escaped loader markup in the title', () => {
    const reasons = detect({ title: `法務省 ${ESCAPED}` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'script-markup-as-text',
        severity: 'high',
        evidence: { selector: 'html>head>title', snippet: `法務省 ${AS_TEXT}` },
      }),
    ]);
    expect(reasons[0]?.message).toContain("page's title");
  });

  it('flags loader markup in an attribute value', () => {
    const reasons = detect({ main: `<img src="/img/a.png" alt='${ESCAPED}'>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'script-markup-as-text',
        severity: 'high',
        evidence: { selector: 'html>body>div#main>img', snippet: AS_TEXT },
      }),
    ]);
    expect(reasons[0]?.message).toContain("page's attributes");
  });

  it('flags loader markup shown as paragraph text', () => {
    const reasons = detect({ main: `<p>${ESCAPED}</p>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'script-markup-as-text',
        severity: 'high',
        evidence: { selector: 'html>body>div#main>p:nth-of-type(2)', snippet: AS_TEXT },
      }),
    ]);
    expect(reasons[0]?.message).toContain('New visible text');
  });

  it('leaves the same markup inside <pre><code> on a page about HTML alone', () => {
    expect(detect({ main: `<h2>読み込み方</h2><pre><code>${ESCAPED}</code></pre>` })).toEqual([]);
  });

  it('leaves a title leak the baseline already knows alone', () => {
    const title = `HTML入門 ${ESCAPED}`;
    expect(scriptPlacement.detect({ model: judgeInput({ title }), baseline: learntBaseline({ title }) })).toEqual([]);
  });

  it('stays quiet without a baseline', () => {
    expect(scriptPlacement.detect({ model: judgeInput({ main: `<h1>${LOADER}</h1>` }), baseline: null })).toEqual([]);
  });

  it('leaves loader markup shown as inline code, and embed markup in data attributes, alone', () => {
    expect(
      detect({
        main: '<p>書き方は <code>&lt;script src="https://cdn.example/x.js"&gt;&lt;/script&gt;</code> です</p>',
      }),
    ).toEqual([]);
    expect(
      detect({ main: '<div data-embed=\'<script src="https://video.example/embed.js"></script>\'>動画</div>' }),
    ).toEqual([]);
  });
});
