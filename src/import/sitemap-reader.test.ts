import { describe, expect, it } from 'vitest';
import type { FetchResult, Fetcher } from '../fetch/types.ts';
import { readSitemapTree } from './sitemap-reader.ts';

/** A fetcher over an in-memory site: the tree logic is what is under test, not HTTP. */
function fakeFetcher(docs: Record<string, string>): Fetcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: ({ url }) => {
      asked.push(url);
      const text = docs[url];
      if (text === undefined) return Promise.resolve({ ok: false, failure: { message: 'HTTP 404' } } as FetchResult);
      return Promise.resolve({ ok: true, page: { text } } as FetchResult);
    },
    close: () => Promise.resolve(),
  };
}

const index = (...locs: string[]) =>
  `<sitemapindex>${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('')}</sitemapindex>`;
const urlset = (...locs: string[]) => `<urlset>${locs.map((l) => `<url><loc>${l}</loc></url>`).join('')}</urlset>`;

describe('readSitemapTree', () => {
  const docs = {
    'https://a.example/s1.xml': index('https://a.example/s2.xml', 'https://a.example/missing.xml'),
    'https://a.example/s2.xml': urlset('https://a.example/p1'),
  };

  it('follows indexes level by level, reads each sitemap once, and reports unreadable ones', async () => {
    const f = fakeFetcher(docs);
    const tree = await readSitemapTree(f, ['https://a.example/s1.xml', 'https://a.example/s1.xml'], {
      max: 10,
      depth: 5,
    });
    expect(tree.parses.flatMap((p) => p.targets.map((t) => t.url))).toEqual(['https://a.example/p1']);
    expect(tree.problems.map((p) => p.message)).toEqual([expect.stringContaining('HTTP 404')]);
    expect(f.asked).toEqual(['https://a.example/s1.xml', 'https://a.example/s2.xml', 'https://a.example/missing.xml']);
  });

  it('stops at the depth and at the maximum number of sitemaps', async () => {
    const shallow = await readSitemapTree(fakeFetcher(docs), ['https://a.example/s1.xml'], { max: 10, depth: 1 });
    expect(shallow.read).toBe(1);
    const capped = await readSitemapTree(fakeFetcher(docs), ['https://a.example/s1.xml'], { max: 2, depth: 5 });
    expect(capped.read).toBe(2);
    expect(capped.problems.at(-1)?.message).toContain('stopped after 2 sitemaps');
  });
});
