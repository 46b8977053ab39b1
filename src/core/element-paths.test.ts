import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { classesOf } from './element-paths.ts';

describe('element paths: classes', () => {
  /** The definition: the first two whitespace-separated classes, those of `[\w-]` only, each cut to 40. */
  function bySplit(value: string): string {
    let s = '';
    const cls = value.trim();
    if (cls) for (const c of cls.split(/\s+/).slice(0, 2)) if (/^[\w-]+$/.test(c)) s += `.${c.slice(0, 40)}`;
    return s;
  }

  it('reads the first two classes as splitting the value would, on random values', () => {
    const pieces = [
      'a',
      'news',
      'x-1',
      'é',
      '_',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u3000',
      '\u00a0',
      '\ufeff',
      '.',
      'q'.repeat(45),
    ];
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 2000; round++) {
      const value = Array.from({ length: next(8) }, () => pieces[next(pieces.length)]).join('');
      expect(classesOf(value), JSON.stringify(value)).toBe(bySplit(value));
    }
  });
});

describe('element paths: positions', () => {
  it('numbers few and many siblings alike', () => {
    const few = '<div><p>a</p><span>b</span><p>c</p></div>';
    const many = `<div>${'<span>x</span>'.repeat(6)}<p>a</p><span>b</span><p>c</p></div>`;
    const paths = (html: string) =>
      analysePage(`<html><body>${html}</body></html>`, 'https://a.example/').textBlocks.map((b) => b.path);
    const expected = ['html>body>div', 'html>body>div>p:nth-of-type(1)', 'html>body>div>p:nth-of-type(2)'];
    expect(paths(few)).toEqual(expected);
    expect(paths(many)).toEqual(expected);
    const links = analysePage(
      '<html><body><ul><li><a href="/1">one</a></li><li><a href="/2">two</a></li></ul><a href="/3">three</a></body></html>',
      'https://a.example/',
    ).links.map((l) => l.path);
    expect(links).toEqual(['html>body>ul>li:nth-of-type(1)>a', 'html>body>ul>li:nth-of-type(2)>a', 'html>body>a']);
  });
});
