import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { ministryPage, PAGE_URL } from './testing/fixtures.ts';

describe('analysePage', () => {
  it('extracts title, language, headings, blocks, links, scripts and forms', () => {
    const m = analysePage(ministryPage(), PAGE_URL);
    expect(m.title).toBe('法務省：新着情報');
    expect(m.declaredLang).toBe('ja');
    expect(m.headings).toEqual(['新着情報']);
    expect(m.textBlocks.map((b) => b.text)).toContain('令和6年4月1日 民法の一部を改正する法律が施行されました');
    expect(m.links.find((l) => l.href === 'https://www.e-gov.go.jp/')).toMatchObject({
      external: true,
      host: 'www.e-gov.go.jp',
      hidden: null,
    });
    expect(m.links.find((l) => l.text === 'お問い合わせ')).toMatchObject({
      external: false,
      href: 'https://www.moj.example.go.jp/contact/',
    });
    expect(m.scripts.map((s) => s.src)).toContain('https://www.moj.example.go.jp/js/menu.js');
    expect(m.scripts.some((s) => s.src === null && s.inlineShapeHash)).toBe(true);
    expect(m.forms[0]).toMatchObject({
      action: 'https://www.moj.example.go.jp/search',
      method: 'get',
      external: false,
    });
    expect(m.images[0]).toMatchObject({ src: 'https://www.moj.example.go.jp/img/logo.png', alt: '法務省' });
    expect(m.scriptProfile.kana + m.scriptProfile.han).toBeGreaterThan(m.scriptProfile.latin);
  });

  it('resolves a repeated URL against the base in force where it appears', () => {
    const html =
      '<body><a href="x.html">one</a><a href="x.html">two</a><base href="https://cdn.example.net/d/"><a href="x.html">three</a></body>';
    const m = analysePage(html, 'https://www.example.go.jp/p/page.html');
    expect(m.links.map((l) => [l.href, l.external])).toEqual([
      ['https://www.example.go.jp/p/x.html', false],
      ['https://www.example.go.jp/p/x.html', false],
      ['https://cdn.example.net/d/x.html', true],
    ]);
  });

  it('names the technique of the last <style> rule that hides an element, as before styles were gathered by the parser', () => {
    const html =
      '<style>.ad{display:none}</style><body><p class="ad">spam text here</p></body><style>.ad{visibility:hidden}</style>';
    const block = analysePage(html, PAGE_URL).textBlocks.find((b) => b.text === 'spam text here');
    expect(block?.hidden).toMatchObject({ technique: 'visibility:hidden', source: 'style-rule' });
  });

  it('records why a hidden element hides its content once for the whole subtree, however deep', () => {
    const html =
      '<body><div style="display:none"><section><p>first hidden text</p><div><p>second hidden text</p></div></section></div></body>';
    const blocks = analysePage(html, PAGE_URL).textBlocks.filter((b) => b.text.includes('hidden text'));
    expect(blocks.map((b) => b.hidden)).toEqual([
      { technique: 'display:none', source: 'ancestor', at: 'body>div' },
      { technique: 'display:none', source: 'ancestor', at: 'body>div' },
    ]);
    // One record per hidden subtree, not a copy per element inside it (a hidden menu holds thousands).
    expect(blocks[0]?.hidden).toBe(blocks[1]?.hidden);
  });

  it('gives list items positional paths but shared regions', () => {
    const m = analysePage(ministryPage(), PAGE_URL);
    const items = m.textBlocks.filter((b) => b.region.endsWith('ul.news>li'));
    expect(items.map((b) => b.path)).toEqual([
      'html>body>div#main>ul.news>li:nth-of-type(1)',
      'html>body>div#main>ul.news>li:nth-of-type(2)',
    ]);
  });

  const hidingCases: [string, string, string][] = [
    ['inline display:none', '<li style="display:none"><a href="http://spam.example/">x</a></li>', 'display:none'],
    [
      'visibility hidden',
      '<li style="visibility: hidden"><a href="http://spam.example/">x</a></li>',
      'visibility:hidden',
    ],
    [
      'off-screen',
      '<li style="position:absolute;left:-9999px"><a href="http://spam.example/">x</a></li>',
      'off-screen',
    ],
    ['text-indent', '<li style="text-indent:-9999px"><a href="http://spam.example/">x</a></li>', 'text-indent'],
    ['font-size 0', '<li style="font-size:0px"><a href="http://spam.example/">x</a></li>', 'font-size:0'],
    [
      'zero height overflow',
      '<li><div style="height:0;overflow:hidden"><a href="http://spam.example/">x</a></div></li>',
      'zero-size',
    ],
    ['opacity', '<li style="opacity:0"><a href="http://spam.example/">x</a></li>', 'opacity:0'],
    [
      'colour = background',
      '<li><a style="color:#fff;background-color:#ffffff" href="http://spam.example/">x</a></li>',
      'colour-matches-background',
    ],
    ['hidden attribute', '<li hidden><a href="http://spam.example/">x</a></li>', 'hidden-attribute'],
    ['class rule in <style>', '<li class="zz"><a href="http://spam.example/">x</a></li>', 'display:none'],
  ];
  it.each(hidingCases)('finds a link hidden by %s', (_name, listExtra, technique) => {
    const m = analysePage(
      ministryPage({ listExtra, head: '<style>.zz { display : none !important }</style>' }),
      PAGE_URL,
    );
    const spam = m.links.find((l) => l.host === 'spam.example');
    expect(spam?.hidden?.technique).toBe(technique);
    // Visible controls stay visible.
    expect(m.links.find((l) => l.text === 'お問い合わせ')?.hidden).toBeNull();
  });

  it('ignores conditional hiding such as :hover menus', () => {
    const m = analysePage(ministryPage({ head: '<style>#gnav ul li:hover a { display:none }</style>' }), PAGE_URL);
    expect(m.links.every((l) => l.hidden === null)).toBe(true);
  });

  it('reads meta refresh, tiny iframes and script behaviours', () => {
    const m = analysePage(
      ministryPage({
        head: '<meta http-equiv="refresh" content="3;URL=\'http://evil.example/landing\'">',
        bodyEnd:
          '<iframe src="http://drive.example/x" width="1" height="1"></iframe><script>eval(unescape("%64%6f%63")); document.referrer; location.href="http://evil.example/"</script>',
      }),
      PAGE_URL,
    );
    expect(m.metaRefresh).toMatchObject({ delaySeconds: 3, url: 'http://evil.example/landing', external: true });
    expect(m.iframes[0]?.hidden?.technique).toBe('zero-size');
    const injected = m.scripts.find((s) => s.features.includes('eval'));
    expect(injected?.features).toEqual(expect.arrayContaining(['eval', 'unescape', 'navigates', 'reads-referrer']));
    expect(injected?.urls).toEqual(['http://evil.example/']);
  });

  it('survives hostile input: deep nesting, unclosed tags, binary noise', () => {
    const deep = '<div>'.repeat(50_000) + 'deep text' + '</div>'.repeat(10);
    expect(() => analysePage(deep, PAGE_URL)).not.toThrow();
    const junk = analysePage('<html><body><p>ok<p>still<table><td>cell\u0000\uFFFD<a href="http://[bad">x', PAGE_URL);
    expect(junk.textBlocks.map((b) => b.text)).toEqual(expect.arrayContaining(['ok', 'still']));
    expect(junk.links[0]?.host).toBeNull();
  });

  it('honours <base href> when resolving links', () => {
    const m = analysePage(
      '<html><head><base href="https://other.example/dir/"></head><body><a href="x.html">x</a></body></html>',
      PAGE_URL,
    );
    expect(m.links[0]).toMatchObject({ href: 'https://other.example/dir/x.html', external: true });
  });
});
