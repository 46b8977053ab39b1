import { describe, expect, it } from 'vitest';
import { parseUrlList } from './url-list.ts';

describe('parseUrlList', () => {
  it('reads one URL per line, skipping comments and blank lines, with line numbers', () => {
    const text = [
      '# 法務省',
      '',
      '  https://www.moj.example.jp/  ',
      'http://www.soumu.example.jp/news/#latest',
      '\t# indented comment',
    ].join('\n');
    const result = parseUrlList(text);
    expect(result.targets).toEqual([
      { url: 'https://www.moj.example.jp/', line: 3 },
      { url: 'http://www.soumu.example.jp/news/', line: 4 },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.sitemaps).toEqual([]);
  });

  it('reports malformed and duplicate lines without stopping', () => {
    const text =
      '\uFEFFhttps://a.example.jp/\r\nnot a url\r\nHTTPS://A.example.jp:443/#x\r\nftp://a.example.jp/\r\nhttps://b.example.jp/';
    const result = parseUrlList(text);
    expect(result.targets.map((t) => t.url)).toEqual(['https://a.example.jp/', 'https://b.example.jp/']);
    expect(result.problems).toEqual([
      { line: 2, input: 'not a url', kind: 'malformed', message: expect.any(String) as string },
      {
        line: 3,
        input: 'HTTPS://A.example.jp:443/#x',
        kind: 'duplicate',
        message: 'duplicate of https://a.example.jp/ on line 1',
      },
      { line: 4, input: 'ftp://a.example.jp/', kind: 'unsupported', message: expect.any(String) as string },
    ]);
  });

  it('normalises Japanese hosts and paths', () => {
    const result = parseUrlList('https://裁判所.jp/判例/\nhttps://xn--fcrq60b362a.jp/%E5%88%A4%E4%BE%8B/');
    expect(result.targets).toEqual([{ url: 'https://xn--fcrq60b362a.jp/%E5%88%A4%E4%BE%8B/', line: 1 }]);
    expect(result.problems).toMatchObject([{ line: 2, kind: 'duplicate' }]);
  });
});
