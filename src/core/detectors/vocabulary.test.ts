import { describe, expect, it } from 'vitest';
import { ANY_PHRASE_UNFOLDED, findDefacerPhrases, foldLeet, PHRASES } from './vocabulary.ts';
import { randomText, seeded } from '../testing/seeded.ts';

/** Whether a phrase is in the text's folding, found the plain way. */
const plain = (text: string): boolean => PHRASES.some((p) => foldLeet(text).includes(p));

describe('the quick test for defacer phrases', () => {
  it('matches lower-cased text exactly when a phrase is in its folding, on random text', () => {
    const next = seeded(7);
    // Pieces of phrases, leetspeak forms, whitespace and near misses, so that phrases form by chance.
    const pieces = [
      ...PHRASES.flatMap((p) => [p, p.slice(0, 4), p.slice(3)]),
      'h4ck',
      '3d',
      ' b',
      'y',
      '  ',
      '\n',
      '\t',
      's3cur1ty',
      '!',
      '5',
      '@',
      'x',
      'ハッ',
      'キング',
    ];
    let hits = 0;
    for (let i = 0; i < 30_000; i++) {
      const text = randomText(next, pieces, 6).toLowerCase();
      const expected = plain(text);
      if (expected) hits++;
      expect(ANY_PHRASE_UNFOLDED.test(text), JSON.stringify(text)).toBe(expected);
    }
    // Both answers were asked for many times.
    expect(hits).toBeGreaterThan(3000);
    expect(hits).toBeLessThan(27_000);
  });

  it('still finds each phrase, in leetspeak and across line breaks', () => {
    expect(findDefacerPhrases('H4CK3D\n  BY someone', true)).toContain('hacked by');
    expect(findDefacerPhrases('Sorry   4dmin', true)).toEqual(['sorry admin']);
    expect(findDefacerPhrases('ハッカー集団', true)).toEqual(['ハッカー集団']);
    expect(findDefacerPhrases('expect users', true)).toEqual([]);
  });
});
