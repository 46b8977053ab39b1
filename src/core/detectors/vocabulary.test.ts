import { describe, expect, it } from 'vitest';
import {
  ANY_PHRASE_UNFOLDED,
  caseForms,
  findDefacerPhrases,
  foldLeet,
  mayHoldDefacerPhrase,
  PHRASES,
} from './vocabulary.ts';
import { randomText, seeded } from '../testing/seeded.ts';

/** Whether a phrase is in the text's folding, found the plain way. */
/** The characters leetspeak writes for a letter, the letter included (as `foldLeet` undoes them). */
const LEET_FORMS_OF: Record<string, string> = { a: 'a4@', e: 'e3', i: 'i1!', o: 'o0', s: 's5$', t: 't7' };
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

  it('answers on text in any case as on its lower case, on random text', () => {
    const next = seeded(8);
    const pieces = [
      ...PHRASES.flatMap((p) => [p, p.toUpperCase(), p.slice(0, 3).toUpperCase(), p.slice(3)]),
      'HACK',
      'hac\u212aed',
      'D\u0130HACK',
      'hacklenm\u0130',
      'PİRATÉ PAR',
      'ВЗЛОМАН',
      'ß',
      'Σ',
      ' ',
      '\n',
      '4',
      '!',
    ];
    let hits = 0;
    for (let i = 0; i < 30_000; i++) {
      const text = randomText(next, pieces, 5);
      const expected = plain(text);
      if (expected) hits++;
      expect(ANY_PHRASE_UNFOLDED.test(text.toLowerCase()), JSON.stringify(text)).toBe(expected);
      expect(mayHoldDefacerPhrase(text), JSON.stringify(text)).toBe(expected);
    }
    expect(hits).toBeGreaterThan(3000);
    expect(hits).toBeLessThan(27_000);
  });

  it('knows every character that lower-cases to a character of a phrase, and the one that grows', () => {
    const alphabet = new Set([...PHRASES.join('')].flatMap((ch) => [...(LEET_FORMS_OF[ch] ?? ch)]));
    const preimages = new Map<string, string>();
    const longer: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      const lower = ch.toLowerCase();
      if (lower.length !== 1) longer.push(code);
      else if (alphabet.has(lower)) preimages.set(lower, (preimages.get(lower) ?? '') + ch);
    }
    expect(longer).toEqual([0x130]);
    for (const ch of alphabet) {
      if (ch === ' ') continue;
      expect([...caseForms(ch)].sort(), ch).toEqual([...(preimages.get(ch) ?? '')].sort());
    }
  });

  it('still finds each phrase, in leetspeak and across line breaks', () => {
    expect(findDefacerPhrases('H4CK3D\n  BY someone', true)).toContain('hacked by');
    expect(findDefacerPhrases('Sorry   4dmin', true)).toEqual(['sorry admin']);
    expect(findDefacerPhrases('ハッカー集団', true)).toEqual(['ハッカー集団']);
    expect(findDefacerPhrases('expect users', true)).toEqual([]);
  });
});
