import { describe, expect, it } from 'vitest';
import { forEachWord, functionWords, languageOf, languagesOfWord, mayBeFunctionWord } from './language.ts';
import { randomText, seeded } from './testing/seeded.ts';

describe('languageOf', () => {
  it('tells Latin-script languages apart by their function words', () => {
    expect(languageOf('The council collects your waste once a week and it will be on the same day.')).toBe('en');
    expect(languageOf('Der Hausmüll wird einmal pro Woche abgeholt und die Tonnen sind für die Bürger.')).toBe('de');
    expect(languageOf('Nous collectons vos déchets une fois par semaine, le jour est indiqué sur le site.')).toBe('fr');
    expect(languageOf('Kami adalah warga yang peduli dan ini adalah pesan untuk anda dari kami.')).toBe('id');
  });

  it('names the writing system of non-Latin text', () => {
    expect(languageOf('法務省からのお知らせを掲載しています。各ページの内容は担当部局にお問い合わせください。')).toBe(
      'japanese',
    );
    expect(languageOf('Министерство юстиции сообщает о новых правилах регистрации для граждан')).toBe('cyrillic');
  });

  it('does not read addresses as words, and says nothing when it cannot tell', () => {
    expect(languageOf('https://e.pt/a https://do.pt/os https://que.pt/as https://para.pt/em')).toBeNull();
    expect(languageOf('Website Example')).toBeNull();
    // As many English as German function words: no clear lead.
    expect(languageOf('the and of der die das')).toBeNull();
  });
});

describe('forEachWord', () => {
  it('visits the short pieces of `split(/\\s+/, limit)`, in order, with any whitespace and at any limit', () => {
    const pieces = [
      'the',
      ' ',
      '  ',
      '\n',
      '\u3000',
      '\u00a0',
      '\ufeff',
      'und',
      'x',
      'supercalifragilistic',
      'a.b',
      'é',
      '',
      'twelve-chars',
      'thirteenchars',
    ];
    let seed = 99;
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let i = 0; i < n % 30; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        text += pieces[seed % pieces.length];
      }
      const limit = 1 + (n % 12);
      const expected = text.split(/\s+/, limit).filter((t) => t.length > 0 && t.length <= 12);
      const seen: string[] = [];
      forEachWord(text, limit, (t) => seen.push(t));
      expect(seen, JSON.stringify([text, limit])).toEqual(expected);
    }
  });
});

describe('mayBeFunctionWord', () => {
  it('rules out no token that counts, on random tokens', () => {
    const next = seeded(3);
    const pieces = [...functionWords(), 'x', 'é', 'ü', '(', ',', '.', '»', '«', '"', '1', '-', '/', '@', ':'];
    let counted = 0;
    for (let i = 0; i < 40_000; i++) {
      const token = randomText(next, pieces, 3);
      if (token.length === 0 || token.length > 12) continue;
      if (languagesOfWord(token) === undefined) continue;
      counted++;
      expect(mayBeFunctionWord(` ${token} `, 1, token.length + 1), token).toBe(true);
    }
    expect(counted).toBeGreaterThan(2000);
  });

  it('rules out most plain words', () => {
    const words = ['website', 'ministry', 'announcement', 'zebra', 'quick', 'brown'];
    expect(words.filter((w) => mayBeFunctionWord(w, 0, w.length))).toEqual([]);
  });
});
