import { describe, expect, it } from 'vitest';
import { forEachWord, functionWords, languageOf, languagesOfWord, mayBeFunctionWord, stripEdges } from './language.ts';
import { dominantScript, profileOf } from './script-profile.ts';
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

/** languageOf as it was: the whole text lower-cased, then its tokens looked up. */
function readAsBefore(text: string, minHits = 3): string | null {
  const script = dominantScript(profileOf(text.length > 40_000 ? text.slice(0, 40_000) : text), 12);
  if (script !== 'latin') return script;
  const counts = new Map<string, number>();
  const lower = (text.length > 40_000 ? text.slice(0, 40_000) : text).toLowerCase();
  forEachWord(
    lower,
    4000,
    (token) => {
      const langs = languagesOfWord(token);
      for (const l of langs ?? []) counts.set(l, (counts.get(l) ?? 0) + 1 / (langs?.length ?? 1));
    },
    mayBeFunctionWord,
  );
  const [first, second] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!first || first[1] < minHits) return null;
  if (second && second[1] * 1.5 > first[1]) return null;
  return first[0];
}

describe('the guess on text as it is', () => {
  it('guesses as it did with the text lower-cased first, on random text in any case', () => {
    const next = seeded(21);
    const words = functionWords();
    const cased = (w: string): string[] => [w, w.toUpperCase(), (w[0] ?? '').toUpperCase() + w.slice(1)];
    const pieces = [
      ...words.flatMap(cased),
      ...words.map((w) => `(${w.toUpperCase()},`),
      '\ufeff',
      'É',
      'Ü',
      '\u212a', // the Kelvin sign, whose lower case is `k`
      'Σ',
      'ΟΣ ',
      '«',
      '»',
      'Zebra',
      'QUICK',
      'x.Y',
      '1',
    ];
    let named = 0;
    for (let i = 0; i < 3000; i++) {
      const separators = [' ', ' ', ' ', '  ', '\n', '\u00a0', '\u3000', '', ', '];
      let text = '';
      for (let n = (next() >>> 8) % 60; n > 0; n--)
        text += randomText(next, i % 7 === 0 ? [...pieces, 'İ', 'İN'] : pieces, 1) + randomText(next, separators, 1);
      const expected = readAsBefore(text, 1 + (i % 3));
      if (expected !== null) named++;
      expect(languageOf(text, 1 + (i % 3)), JSON.stringify(text)).toBe(expected);
    }
    expect(named).toBeGreaterThan(600);
  });
});

describe('the word limit', () => {
  it('reads the first 4,000 words only, as before', () => {
    for (let filler = 3990; filler <= 4002; filler++) {
      const text = `${'Zebra '.repeat(filler)}the The (THE, und`;
      expect(languageOf(text, 1), String(filler)).toBe(readAsBefore(text, 1));
    }
    expect(languageOf(`${'Zebra '.repeat(3999)}the the the`, 1)).toBe('en');
    expect(languageOf(`${'Zebra '.repeat(4000)}the the the`, 1)).toBeNull();
  });
});

describe('stripEdges', () => {
  it('cuts what the Unicode expression cuts, on random tokens', () => {
    const next = seeded(8);
    const pieces = [
      'a',
      'Z',
      'é',
      'ß',
      '1',
      '(',
      ')',
      ',',
      '.',
      '«',
      '»',
      '“',
      '\u2013',
      '\ud83d\ude00',
      '\u0301',
      'л',
      '-',
    ];
    for (let i = 0; i < 40_000; i++) {
      const token = randomText(next, pieces, 6);
      expect(stripEdges(token), JSON.stringify(token)).toBe(token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
    }
  });
});
