import { describe, expect, it } from 'vitest';
import { emptyBaseline } from '../learn.ts';
import { baselineSet } from './baseline-sets.ts';

describe('baselineSet', () => {
  it("holds the list's values and is built once per baseline and list", () => {
    const baseline = { ...emptyBaseline(), blockHashes: ['a', 'b'], regions: ['body>p'] };
    const hashes = baselineSet(baseline, 'blockHashes');
    expect([...hashes]).toEqual(['a', 'b']);
    expect(baselineSet(baseline, 'blockHashes')).toBe(hashes);
    expect([...baselineSet(baseline, 'regions')]).toEqual(['body>p']);
  });

  it('is never answered from the cache for a list replaced or grown, or for another baseline', () => {
    const baseline = { ...emptyBaseline(), blockHashes: ['a'] };
    expect(baselineSet(baseline, 'blockHashes').has('b')).toBe(false);
    baseline.blockHashes = ['b'];
    expect(baselineSet(baseline, 'blockHashes').has('b')).toBe(true);
    baseline.blockHashes.push('c');
    expect(baselineSet(baseline, 'blockHashes').has('c')).toBe(true);
    const other = { ...baseline, blockHashes: ['d'] };
    expect([...baselineSet(other, 'blockHashes')]).toEqual(['d']);
  });

  it('reads an absent optional list as empty', () => {
    const { activeItems: _absent, ...older } = emptyBaseline();
    expect(baselineSet(older, 'activeItems').size).toBe(0);
  });
});
