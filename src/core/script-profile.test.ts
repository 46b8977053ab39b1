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
});
