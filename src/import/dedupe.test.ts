import { describe, expect, it } from 'vitest';
import { dedupeTargets, mergeImports } from './dedupe.ts';
import { parseSitemap } from './sitemap.ts';

describe('dedupeTargets', () => {
  it('keeps the first of each URL and reports the rest, including already-watched ones', () => {
    const result = dedupeTargets(
      [
        { url: 'https://a.example.jp/', name: 'A', line: 1 },
        { url: 'https://b.example.jp/', line: 2 },
        { url: 'https://a.example.jp/', line: 3 },
      ],
      { existing: ['https://b.example.jp/'] },
    );
    expect(result.targets).toEqual([{ url: 'https://a.example.jp/', name: 'A', line: 1 }]);
    expect(result.problems).toEqual([
      {
        kind: 'duplicate',
        line: 2,
        input: 'https://b.example.jp/',
        message: 'duplicate: https://b.example.jp/ is already watched',
      },
      {
        kind: 'duplicate',
        line: 3,
        input: 'https://a.example.jp/',
        message: 'duplicate: https://a.example.jp/ is already imported',
      },
    ]);
  });
});

describe('mergeImports', () => {
  it('joins the sitemaps of an index, de-duplicating across files', () => {
    const one = parseSitemap(
      '<urlset><url><loc>https://a.example.jp/1</loc></url><url><loc>https://a.example.jp/2</loc></url></urlset>',
    );
    const two = parseSitemap('<urlset><url><loc>https://a.example.jp/2</loc></url><url><loc>/bad</loc></url></urlset>');
    const merged = mergeImports([one, two]);
    expect(merged.targets.map((t) => t.url)).toEqual(['https://a.example.jp/1', 'https://a.example.jp/2']);
    expect(merged.problems.map((p) => p.kind)).toEqual(['malformed', 'duplicate']);
    expect(merged.sitemaps).toEqual([]);
  });
});
