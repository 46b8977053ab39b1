import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { emptyBaseline, learn, normaliseBaseline, ownLinkPaths } from './learn.ts';

const URL_ = 'https://www.city.example.gov/news/';
const PAGE = `<html lang="en"><body><nav><a href="/about/">About</a><a href="/news/2024/05/item-17.html?x=1#top">Item</a>
<a href="https://other.example.org/">Elsewhere</a></nav><div style="text-align:center"><p>The city council publishes its news on this page and you can find all of the notices here.</p></div>
<img src="/img/logo-3f9a1c2b7d.png"></body></html>`;

describe('what the baseline learns of the site', () => {
  it("keeps own-site link paths (query, fragment and digits folded), not other sites'", () => {
    expect(ownLinkPaths(analysePage(PAGE, URL_))).toEqual(['/about', '/news/0/0/item-0.html']);
  });

  it('learns the looks its visible blocks wear, its image addresses and its language', () => {
    const b = learn(null, analysePage(PAGE, URL_));
    expect(b.blockLooks).toEqual(['centred']);
    expect(b.imageSrcs).toEqual(['https://www.city.example.gov/img/logo-~.png']);
    expect(b.language).toBe('en');
    expect(b.linkPaths).toEqual(['/about', '/news/0/0/item-0.html']);
  });

  it('fills the new fields in for a baseline stored before they existed', () => {
    const { blockLooks: _l, imageSrcs: _i, linkPaths: _p, language: _g, ...old } = learn(null, analysePage(PAGE, URL_));
    const b = normaliseBaseline(old);
    expect([b.blockLooks, b.imageSrcs, b.linkPaths, b.language]).toEqual([[], [], [], null]);
    expect(learn(old, analysePage(PAGE, URL_)).linkPaths).toHaveLength(2);
    expect(emptyBaseline().language).toBeNull();
  });
});
