import { describe, expect, it } from 'vitest';
import type { Baseline } from './baseline.ts';
import { analysePage } from './analyse.ts';
import { bounded, emptyBaseline, learn, linkPath, normaliseBaseline } from './learn.ts';
import { randomText, seeded } from './testing/seeded.ts';
import { foldUrl } from './url.ts';
import { ministryPage, PAGE_URL, type PageParts } from './testing/fixtures.ts';
import { learntBaseline, NEXT_NEWS } from './testing/learnt.ts';

const page = (parts: PageParts = {}) => analysePage(ministryPage(parts), PAGE_URL);
const NEWS_REGION = 'html>body>div#main>ul.news>li';

describe('learn: a first observation', () => {
  const b = learn(null, page());

  it('takes everything it sees as stable, and nothing as churning yet', () => {
    expect(b.samples).toBe(1);
    expect(b.volatilePaths).toEqual([]);
    expect(b.stablePaths).toContain(NEWS_REGION);
    expect(b.regions).toEqual(b.stablePaths);
    expect(b.titles).toEqual(['法務省：新着情報']);
    expect(b.headings).toEqual(['新着情報']);
    expect(b.declaredLang).toBe('ja');
    expect(b.untrusted).toBeNull();
  });

  it('records hosts, folded script URLs and inline script signatures', () => {
    expect([...b.linkHosts].sort()).toEqual(['www.e-gov.go.jp', 'www.moj.example.go.jp']);
    expect(b.scriptHosts).toEqual(['www.moj.example.go.jp']);
    expect(b.scriptSrcs).toEqual([foldUrl('https://www.moj.example.go.jp/js/menu.js')]);
    expect(b.scriptSignatures).toEqual(['html>head>script|']);
    expect(b.inlineScriptShapes).toHaveLength(1);
    expect(b.formHosts).toEqual(['www.moj.example.go.jp']);
    expect(b.redirectHosts).toEqual([]);
  });
});

describe('learn: churn', () => {
  it('learns a region as volatile when unseen text appears in it', () => {
    const first = learn(null, page());
    expect(learn(first, page()).volatilePaths).toEqual([]);
    expect(learn(first, page({ news: NEXT_NEWS })).volatilePaths).toEqual([NEWS_REGION]);
  });

  it('does not call a region volatile when it was not there from the start', () => {
    const first = learn(null, page());
    const second = learn(first, page({ main: '<p class="campaign">春の行政相談キャンペーン</p>' }));
    expect(second.volatilePaths).toEqual([]);
    expect(second.regions).toContain('html>body>div#main>p.campaign');
    expect(second.stablePaths).not.toContain('html>body>div#main>p.campaign');
  });

  it('keeps only the regions present in every sample as stable, and the skeleton they share', () => {
    const first = learn(null, page({ main: '<p class="campaign">春の行政相談キャンペーン</p>' }));
    const second = learn(first, page());
    expect(first.stablePaths).toContain('html>body>div#main>p.campaign');
    expect(second.stablePaths).not.toContain('html>body>div#main>p.campaign');
    expect(second.regions).toContain('html>body>div#main>p.campaign');
    expect(second.structure.length).toBeLessThanOrEqual(first.structure.length);
    expect(second.structure).toEqual(first.structure.filter((s) => second.structure.includes(s)));
  });

  it('learns the news list of the shared fixture as churning', () => {
    expect(learntBaseline().volatilePaths).toEqual([NEWS_REGION]);
  });

  it('averages the visible text length over samples', () => {
    const a = page();
    const b = page({ main: '<p>追加の説明文です。'.repeat(10) + '</p>' });
    const learnt = learn(learn(null, a), b);
    expect(learnt.visibleTextLength).toBe(Math.round((a.visibleTextLength + b.visibleTextLength) / 2));
  });

  it('learns redirect hosts from a meta refresh', () => {
    const b = learn(null, page({ head: '<meta http-equiv="refresh" content="10;url=https://www.moj.example.jp/">' }));
    expect(b.redirectHosts).toEqual(['www.moj.example.jp']);
  });

  it('is pure: the previous baseline is left as it was', () => {
    const first = learn(null, page());
    const copy = structuredClone(first);
    learn(first, page({ news: NEXT_NEWS, title: '別のタイトル' }));
    expect(first).toEqual(copy);
  });

  it('keeps an untrusted flag through later observations', () => {
    const flagged: Baseline = { ...learn(null, page()), untrusted: { reasons: ['defaced'] } };
    expect(learn(flagged, page()).untrusted).toEqual({ reasons: ['defaced'] });
  });
});

describe('learn: bounded lists', () => {
  it('keeps the newest 50 titles', () => {
    const model = page();
    let b: Baseline | null = null;
    for (let i = 0; i < 60; i++) b = learn(b, { ...model, title: `title ${i}` });
    expect(b?.titles).toHaveLength(50);
    expect(b?.titles[0]).toBe('title 10');
    expect(b?.titles.at(-1)).toBe('title 59');
  });

  it('keeps the newest 300 headings of a page that has more', () => {
    const b = learn(null, { ...page(), headings: Array.from({ length: 350 }, (_, i) => `h${i}`) });
    expect(b.headings).toHaveLength(300);
    expect(b.headings[0]).toBe('h50');
    expect(b.headings.at(-1)).toBe('h349');
  });

  it('does not repeat a value it already holds', () => {
    const b = learn(learn(null, page()), page());
    expect(b.blockHashes).toEqual(learn(null, page()).blockHashes);
    expect(b.titles).toEqual(['法務省：新着情報']);
  });

  it('keeps what every sample shows however much the page churns', () => {
    let b = learn(null, page());
    for (let i = 0; i < 220; i++) {
      const news = Array.from({ length: 20 }, (_, n) => `令和6年 第${i * 20 + n}号 お知らせを掲載しました`);
      b = learn(b, page({ news }));
    }
    const footer = page().textBlocks.find((t) => t.text.startsWith('Copyright'));
    expect(b.blockHashes).toHaveLength(4000);
    expect(b.blockHashes).toContain(footer?.hash);
  });
});

describe('normaliseBaseline', () => {
  it('fills in fields an older stored baseline lacks, keeping what it has', () => {
    const stored = learntBaseline() as Partial<Baseline>;
    delete stored.scriptSignatures;
    delete stored.markupLeaks;
    delete stored.redirectHosts;
    delete stored.regions;
    const b = normaliseBaseline(stored as Baseline);
    expect(b.scriptSignatures).toEqual([]);
    expect(b.markupLeaks).toEqual([]);
    expect(b.redirectHosts).toEqual([]);
    expect(b.regions).toEqual([]);
    expect(b.samples).toBe(3);
    expect(b.volatilePaths).toEqual([NEWS_REGION]);
  });

  it('lets learn continue from such a baseline', () => {
    const stored = learntBaseline() as Partial<Baseline>;
    delete stored.scriptSignatures;
    const next = learn(stored as Baseline, page({ news: NEXT_NEWS }));
    expect(next.samples).toBe(4);
    expect(next.scriptSignatures).toEqual(['html>head>script|']);
  });

  it('gives an empty baseline every field', () => {
    expect(normaliseBaseline(emptyBaseline())).toEqual(emptyBaseline());
    expect(emptyBaseline()).toMatchObject({ version: 1, samples: 0, untrusted: null, declaredLang: null });
  });
});

describe('bounded lists', () => {
  /** The definition: a set of the old values, each fresh one deleted and added again, the last `max` kept. */
  function bySet(old: string[], fresh: string[], max: number): string[] {
    const set = new Set(old);
    for (const v of fresh) {
      set.delete(v);
      set.add(v);
    }
    return [...set].slice(-max);
  }

  it('keeps the order a set would, on random lists (old values distinct, as bounded writes them)', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const pool = 1 + next(40);
      const old = [...new Set(Array.from({ length: next(30) }, () => `v${next(pool)}`))];
      const fresh = Array.from({ length: next(30) }, () => `v${next(pool)}`);
      const max = 1 + next(35);
      expect(bounded(old, fresh, max)).toEqual(bySet(old, fresh, max));
    }
  });
});

describe('linkPath', () => {
  /** The definition: the regular expression's group, digits folded, trailing slashes cut. */
  function byExpression(href: string): string | null {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(href);
    if (!m) return null;
    const p = (m[1] ?? '').replace(/\d+/g, '0').replace(/\/+$/, '');
    return p || '/';
  }

  it('cuts what the expression cuts, on random addresses', () => {
    const next = seeded(12);
    const pieces = [
      'https',
      'H',
      'x',
      '+',
      '.',
      '-',
      ':',
      '//',
      '/',
      '?',
      '#',
      '1',
      '42',
      'ı',
      'é',
      'a.b',
      ':/',
      ' ',
      '\u212a',
    ];
    const schemes = ['https://', 'HTTP://', 'x+.-://', 'ftp:/', '://', '1a://', 'a b://', 'ıa://', ''];
    let paths = 0;
    for (let i = 0; i < 40_000; i++) {
      const href = randomText(next, schemes, 1) + randomText(next, pieces, 8);
      const expected = byExpression(href);
      if (expected !== null) paths++;
      expect(linkPath(href), JSON.stringify(href)).toBe(expected);
    }
    expect(paths).toBeGreaterThan(1000);
  });
});
