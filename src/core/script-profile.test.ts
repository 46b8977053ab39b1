import { describe, expect, it } from 'vitest';
import { addToProfile, emptyProfile, profileOf } from './script-profile.ts';

describe('profileOf', () => {
  it('counts letters by writing system and skips digits, punctuation and spaces', () => {
    expect(profileOf('Hello, 東京 ひらがな！ Привет 안녕 مرحبا 😀 ½ 2026')).toEqual({
      latin: 5,
      han: 2,
      kana: 4,
      cyrillic: 6,
      hangul: 2,
      arabic: 5,
      other: 2,
      letters: 26,
    });
  });

  it('counts full-width Latin as Latin and half-width katakana as kana, and adds to a running profile', () => {
    const p = emptyProfile();
    addToProfile(p, 'ＡＢＣ');
    addToProfile(p, 'ｱｲｳ\u3000。');
    expect(p).toMatchObject({ latin: 3, kana: 3, letters: 6 });
  });

  it('counts a lone surrogate half as other at its high half only', () => {
    expect(profileOf('\ud800x\udc00')).toMatchObject({ other: 1, latin: 1, letters: 2 });
  });

  it('counts ASCII, read without the table, as the table does, in text mixed with other scripts', () => {
    // Every ASCII code and a spread of others (Latin-1, Cyrillic, kana, han, surrogate halves...).
    const pool = [
      ...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)),
      ...'\u0080\u009féÀÿ½\u00a0Привет東京ひらがなｱ안مرحبا\u3000。ＡＢ\ud83d\ude00\ud800\udc00\ufeff',
    ];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = random(60); i > 0; i--) text += pool[random(pool.length)] as string;
      // The expected profile: the non-ASCII characters through the table alone, plus the ASCII letters.
      const expected = profileOf([...text].filter((c) => c.charCodeAt(0) >= 0x80).join(''));
      const asciiLetters = (text.match(/[A-Za-z]/g) ?? []).length;
      expected.latin += asciiLetters;
      expected.letters += asciiLetters;
      expect(profileOf(text)).toEqual(expected);
    }
    // Where the fast path ends: C1 controls are past ASCII, and the table calls them other.
    expect(profileOf('\u007f\u0080')).toMatchObject({ other: 1, latin: 0, letters: 1 });
  });
});
