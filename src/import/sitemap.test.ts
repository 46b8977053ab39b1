import { describe, expect, it } from 'vitest';
import { SITEMAP_MAX_URLS, parseSitemap } from './sitemap.ts';

const URLSET = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://www.moj.example.jp/
    </loc>
    <lastmod>2026-04-01</lastmod>
    <image:image><image:loc>https://www.moj.example.jp/logo.png</image:loc></image:image>
  </url>
  <url><loc>https://www.moj.example.jp/search?a=1&amp;b=2</loc></url>
  <url><loc><![CDATA[https://www.moj.example.jp/news/?x=1&y=2]]></loc></url>
  <url><loc>https://www.moj.example.jp/&#x6CD5;&#20196;/</loc></url>
</urlset>`;

describe('parseSitemap', () => {
  it('reads <loc> of each <url>, decoding entities and CDATA, skipping image locs', () => {
    const result = parseSitemap(URLSET);
    expect(result.targets).toEqual([
      { url: 'https://www.moj.example.jp/', line: 5 },
      { url: 'https://www.moj.example.jp/search?a=1&b=2', line: 11 },
      { url: 'https://www.moj.example.jp/news/?x=1&y=2', line: 12 },
      { url: 'https://www.moj.example.jp/%E6%B3%95%E4%BB%A4/', line: 13 },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.sitemaps).toEqual([]);
  });

  it('returns nested sitemaps from a sitemap index, namespace prefixes and all', () => {
    const xml = `<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sm:sitemap><sm:loc>https://www.courts.example.jp/sitemap-1.xml</sm:loc></sm:sitemap>
      <sm:sitemap><sm:loc>https://www.courts.example.jp/sitemap-2.xml</sm:loc><sm:lastmod>2026-01-01</sm:lastmod></sm:sitemap>
      <sm:sitemap><sm:loc>https://www.courts.example.jp/sitemap-1.xml</sm:loc></sm:sitemap>
    </sm:sitemapindex>`;
    const result = parseSitemap(xml);
    expect(result.targets).toEqual([]);
    expect(result.sitemaps).toEqual([
      'https://www.courts.example.jp/sitemap-1.xml',
      'https://www.courts.example.jp/sitemap-2.xml',
    ]);
    expect(result.problems).toMatchObject([{ kind: 'duplicate', line: 4 }]);
  });

  it('reports bad and duplicate locs with their lines', () => {
    const xml =
      '<urlset>\n<url><loc>/relative</loc></url>\n<url><loc> </loc></url>\n<url><loc>https://a.example.jp/</loc></url>\n<url><loc>https://A.example.jp</loc></url>\n</urlset>';
    const result = parseSitemap(xml);
    expect(result.targets).toEqual([{ url: 'https://a.example.jp/', line: 4 }]);
    expect(result.problems.map((p) => [p.kind, p.line])).toEqual([
      ['malformed', 2],
      ['malformed', 3],
      ['duplicate', 5],
    ]);
  });

  it('keeps what it could read from malformed XML and reports the breakage', () => {
    const result = parseSitemap(
      '<urlset>\n<url><loc>https://a.example.jp/</loc></url>\n<url><loc>https://b.example.jp/',
    );
    expect(result.targets.map((t) => t.url)).toEqual(['https://a.example.jp/', 'https://b.example.jp/']);
    expect(result.problems).toMatchObject([
      { kind: 'malformed', line: 3, input: '<loc>', message: 'malformed XML: <loc> is never closed' },
    ]);
  });

  it('gives a problem, not a throw, for documents that are not sitemaps', () => {
    expect(
      parseSitemap('<!DOCTYPE html><html><body><a href="https://a.example.jp/">x</a></body></html>'),
    ).toMatchObject({
      targets: [],
      problems: [{ kind: 'unsupported', message: expect.stringContaining('<html>') as string }],
    });
    expect(parseSitemap('just some text')).toMatchObject({ targets: [], problems: [{ kind: 'malformed' }] });
    expect(parseSitemap('')).toMatchObject({ targets: [], problems: [{ kind: 'malformed' }] });
  });

  it(`caps a file at ${SITEMAP_MAX_URLS} URLs with one problem`, () => {
    const entries = Array.from(
      { length: 60_000 },
      (_, i) => `<url><loc>https://bench.example.jp/p/${i}.html</loc></url>`,
    );
    const result = parseSitemap(`<urlset>\n${entries.join('\n')}\n</urlset>`);
    expect(result.targets).toHaveLength(SITEMAP_MAX_URLS);
    expect(result.targets.at(-1)).toEqual({
      url: `https://bench.example.jp/p/${SITEMAP_MAX_URLS - 1}.html`,
      line: SITEMAP_MAX_URLS + 1,
    });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('60000 entries') as string,
    });
  });

  it('honours a smaller cap', () => {
    const result = parseSitemap(
      '<urlset><url><loc>https://a.example.jp/1</loc></url><url><loc>https://a.example.jp/2</loc></url></urlset>',
      { maxUrls: 1 },
    );
    expect(result.targets).toHaveLength(1);
    expect(result.problems).toHaveLength(1);
  });
});
