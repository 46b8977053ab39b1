import { describe, expect, it } from 'vitest';
import type { PageParts } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { postedContent, regionOfImage } from './posted-content.ts';
import { parentPath, regionOfPath } from '../element-paths.ts';
import { randomText, seeded } from '../testing/seeded.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts) => postedContent.detect({ model: judgeInput(parts), baseline });
const codes = (parts: PageParts) => detect(parts).map((r) => r.code);

const ENGLISH = 'The registry office will close early on Friday for system maintenance work.';
const NOTICE = 'お知らせ：窓口の受付時間が変わります';

describe('posted-content: language switch', () => {
  it('tells Chinese spam from Japanese on a Japanese page: long, kanji only, no kana', () => {
    const chinese = '最新在线娱乐平台注册即送彩金体育投注真人视讯电子游戏棋牌彩票官方网站欢迎您的光临';
    expect(codes({ main: `<p>${chinese}</p>` })).toContain('language-switch');
    expect(codes({ main: '<h2>法務省組織令改正</h2>' })).not.toContain('language-switch');
  });

  it('flags an English paragraph on a Japanese page as medium', () => {
    const reasons = detect({ main: `<p>${ENGLISH}</p>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'language-switch',
        severity: 'medium',
        evidence: { selector: 'html>body>div#main>p:nth-of-type(2)', snippet: ENGLISH },
      }),
    ]);
    expect(reasons[0]?.message).toContain('Latin script (e.g. English) on a page normally in Japanese');
  });

  it('calls the same text low in the news list, a region that usually churns', () => {
    expect(baseline.volatilePaths).toContain('html>body>div#main>ul.news>li');
    const reasons = detect({ listExtra: `<li><a href="/news/9.html">${ENGLISH}</a></li>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'language-switch',
        severity: 'low',
        evidence: { selector: 'html>body>div#main>ul.news>li:nth-of-type(4)', snippet: ENGLISH },
      }),
    ]);
  });

  it('names Korean text as Korean', () => {
    const reasons = detect({
      main: '<p>이 웹사이트는 점검 중입니다. 잠시 후 다시 방문해 주십시오. 감사합니다. 불편을 드려 대단히 죄송합니다.</p>',
    });
    expect(reasons[0]).toMatchObject({ code: 'language-switch', severity: 'medium' });
    expect(reasons[0]?.message).toContain('written in Korean');
  });

  it('ignores a few English words and kanji-only Japanese headlines', () => {
    expect(detect({ main: '<p>English version</p><p>法務省新着情報一覧令和六年度版</p>' })).toEqual([]);
  });

  it('ignores English text the baseline already holds (the footer copyright)', () => {
    const model = judgeInput({});
    expect(model.textBlocks.some((b) => b.text.startsWith('Copyright'))).toBe(true);
    expect(postedContent.detect({ model, baseline })).toEqual([]);
  });
});

describe('posted-content: posted block', () => {
  it('flags an image from a new host and text inserted where no text ever was, high', () => {
    const reasons = detect({
      main: `<div class="notice"><img src="https://img.example/banner.png"><p>${NOTICE}</p></div>`,
    });
    expect(reasons[0]).toMatchObject({
      code: 'posted-block',
      severity: 'high',
      evidence: { selector: 'html>body>div#main>div.notice', url: 'https://img.example/banner.png', snippet: NOTICE },
    });
    expect(reasons[0]?.message).toContain('from img.example');
    // The image host is also new on its own, a lesser finding.
    expect(reasons[1]).toMatchObject({
      code: 'new-external-image',
      severity: 'low',
      evidence: { selector: 'html>body>div#main>div.notice>img' },
    });
  });

  it('calls the same block with a same-site image low: sites add features so, and inserted-block weighs the rest', () => {
    const reasons = detect({ main: `<div class="notice"><img src="/img/banner.png"><p>${NOTICE}</p></div>` });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'posted-block',
        severity: 'low',
        evidence: expect.objectContaining({
          selector: 'html>body>div#main>div.notice',
          url: 'https://www.moj.example.go.jp/img/banner.png',
        }) as unknown,
      }),
    ]);
  });

  it('does not call a new news item with a photo in the existing list a posted block', () => {
    const item = (src: string) =>
      `<li><img src="${src}"><a href="/news/9.html">令和6年5月1日 写真を掲載しました</a></li>`;
    expect(detect({ listExtra: item('/img/photo.png') })).toEqual([]);
    // A photo from a new host is still worth a low note, but not a posted block.
    expect(codes({ listExtra: item('https://photos.example/p.png') })).toEqual(['new-external-image']);
  });

  it('needs some text with the image: a lone new image is not a posted block', () => {
    expect(codes({ main: '<div class="banner"><img src="/img/banner.png" alt="バナー"></div>' })).toEqual([]);
  });

  it('ignores hidden images', () => {
    expect(
      codes({
        main: `<div class="notice" style="display:none"><img src="https://img.example/x.png"><p>${NOTICE}</p></div>`,
      }),
    ).toEqual([]);
  });

  it('stays quiet without a baseline', () => {
    expect(postedContent.detect({ model: judgeInput({ main: `<p>${ENGLISH}</p>` }), baseline: null })).toEqual([]);
  });
});

describe('posted-content: the region of an image container', () => {
  it('is the region of the image without its last segment, and with it the image region is made, on random paths', () => {
    const next = seeded(4);
    const pieces = ['div', 'ul.news', 'li', ':nth-of-type(12)', '#a1b22', '.x3', '>', '>', 'span', 'h2', '(', '7'];
    for (let i = 0; i < 20_000; i++) {
      const path = randomText(next, pieces, 8);
      expect(parentPath(regionOfPath(path)), path).toBe(regionOfPath(parentPath(path)));
      expect(regionOfImage(path, regionOfPath(parentPath(path))), path).toBe(regionOfPath(path));
    }
  });
});
