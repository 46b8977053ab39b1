import { describe, expect, it } from 'vitest';
import { ATTRIBUTES, NameTable, TAGS, tableNames } from './html-names.ts';

/** A tiny deterministic generator (the high bits of an LCG: its low bits repeat with short periods). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 8;
  };
}

describe('NameTable', () => {
  it('finds each table name in any ASCII case, in place, as the lower-cased slice', () => {
    const next = rng(7);
    for (const [table, names] of [
      [TAGS, tableNames.tags],
      [ATTRIBUTES, tableNames.attributes],
    ] as const) {
      for (const name of names) {
        const cased = [...name].map((ch) => (next() % 2 ? ch.toUpperCase() : ch)).join('');
        const text = `<x ${cased}=`;
        expect(table.lookup(text, 3, 3 + cased.length)).toBe(text.slice(3, 3 + cased.length).toLowerCase());
      }
    }
  });

  it('finds nothing the table does not hold, nor a name with a non-ASCII letter that lower-cases to it', () => {
    expect(TAGS.lookup('<divx>', 1, 5)).toBeUndefined();
    expect(TAGS.lookup('<di>', 1, 3)).toBeUndefined();
    expect(TAGS.lookup('<d>', 1, 1)).toBeUndefined();
    // The Kelvin sign lower-cases to `k`: the parser's full `toLowerCase` decides such names.
    expect('lin\u212a'.toLowerCase()).toBe('link');
    expect(TAGS.lookup('lin\u212a', 0, 4)).toBeUndefined();
    expect(ATTRIBUTES.lookup('\u0130d', 0, 2)).toBeUndefined();
  });

  it('answers random text exactly as the slice lower-cased and looked up in the names would', () => {
    const next = rng(11);
    const names = new Set(tableNames.tags);
    const alphabet = 'aAbBdDiIvVpPsSnNlLkK1h-:\u212a\u0130';
    for (let n = 0; n < 20_000; n++) {
      const length = 1 + (next() % 5);
      let text = '';
      for (let k = 0; k < length + 2; k++) text += alphabet[next() % alphabet.length];
      const lower = text.slice(1, 1 + length).toLowerCase();
      const found = TAGS.lookup(text, 1, 1 + length);
      if (found !== undefined) expect(found).toBe(lower);
      else if (![...text.slice(1, 1 + length)].some((ch) => ch.charCodeAt(0) > 0x7f))
        expect(names.has(lower)).toBe(false);
    }
  });

  it('refuses a name that is not lower-case ASCII', () => {
    expect(() => new NameTable(['Div'])).toThrow();
    expect(() => new NameTable(['d\u00e9'])).toThrow();
  });
});
