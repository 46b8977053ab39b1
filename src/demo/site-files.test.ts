import { describe, expect, it } from 'vitest';
import { parseSitemap } from '../import/sitemap.ts';
import { assetFile, robotsTxt, sitemapFile } from './site-files.ts';

const ORIGIN = 'http://127.0.0.1:4000';

describe('site files', () => {
  it('lists a site in a sitemap that the importer reads back', () => {
    const file = sitemapFile(ORIGIN, ['/', '/news/', '/a&b/'], '/sitemap.xml');
    const parsed = parseSitemap(file?.body.toString('utf8') ?? '');
    expect(parsed.targets.map((t) => t.url)).toEqual([`${ORIGIN}/`, `${ORIGIN}/news/`, `${ORIGIN}/a&b/`]);
    expect(parsed.problems).toEqual([]);
  });

  it('splits more than 50,000 pages into a sitemap index', () => {
    const paths = Array.from({ length: 50_001 }, (_, i) => `/p${i}.html`);
    const index = parseSitemap(sitemapFile(ORIGIN, paths, '/sitemap.xml')?.body.toString('utf8') ?? '');
    expect(index.sitemaps).toEqual([`${ORIGIN}/sitemap-1.xml`, `${ORIGIN}/sitemap-2.xml`]);
    const second = parseSitemap(sitemapFile(ORIGIN, paths, '/sitemap-2.xml')?.body.toString('utf8') ?? '');
    expect(second.targets).toEqual([{ url: `${ORIGIN}/p50000.html`, line: 3 }]);
    expect(sitemapFile(ORIGIN, paths, '/sitemap-3.xml')).toBeNull();
    expect(sitemapFile(ORIGIN, ['/'], '/sitemap-1.xml')).toBeNull();
  });

  it('points robots.txt at the sitemap and serves the assets pages link to', () => {
    expect(robotsTxt(ORIGIN).body.toString()).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
    expect(assetFile('/assets/site.css')?.contentType).toMatch(/^text\/css/);
    expect(assetFile('/assets/none.css')).toBeNull();
  });
});
