import { describe, expect, it } from 'vitest';
import { emptyBaseline } from '../learn.ts';
import type { PageModel, TextBlock } from '../page-model.ts';
import { baselineSet, knownBlocks, structureSet } from './baseline-sets.ts';

describe('baselineSet', () => {
  it("holds the list's values and is built once per baseline and list", () => {
    const baseline = { ...emptyBaseline(), regions: ['a', 'b'], inlineScriptShapes: ['s'] };
    const hashes = baselineSet(baseline, 'regions');
    expect([...hashes]).toEqual(['a', 'b']);
    expect(baselineSet(baseline, 'regions')).toBe(hashes);
    expect([...baselineSet(baseline, 'inlineScriptShapes')]).toEqual(['s']);
  });

  it('is never answered from the cache for a list replaced or grown, or for another baseline', () => {
    const baseline = { ...emptyBaseline(), regions: ['a'] };
    expect(baselineSet(baseline, 'regions').has('b')).toBe(false);
    baseline.regions = ['b'];
    expect(baselineSet(baseline, 'regions').has('b')).toBe(true);
    baseline.regions.push('c');
    expect(baselineSet(baseline, 'regions').has('c')).toBe(true);
    const other = { ...baseline, regions: ['d'] };
    expect([...baselineSet(other, 'regions')]).toEqual(['d']);
  });

  it('reads an absent optional list as empty', () => {
    const { activeItems: _absent, ...older } = emptyBaseline();
    expect(baselineSet(older, 'activeItems').size).toBe(0);
  });
});

describe('knownBlocks', () => {
  const block = (hash: string, shapeHash: string): TextBlock => ({
    path: 'body>p',
    region: 'body>p',
    text: hash,
    hash,
    shapeHash,
    hidden: null,
    inCode: false,
  });
  const page = (blocks: TextBlock[]): PageModel => ({ textBlocks: blocks }) as unknown as PageModel;

  it("answers for each of the page's blocks whether the baseline's lists hold its hash and shape", () => {
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const value = (): string => `v${random(40)}`;
      const baseline = {
        ...emptyBaseline(),
        blockHashes: Array.from({ length: random(60) }, value),
        blockShapes: Array.from({ length: random(60) }, value),
      };
      const model = page(Array.from({ length: random(30) }, () => block(value(), value())));
      const known = knownBlocks(baseline, model);
      for (const b of model.textBlocks) {
        expect(known.hashes.has(b.hash)).toBe(baseline.blockHashes.includes(b.hash));
        expect(known.shapes.has(b.shapeHash)).toBe(baseline.blockShapes.includes(b.shapeHash));
      }
    }
  });

  it('is never answered from the cache for another page, other blocks, or a list replaced or grown', () => {
    const baseline = { ...emptyBaseline(), blockHashes: ['a'], blockShapes: ['x'] };
    const model = page([block('a', 'y'), block('b', 'x')]);
    expect([...knownBlocks(baseline, model).hashes]).toEqual(['a']);
    const other = page([block('b', 'z')]);
    expect(knownBlocks(baseline, other).shapes.has('z')).toBe(false);
    model.textBlocks = [block('c', 'x')];
    expect([...knownBlocks(baseline, model).shapes]).toEqual(['x']);
    baseline.blockHashes = ['c'];
    expect([...knownBlocks(baseline, model).hashes]).toEqual(['c']);
    baseline.blockHashes = ['c', 'g'];
    expect([...knownBlocks(baseline, model).hashes]).toEqual(['c']);
    model.textBlocks.push(block('g', 'x'));
    expect([...knownBlocks(baseline, model).hashes]).toEqual(['c', 'g']);
    model.textBlocks.push(block('d', 'x'));
    expect(knownBlocks(baseline, model).hashes.has('d')).toBe(false);
    baseline.blockHashes.push('d');
    expect(knownBlocks(baseline, model).hashes.has('d')).toBe(true);
    model.textBlocks.push(block('e', 'x'));
    baseline.blockHashes = ['e'];
    model.textBlocks.push(block('f', 'x'));
    expect(knownBlocks(baseline, model).hashes.has('e')).toBe(true);
  });
});

describe('structureSet', () => {
  it("holds the page's skeleton paths, built once per array, and again for an array that grew or another one", () => {
    const model = { structure: ['html>body', 'html>body>div'] } as PageModel;
    const set = structureSet(model);
    expect([...set]).toEqual(['html>body', 'html>body>div']);
    expect(structureSet(model)).toBe(set);
    model.structure.push('html>body>p');
    expect(structureSet(model).has('html>body>p')).toBe(true);
    model.structure = ['html>head'];
    expect([...structureSet(model)]).toEqual(['html>head']);
  });
});
