import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { classesOf, pathNode, pathOf, regionOf, regionOfPath, type PathNode } from './element-paths.ts';
import { parseLite, type LiteElement } from './lite-dom.ts';

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

describe('element paths: skeleton keys', () => {
  /** The definition: FNV-1a over `tag` or `tag#id` (digits of the id folded), chained from the parent, unsigned. */
  function keysOf(chains: string[][]): string[] {
    const keys = new Set<string>();
    for (const chain of chains) {
      let h = 0x811c9dc5;
      for (const segment of chain) {
        for (let i = 0; i < segment.length; i++) h = Math.imul(h ^ segment.charCodeAt(i), 16777619);
        h = Math.imul(h ^ 0x3e, 16777619) >>> 0;
        keys.add(h.toString(36));
      }
    }
    return [...keys].sort();
  }

  it('names the structure by the unsigned FNV-1a of each tag-and-id path', () => {
    // Enough elements that some keys are 2^31 or more (kept signed while walking, written unsigned).
    const items = Array.from({ length: 40 }, (_, i) => `<li id="item-${i}x${'a'.repeat(i % 30)}">${i}</li>`).join('');
    const html = `<html><body><ul id="list7">${items}</ul><p>x</p></body></html>`;
    const chains: string[][] = [['html'], ['html', 'body'], ['html', 'body', 'ul#list0']];
    for (let i = 0; i < 40; i++) chains.push(['html', 'body', 'ul#list0', `li#item-0x${'a'.repeat(i % 30)}`]);
    chains.push(['html', 'body', 'p']);
    const expected = keysOf(chains);
    expect(expected.some((k) => Number.parseInt(k, 36) >= 2 ** 31)).toBe(true);
    expect(analysePage(html, 'https://example.test/').structure).toEqual(expected);
  });
});

describe('element paths: regions', () => {
  it('gives elements of one region one shared region, that of their path', () => {
    const html =
      '<html><body><ul id="l1"><li class="p-1"><a>x</a><b>y</b></li><li class="p-22"><a>x</a></li></ul>' +
      '<ul id="l2"><li><a>z</a></li></ul><div><ul id="l3"><li class="p-3"><a>w</a></li></ul></div></body></html>';
    const nodes: PathNode[] = [];
    const walk = (el: LiteElement, parent: PathNode | null): void => {
      for (const child of el.children) {
        if (child.type !== 'tag') continue;
        const node = pathNode(child, parent);
        nodes.push(node);
        walk(child, node);
      }
    };
    walk(parseLite(html), null);
    const byRegion = new Map<string, PathNode>();
    let shared = 0;
    for (const node of nodes) {
      const region = regionOf(node);
      expect(region).toBe(regionOfPath(pathOf(node)));
      const first = byRegion.get(region);
      if (first === undefined) byRegion.set(region, node);
      else {
        // The same record, so the same string object: the judgement hashes a shared one once.
        expect(node.region).toBe(first.region);
        shared++;
      }
    }
    // `ul#l0` twice, then `li.p-0` and its `a` under the first.
    expect(shared).toBe(3);
    expect(byRegion.size).toBeGreaterThan(6);
  });
});
