import { describe, expect, it } from 'vitest';
import { emptyProfile, profileOf } from './script-profile.ts';
import { collapseBlock, collapseWhitespace, foldedHash, foldVolatile, hashText, snippet, toBase36 } from './text.ts';

/** A seeded linear congruential generator: the same random parts on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
}

describe('toBase36', () => {
  it('matches Number#toString(36) across the safe-integer range', () => {
    const samples = [0, 1, 35, 36, 37, 1295, 1296, 1297, 46655, 46656, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(((i * 2654435761) % 2 ** 31) * 4194301.7));
    for (const n of samples) expect(toBase36(n), String(n)).toBe(n.toString(36));
  });
});

describe('hashText', () => {
  it('is stable and separates near-identical texts', () => {
    expect(hashText('お知らせ 2026年11月')).toBe(hashText('お知らせ 2026年11月'));
    expect(hashText('お知らせ 2026年11月')).not.toBe(hashText('お知らせ 2026年12月'));
    expect(hashText('')).toMatch(/^[0-9a-z]+$/);
  });
});

describe('foldVolatile', () => {
  it('folds digits, hex runs and long tokens, and leaves ordinary words alone', () => {
    expect(foldVolatile('Updated 2026-11-25 by staff')).toBe('Updated 0-0-0 by staff');
    expect(foldVolatile('build deadbeef1234 ok')).toBe('build ~hex~ ok');
    expect(foldVolatile('nonce: QWxhZGRpbjpvcGVuIHNlc2FtZQ and more')).toBe('nonce: ~tok~ and more');
    // 23 characters is a word, not a token.
    expect(foldVolatile('Supercalifragilisticexp words')).toBe('Supercalifragilisticexp words');
  });

  it('treats a token inside a longer run as one token, not many', () => {
    expect(foldVolatile(`x ${'a'.repeat(30)}/${'b'.repeat(30)} y`)).toBe('x ~tok~ y');
  });
});

describe('collapseWhitespace and snippet', () => {
  it('collapses ideographic spaces and truncates on a character boundary', () => {
    expect(collapseWhitespace('  東京\u3000都 \n 庁 ')).toBe('東京 都 庁');
    expect(snippet('𠮷'.repeat(5), 3)).toBe('𠮷𠮷𠮷…');
  });
});

describe('collapseWhitespace on random text', () => {
  it('gives what replacing every whitespace run with one space and trimming gives', () => {
    const pieces = [
      'a',
      'bc',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r\n',
      '\u3000',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u200b',
      '東',
      'x y',
      '',
    ];
    let seed = 7;
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      for (let i = 0; i < n % 14; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        s += pieces[seed % pieces.length];
      }
      expect(collapseWhitespace(s), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
    }
  });
});

describe('collapseBlock on random parts', () => {
  it('gives what collapsing the joined parts gives, across every boundary between parts', () => {
    const pieces = [
      'a',
      'bc',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r\n',
      '\u3000',
      '\u00a0',
      '\ufeff',
      '\u200b',
      '東',
      'x y',
      ' z ',
      '',
    ];
    const next = lcg(11);
    for (let n = 0; n < 20_000; n++) {
      const parts: string[] = [];
      for (let p = 0; p < n % 6; p++) {
        let s = '';
        for (let i = 0; i < next() % 7; i++) s += pieces[next() % pieces.length];
        parts.push(s);
      }
      expect(collapseBlock(parts).text, JSON.stringify(parts)).toBe(collapseWhitespace(parts.join('')));
    }
  });

  it('counts the letters of the result into a profile as addToProfile does', () => {
    const pool = [
      'a',
      'Zb',
      ' ',
      '\n',
      '\u00a0',
      '\u3000',
      '\u2028',
      '\ufeff',
      '東京',
      'ひら',
      'Привет',
      'ｱ',
      '½',
      '😀',
      '\ud800',
      'x y',
      '9',
    ];
    const next = lcg(5);
    for (let n = 0; n < 5000; n++) {
      const parts: string[] = [];
      for (let p = 0; p < n % 5; p++) {
        let s = '';
        for (let i = 0; i < next() % 6; i++) s += pool[next() % pool.length];
        parts.push(s);
      }
      const fused = emptyProfile();
      const { text } = collapseBlock(parts, fused);
      expect(text).toBe(collapseWhitespace(parts.join('')));
      expect(fused, JSON.stringify(parts)).toEqual(profileOf(text));
    }
  });

  it('hashes the result in the same scan, as hashText and the fold hash do, hidden or visible', () => {
    // Spaces of every kind between and inside parts, digits, hex words and token runs that cross a
    // part's boundary, so the fold scan takes over at every kind of place in the result.
    const pool = [
      'a',
      'Zb',
      ' ',
      '  ',
      '\n',
      '\u3000',
      '\u00a0',
      '東',
      'x y',
      '7',
      '０',
      'deadbeef',
      'cafe12',
      'Q'.repeat(12),
      '-/+=_',
      '.',
    ];
    // The generator's high bits: its low bits repeat with a short period (the pool has 16 entries).
    const lcg7 = lcg(7);
    const next = (): number => lcg7() >>> 12;
    for (let n = 0; n < 20_000; n++) {
      const parts: string[] = [];
      for (let p = 0; p < n % 6; p++) {
        let s = '';
        for (let i = 0, len = next() % 8; i < len; i++) s += pool[next() % pool.length];
        parts.push(s);
      }
      const joined = collapseWhitespace(parts.join(''));
      const got = collapseBlock(parts, n % 2 === 0 ? emptyProfile() : null);
      expect(got.text).toBe(joined);
      expect(got.plain, JSON.stringify(parts)).toBe(hashText(joined));
      expect(got.shape, JSON.stringify(parts)).toBe(hashText(foldVolatile(joined)));
    }
  });

  it('reads only the stretch of parts it is given, as it reads those parts alone', () => {
    // The model builder keeps every open block's parts in one array: a block is a stretch of it.
    const pool = ['a', ' ', '\n', '\u3000', '東', '7', 'deadbeef1', 'Q'.repeat(25), 'x y'];
    const lcg3 = lcg(3);
    const next = (): number => lcg3() >>> 12;
    for (let n = 0; n < 5000; n++) {
      const parts: string[] = [];
      for (let p = 0, count = next() % 8; p < count; p++) {
        let s = '';
        for (let i = 0, len = next() % 5; i < len; i++) s += pool[next() % pool.length];
        parts.push(s);
      }
      const start = next() % (parts.length + 1);
      const end = start + (next() % (parts.length - start + 1));
      const alone = { ...collapseBlock(parts.slice(start, end)) };
      const fused = emptyProfile();
      const within = { ...collapseBlock(parts, fused, start, end) };
      expect(within, JSON.stringify([parts, start, end])).toEqual(alone);
      expect(fused).toEqual(profileOf(alone.text));
    }
  });

  it('returns a part kept whole as it is, and nothing for whitespace only', () => {
    const part = 'one two';
    expect(collapseBlock(['  ', part, '\n']).text).toBe(part);
    expect(collapseBlock([' ', '\u3000', '']).text).toBe('');
    expect(collapseBlock([]).text).toBe('');
  });
});

describe('snippet of long text', () => {
  it('reads only the head of a long script yet gives the same result as collapsing it all', () => {
    const source = `  var  a = 1;\n\n${'x = x + 1;   '.repeat(50_000)}`;
    const expected = `${Array.from(collapseWhitespace(source)).slice(0, 200).join('')}…`;
    expect(snippet(source, 200)).toBe(expected);
  });

  it('falls back to the whole text when the head is mostly whitespace', () => {
    const text = `a${' '.repeat(5000)}b${' '.repeat(5000)}c`;
    expect(snippet(text, 10)).toBe('a b c');
  });

  it('returns short text whole, without an ellipsis', () => {
    expect(snippet('  短い  文 ', 10)).toBe('短い 文');
    expect(snippet('exactly10!', 10)).toBe('exactly10!');
  });
});

describe('snippet on random text', () => {
  /** What `snippet` gave when it collapsed the whole head first: the reference it must match. */
  function collapsingFirst(s: string, max: number): string {
    const trimmed = s.trimStart();
    const window = max * 8;
    let t = collapseWhitespace(trimmed.length > window ? trimmed.slice(0, window) : trimmed);
    if (t.length <= max && trimmed.length > window) t = collapseWhitespace(trimmed);
    if (t.length <= max) return t;
    let end = 0;
    for (let n = 0; n < max && end < t.length; n++) {
      const code = t.charCodeAt(end);
      end += code >= 0xd800 && code <= 0xdbff && end + 1 < t.length ? 2 : 1;
    }
    return end >= t.length ? t : `${t.slice(0, end)}…`;
  }

  it('gives what collapsing the head and cutting it gives, at every limit and boundary', () => {
    // Lone and paired surrogates, spaces that collapse and one that does not, at every place a cut can fall.
    const pieces = ['a', 'bc', ' ', '  ', '\n', '\u3000', '\ud842\udfb7', '\ud842', '\udfb7', '東', 'x y', ' z'];
    const next = lcg(99);
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const len = n % 40;
      for (let i = 0; i < len; i++) s += pieces[next() % pieces.length];
      const max = next() % 8;
      expect(snippet(s, max), `${JSON.stringify(s)} ${max}`).toBe(collapsingFirst(s, max));
    }
  });
});

describe('foldedHash', () => {
  /** A deterministic generator (no clock, no Math.random) so a failure can be replayed. */
  function* randomTexts(count: number): Generator<string> {
    const pieces = [
      'a',
      'F',
      'z',
      '0',
      '7',
      '９',
      '１',
      '_',
      '-',
      '+',
      '/',
      '=',
      ' ',
      '  ',
      '\n',
      '\u3000',
      '\u00a0',
      '東',
      'é',
      '~',
      '.',
      'deadbeef',
      'cafe12',
      'ABCDEF0123',
      'x'.repeat(23),
      'Q'.repeat(24),
      '\t',
    ];
    let seed = 12345;
    for (let n = 0; n < count; n++) {
      let s = '';
      const len = n % 60;
      for (let i = 0; i < len; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        s += pieces[seed % pieces.length];
      }
      yield s;
    }
  }

  it('equals hashing the folded text, with and without collapsing whitespace and a prefix', () => {
    for (const s of randomTexts(5000)) {
      const folded = foldVolatile(s);
      expect(foldedHash(s).hash, JSON.stringify(s)).toBe(hashText(folded));
      expect(foldedHash(s).folded, JSON.stringify(s)).toBe(folded !== s);
      expect(foldedHash(s, true, '123').hash, JSON.stringify(s)).toBe(
        hashText(`123${foldVolatile(collapseWhitespace(s))}`),
      );
      expect(foldedHash(s, true).folded, JSON.stringify(s)).toBe(foldVolatile(collapseWhitespace(s)) !== s);
    }
  });

  it('gives a block both hashes: of the plain text and of the folded text', () => {
    for (const s of randomTexts(5000)) {
      // A block is its text collapsed: both hashes are of that.
      const { text, plain, shape } = collapseBlock([s]);
      expect(plain, JSON.stringify(s)).toBe(hashText(text));
      expect(shape, JSON.stringify(s)).toBe(hashText(foldVolatile(text)));
    }
  });

  it('hands a block over to the fold scan wherever its first digit or long token starts', () => {
    // Plain words up to the change, so the hashes are taken once up to there and the fold scan takes
    // over mid-text: right after a space, inside a word, at a full-width digit, at a run's 24th character.
    const changes = ['7', 'ab12cd34ef', '０', '９x', 'Q'.repeat(24), 'Q'.repeat(23), 'tok/en+'.repeat(4), '0'];
    for (const change of changes)
      for (let at = 0; at < 30; at++) {
        const head = 'word é 東 ab-c_d '.repeat(3).slice(0, at);
        for (const s of [`${head}${change}`, `${head}${change} tail 2 x`, `${head}x${change}`]) {
          const { text, plain, shape } = collapseBlock([s]);
          expect(text, JSON.stringify(s)).toBe(collapseWhitespace(s));
          expect(plain, JSON.stringify(s)).toBe(hashText(text));
          expect(shape, JSON.stringify(s)).toBe(hashText(foldVolatile(text)));
        }
      }
  });

  it('folds the documented cases like foldVolatile', () => {
    for (const s of [
      'Updated 2026-11-25 by staff',
      'build deadbeef1234 ok',
      'nonce: QWxhZGRpbjpvcGVuIHNlc2FtZQ and more',
      'Supercalifragilisticexp words',
      'plain words only',
      '',
    ]) {
      expect(foldedHash(s).hash).toBe(hashText(foldVolatile(s)));
    }
    expect(foldedHash('plain words only').folded).toBe(false);
    expect(foldedHash('page 2').folded).toBe(true);
  });
});
