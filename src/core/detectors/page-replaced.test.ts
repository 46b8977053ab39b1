import { describe, expect, it } from 'vitest';
import { analysePage } from '../analyse.ts';
import { learn } from '../learn.ts';
import { PAGE_URL } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { pageReplaced } from './page-replaced.ts';

const DEFACED = `<html><head><title>Owned</title></head><body><center>
<h1>You have been owned</h1><p>Greetings from nowhere</p></center></body></html>`;

/** Same title and text as the ministry page, in a wholly new skeleton (sections, articles, aside). */
const REDESIGN = `<!DOCTYPE html><html lang="ja"><head><title>法務省：新着情報</title></head><body>
<div class="wrapper"><section class="hero"><h2>新着情報</h2>
<p>法務省からのお知らせを掲載しています。各ページの内容は担当部局にお問い合わせください。</p></section>
<section class="list"><article><h3>令和6年4月15日 法制審議会の議事録を掲載しました</h3></article>
<article><h3>令和6年4月8日 人権擁護週間のお知らせ</h3></article><article><h3>新サイトを公開しました</h3></article></section>
<aside><span>法務省について</span></aside></div></body></html>`;

describe('page-replaced', () => {
  const baseline = learntBaseline();

  it('flags a whole page swapped for a short defacement page', () => {
    const reasons = pageReplaced.detect({ model: analysePage(DEFACED, PAGE_URL), baseline });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ code: 'page-replaced', severity: 'high', evidence: { snippet: 'Owned' } });
    expect(reasons[0]?.message).toContain('100% of its text');
  });

  it('quotes the first visible text when the replacement page has no title', () => {
    const untitled = DEFACED.replace('<title>Owned</title>', '');
    const reasons = pageReplaced.detect({ model: analysePage(untitled, PAGE_URL), baseline });
    expect(reasons[0]?.evidence?.snippet).toBe('You have been owned');
  });

  it('stays quiet on a redesign that changes the skeleton but keeps the text', () => {
    const model = analysePage(REDESIGN, PAGE_URL);
    // The skeleton is almost all new: only the text keeps this from being a replacement.
    const kept = baseline.structure.filter((s) => model.structure.includes(s)).length / baseline.structure.length;
    expect(kept).toBeLessThan(0.35);
    expect(pageReplaced.detect({ model, baseline })).toEqual([]);
  });

  it('stays quiet on an ordinary news day (new text, same skeleton)', () => {
    expect(pageReplaced.detect({ model: judgeInput({}), baseline })).toEqual([]);
  });

  it('stays quiet when the baseline is too small to compare with', () => {
    const tiny = learn(null, analysePage('<html><body><p>工事中です</p></body></html>', PAGE_URL));
    expect(tiny.structure.length).toBeLessThan(8);
    expect(pageReplaced.detect({ model: analysePage(DEFACED, PAGE_URL), baseline: tiny })).toEqual([]);
  });

  it('stays quiet on a first observation', () => {
    expect(pageReplaced.detect({ model: analysePage(DEFACED, PAGE_URL), baseline: null })).toEqual([]);
  });

  describe('a rewrite of the same site', () => {
    /** The ministry page rewritten: new skeleton and text, the same links into the site, the same language. */
    const rewrite = (
      extra = '',
    ) => `<!DOCTYPE html><html lang="ja"><head><title>お知らせ一覧｜法務省</title></head><body>
<div class="frame"><section class="top"><h2>お知らせ一覧</h2><p>このページは新しいデザインに移行しました。引き続きご利用ください。</p>${extra}</section>
<section class="menu"><a href="/about/">法務省について</a><a href="/policy/">政策・審議会等</a><a href="/contact/">お問い合わせ</a></section></div></body></html>`;

    it('calls it page-redesigned (info), saying what was kept', () => {
      const reasons = pageReplaced.detect({ model: analysePage(rewrite(), PAGE_URL), baseline });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatchObject({ code: 'page-redesigned', severity: 'info' });
      expect(reasons[0]?.message).toContain('3 of its own link targets (/about, /policy, /contact)');
      expect(reasons[0]?.message).toContain('its language (japanese)');
    });

    it('still calls it replaced when it loads an image from a host the page never used', () => {
      const reasons = pageReplaced.detect({
        model: analysePage(rewrite('<img src="https://img.example.net/flag.png">'), PAGE_URL),
        baseline,
      });
      expect(reasons[0]).toMatchObject({ code: 'page-replaced', severity: 'high' });
    });

    it('still calls it replaced when it reads like a defacer, or links away more than into the site', () => {
      const signed = pageReplaced.detect({
        model: analysePage(rewrite('<p>greetz to all crews</p>'), PAGE_URL),
        baseline,
      });
      expect(signed[0]?.code).toBe('page-replaced');
      const away =
        '<a href="https://a.example.org/">a</a><a href="https://b.example.org/">b</a><a href="https://c.example.org/">c</a><a href="https://d.example.org/">d</a>';
      expect(pageReplaced.detect({ model: analysePage(rewrite(away), PAGE_URL), baseline })[0]?.code).toBe(
        'page-replaced',
      );
    });

    it("does not take a defacement that links to the site's home page for a rewrite", () => {
      const withHome = DEFACED.replace('</center>', '<a href="/">home</a></center>');
      expect(pageReplaced.detect({ model: analysePage(withHome, PAGE_URL), baseline })[0]?.code).toBe('page-replaced');
    });
  });
});
