import { describe, expect, it } from 'vitest';
import { SITEMAP_MAX_DEPTH, SITEMAP_MAX_URLS, parseSitemap } from './sitemap.ts';

/** Issue 15: a 200 KB sitemap of 40,000 nested `<url>` took 75 s. These are ten times that. */
describe('parseSitemap on hostile documents', { timeout: 60_000 }, () => {
  it('reads 400,000 nested <url> (2 MB) in bounded time, with the good entry before them and a clear problem', () => {
    const xml = `<urlset><url><loc>https://www.example.go.jp/a</loc></url>${'<url>'.repeat(400_000)}<loc>https://www.example.go.jp/b</loc></urlset>`;
    const start = performance.now();
    const parse = parseSitemap(xml);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(parse.targets.map((t) => t.url)).toEqual(['https://www.example.go.jp/a']);
    expect(parse.problems.some((p) => p.message.includes(`nested more than ${SITEMAP_MAX_DEPTH} deep`))).toBe(true);
  });

  it('takes the protocol limit of entries from 600,000 and reports the rest', () => {
    const xml = `<urlset>${Array.from({ length: 600_000 }, (_, i) => `<url><loc>https://www.example.go.jp/${i}</loc></url>`).join('')}</urlset>`;
    const start = performance.now();
    const parse = parseSitemap(xml);
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(parse.targets).toHaveLength(SITEMAP_MAX_URLS);
    expect(parse.problems.some((p) => p.message.includes('600000 entries'))).toBe(true);
  });

  it('keeps reading ordinary sitemaps as before (no depth problem)', () => {
    const parse = parseSitemap('<urlset><url><loc>https://www.example.go.jp/x</loc></url></urlset>');
    expect(parse.targets.map((t) => t.url)).toEqual(['https://www.example.go.jp/x']);
    expect(parse.problems).toEqual([]);
  });
});
