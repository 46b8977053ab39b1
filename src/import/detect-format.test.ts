import { describe, expect, it } from 'vitest';
import { detectImportFormat, parseImport } from './detect-format.ts';

describe('detectImportFormat', () => {
  it('recognises sitemaps, urlwatch files and URL lists by content', () => {
    expect(
      detectImportFormat('\uFEFF<?xml version="1.0"?><urlset><url><loc>https://a.example.jp/</loc></url></urlset>'),
    ).toBe('sitemap');
    expect(detectImportFormat('  <sitemapindex></sitemapindex>')).toBe('sitemap');
    expect(detectImportFormat('name: a\nurl: https://a.example.jp/\n---\ncommand: ls\n')).toBe('urlwatch');
    expect(detectImportFormat('# jobs\nnavigate: https://a.example.jp/\n')).toBe('urlwatch');
    expect(detectImportFormat('https://a.example.jp/\nhttps://b.example.jp/\n')).toBe('url-list');
    expect(detectImportFormat('')).toBe('url-list');
  });
});

describe('parseImport', () => {
  it('parses with the detected format and says which', () => {
    const result = parseImport('<urlset><url><loc>https://a.example.jp/</loc></url></urlset>');
    expect(result).toEqual({
      format: 'sitemap',
      targets: [{ url: 'https://a.example.jp/', line: 1 }],
      problems: [],
      sitemaps: [],
    });
  });

  it('uses an explicit format over detection', () => {
    const result = parseImport('url: https://a.example.jp/', { format: 'url-list' });
    expect(result.format).toBe('url-list');
    expect(result.targets).toEqual([]);
    expect(result.problems).toMatchObject([{ kind: 'unsupported', line: 1 }]);
  });
});
