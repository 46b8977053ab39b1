import type { ScriptProfile } from './page-model.ts';

export function emptyProfile(): ScriptProfile {
  return { kana: 0, han: 0, latin: 0, hangul: 0, cyrillic: 0, arabic: 0, other: 0, letters: 0 };
}

type Bucket = Exclude<keyof ScriptProfile, 'letters'>;

function bucketOf(cp: number): Bucket | null {
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f)) return 'latin';
  if (cp >= 0xff21 && cp <= 0xff5a) return 'latin'; // full-width Latin letters
  if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0xff66 && cp <= 0xff9f)) return 'kana';
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff)) return 'han';
  if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff)) return 'hangul';
  if (cp >= 0x400 && cp <= 0x4ff) return 'cyrillic';
  if (cp >= 0x600 && cp <= 0x6ff) return 'arabic';
  if (cp < 0x80) return null; // digits, punctuation, spaces
  if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xff20) || (cp >= 0x2000 && cp <= 0x2bff)) return null;
  return 'other';
}

const BUCKETS = ['kana', 'han', 'latin', 'hangul', 'cyrillic', 'arabic', 'other'] as const;

/**
 * The bucket of every BMP code point, 1-based into BUCKETS (0: not a letter), computed once from
 * `bucketOf`: counting is then one load per character instead of a chain of range tests, and it runs
 * over every visible character of every changed page. Surrogates are handled by the loop.
 */
const BMP_BUCKET = (() => {
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) {
    const bucket = cp < 0x80 ? ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? 'latin' : null) : bucketOf(cp);
    table[cp] = bucket === null ? 0 : BUCKETS.indexOf(bucket) + 1;
  }
  return table;
})();
const ASTRAL_BUCKET = BUCKETS.indexOf(bucketOf(0x10000) as Bucket) + 1;

/** Count letters of a text by writing system; digits, punctuation and spaces are not counted. */
export function addToProfile(profile: ScriptProfile, text: string): void {
  // charCodeAt, not a string iterator. ASCII, most of most pages' text, is counted without the table
  // and the per-bucket counts (which are made only for text that needs them): the loop runs over
  // every visible character of every changed page. The table gives ASCII letters `latin` and nothing
  // to other ASCII, as this does (a test compares them on random text).
  let latin = 0;
  let counts: number[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) latin += asciiLetter(code);
    else counts = addWide(counts, code);
  }
  addCounts(profile, latin, counts);
}

/** 1 for an ASCII letter, else 0: `code | 0x20` lower-cases it, and the unsigned difference is below 26 only for a-z. */
export function asciiLetter(code: number): number {
  return ((code | 0x20) - 0x61) >>> 0 < 26 ? 1 : 0;
}

/**
 * Count one non-ASCII UTF-16 unit into per-bucket counts (made on the first one). Astral characters
 * (surrogate pairs) are rare in page text and fall into `other`, counted at the first half of the pair.
 */
export function addWide(counts: number[] | null, unit: number): number[] {
  const out = counts ?? [0, 0, 0, 0, 0, 0, 0, 0];
  if (unit >= 0xd800 && unit <= 0xdfff) {
    if (unit <= 0xdbff) out[ASTRAL_BUCKET] = (out[ASTRAL_BUCKET] as number) + 1;
    return out;
  }
  const bucket = BMP_BUCKET[unit] as number;
  out[bucket] = (out[bucket] as number) + 1;
  return out;
}

/** Add counts made by `asciiLetter` and `addWide` to a profile. */
export function addCounts(profile: ScriptProfile, latin: number, counts: number[] | null): void {
  profile.latin += latin;
  profile.letters += latin;
  if (counts === null) return;
  let letters = 0;
  for (let b = 1; b <= BUCKETS.length; b++) {
    const n = counts[b] as number;
    if (n === 0) continue;
    profile[BUCKETS[b - 1] as Bucket] += n;
    letters += n;
  }
  profile.letters += letters;
}

export function profileOf(text: string): ScriptProfile {
  const p = emptyProfile();
  addToProfile(p, text);
  return p;
}

/** Share of letters that are Japanese (kana or kanji): the page's "is Japanese" signal. */
export function japaneseShare(p: ScriptProfile): number {
  return p.letters === 0 ? 0 : (p.kana + p.han) / p.letters;
}

/** The dominant writing system, or null when there are too few letters to say. */
export function dominantScript(p: ScriptProfile, minLetters = 20): Bucket | 'japanese' | null {
  if (p.letters < minLetters) return null;
  if (japaneseShare(p) >= 0.5 && p.kana > 0) return 'japanese';
  let best: Bucket = 'latin';
  for (const k of ['kana', 'han', 'latin', 'hangul', 'cyrillic', 'arabic', 'other'] as const) {
    if (p[k] > p[best]) best = k;
  }
  return best;
}
