import { describe, expect, it } from 'vitest';
import { judgePage } from './judge.ts';
import { analysePage } from './analyse.ts';
import { ministryPage, PAGE_URL } from './testing/fixtures.ts';
import { judgeInput, learntBaseline, NEXT_NEWS } from './testing/learnt.ts';

const opts = { minSamples: 3 };

describe('judgePage', () => {
  it('calls a new news item a benign change and learns it', () => {
    const b = learntBaseline();
    const j = judgePage(judgeInput({}), b, opts);
    expect(j.verdict.kind).toBe('changed');
    expect(j.learned).toBe(true);
    expect(j.baseline?.samples).toBe(4);
    expect(j.baseline?.volatilePaths).toContain('html>body>div#main>ul.news>li');
  });

  it('calls a byte-different page with the same visible text unchanged', () => {
    const b = learntBaseline();
    const html = ministryPage({
      news: NEXT_NEWS.slice(1).concat(['令和6年4月1日 民法の一部を改正する法律が施行されました']),
    }).replace('<ul class="news">', '<ul class="news" data-build="9f8e7d6c">');
    const j = judgePage(analysePage(html, PAGE_URL), b, opts);
    expect(j.verdict.kind).toBe('unchanged');
  });

  it('calls a hidden external link in the listing tampered and names it', () => {
    const b = learntBaseline();
    const j = judgePage(
      judgeInput({
        listExtra: '<li style="display:none"><a href="https://casino-spam.example/">オンラインカジノ</a></li>',
      }),
      b,
      opts,
    );
    expect(j.verdict.kind).toBe('tampered');
    expect(j.learned).toBe(false);
    const reason = j.verdict.reasons[0];
    expect(reason).toMatchObject({ code: 'hidden-external-link', severity: 'high' });
    expect(reason?.evidence?.selector).toContain('ul.news>li');
    expect(reason?.evidence?.url).toBe('https://casino-spam.example/');
    expect(reason?.message).toContain('display:none');
  });

  it('calls an image and an English message posted on a Japanese page tampered', () => {
    const b = learntBaseline();
    const main =
      '<div class="x"><img src="https://i.imgur.example/defaced.png"><p>Hacked by Anon Collective. Your government passed an unjust law and we will not stay silent. Free speech is not a crime.</p></div>';
    const j = judgePage(judgeInput({ main }), b, opts);
    expect(j.verdict.kind).toBe('tampered');
    const codes = j.verdict.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['defacer-message', 'language-switch', 'new-external-image']));
  });

  it('calls a replaced page tampered', () => {
    const b = learntBaseline();
    const defaced =
      '<html><head><title>HACKED</title></head><body bgcolor="black"><center><img src="http://x.example/a.gif"><font color="red"><marquee>Owned by someone</marquee></font></center></body></html>';
    const j = judgePage(analysePage(defaced, PAGE_URL), b, opts);
    expect(j.verdict.kind).toBe('tampered');
    expect(j.verdict.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['page-replaced', 'defacer-headline']));
  });

  it('calls an English message without defacer words suspicious, not tampered', () => {
    const b = learntBaseline();
    const main =
      '<p>This site is now under maintenance for the new regulation. Please come back later for the updated content and information.</p>';
    const j = judgePage(judgeInput({ main }), b, opts);
    expect(j.verdict.kind).toBe('suspicious');
    expect(j.verdict.reasons[0]?.code).toBe('language-switch');
  });

  it('flags a first observation that already looks defaced and does not trust it', () => {
    const j = judgePage(
      analysePage(
        '<html><head><title>Hacked by X</title></head><body><h1>Hacked by X</h1><p>greetz to all</p></body></html>',
        PAGE_URL,
      ),
      null,
      opts,
    );
    expect(j.verdict.kind).toBe('suspicious');
    expect(j.baseline?.untrusted?.reasons.length).toBeGreaterThan(0);
  });

  it('trusts an ordinary first observation and says it is learning', () => {
    const j = judgePage(analysePage(ministryPage(), PAGE_URL), null, opts);
    expect(j.verdict.kind).toBe('unchanged');
    expect(j.verdict.reasons[0]?.code).toBe('baseline-learning');
    expect(j.baseline?.untrusted).toBeNull();
  });

  it('calls a defacement that says "404 not found" tampered, and still lists the soft 404', () => {
    const b = learntBaseline();
    const defaced =
      '<html><head><title>404 Not Found</title></head><body bgcolor="black"><center><h1>404 Not Found - Hacked by Someone</h1><img src="http://x.example/a.gif"><font color="red"><marquee>Owned by someone. Your security is nothing, greetz to all my friends</marquee></font></center></body></html>';
    const j = judgePage(analysePage(defaced, PAGE_URL), b, opts);
    expect(j.verdict.kind).toBe('tampered');
    const codes = j.verdict.reasons.map((r) => r.code);
    expect(codes).toContain('soft-404');
    expect(codes.indexOf('soft-404')).toBeGreaterThan(0);
  });

  it('reports a soft 404 as down', () => {
    const b = learntBaseline();
    const j = judgePage(
      analysePage(
        '<html><head><title>404 Not Found</title></head><body><h1>ページが見つかりません</h1></body></html>',
        PAGE_URL,
      ),
      b,
      opts,
    );
    expect(j.verdict.kind).toBe('down');
    expect(j.verdict.reasons[0]?.code).toBe('soft-404');
  });
});
