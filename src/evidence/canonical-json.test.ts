import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text for the same value built in another order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('escapes hostile strings (quotes, line breaks, U+2028, lone surrogates) as JSON does', () => {
    const text = canonicalJson({ s: '"\n\u2028</script>\ud800' });
    expect(JSON.parse(text)).toEqual({ s: '"\n\u2028</script>\ud800' });
    expect(text).not.toContain('\n');
  });

  it('drops undefined properties but refuses values JSON cannot carry exactly', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: 1.5 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a/);
    expect(() => canonicalJson([new Date(0)])).toThrow(/\$\[0\]/);
    expect(() => canonicalJson({ a: 2 ** 60 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: { b: [1, { c: 0.5 }] } })).toThrow(/^\$\.a\.b\[1\]\.c: 0\.5 is not a safe integer/);
  });
});
