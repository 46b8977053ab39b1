import { dominantScript, profileOf } from './script-profile.ts';
import { isSpace } from './text.ts';

/**
 * A rough language guess for Latin-script text from its commonest short words, and the writing
 * system for the rest. Enough to tell that a new block is English on a German page, which the
 * script profile alone cannot (both are Latin letters). Function words only: they carry no topic, so
 * the guess does not depend on what a page is about.
 */
const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the',
    'and',
    'of',
    'to',
    'is',
    'are',
    'you',
    'your',
    'we',
    'this',
    'that',
    'with',
    'for',
    'by',
    'be',
    'not',
    'it',
    'was',
    'have',
    'our',
    'from',
    'on',
    'will',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'mit',
    'sie',
    'wir',
    'ihre',
    'für',
    'von',
    'zu',
    'den',
    'dem',
    'ein',
    'eine',
    'auf',
    'auch',
    'sind',
    'oder',
    'werden',
    'bei',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'des',
    'vous',
    'nous',
    'une',
    'pour',
    'dans',
    'pas',
    'sur',
    'que',
    'qui',
    'votre',
    'vos',
    'du',
    'au',
    'aux',
    'sont',
    'avec',
    'ce',
  ],
  es: [
    'el',
    'los',
    'las',
    'y',
    'es',
    'del',
    'que',
    'por',
    'para',
    'una',
    'con',
    'no',
    'su',
    'sus',
    'usted',
    'nosotros',
    'como',
    'pero',
    'al',
    'lo',
    'se',
    'está',
    'son',
  ],
  pt: [
    'os',
    'as',
    'e',
    'é',
    'do',
    'da',
    'dos',
    'das',
    'que',
    'para',
    'uma',
    'com',
    'não',
    'você',
    'seu',
    'sua',
    'nós',
    'pelo',
    'pela',
    'em',
    'ao',
    'foi',
    'são',
  ],
  it: [
    'il',
    'gli',
    'e',
    'è',
    'di',
    'che',
    'per',
    'una',
    'con',
    'non',
    'sono',
    'della',
    'del',
    'alla',
    'nel',
    'anche',
    'questo',
    'tua',
    'tuo',
    'noi',
    'voi',
    'ci',
    'lo',
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'is',
    'van',
    'niet',
    'met',
    'wij',
    'jij',
    'uw',
    'je',
    'voor',
    'op',
    'dat',
    'zijn',
    'ook',
    'aan',
    'bij',
    'worden',
    'naar',
    'deze',
    'ons',
  ],
  id: [
    'yang',
    'dan',
    'di',
    'ini',
    'itu',
    'dengan',
    'untuk',
    'tidak',
    'kami',
    'anda',
    'kita',
    'dari',
    'ke',
    'ada',
    'akan',
    'adalah',
    'atau',
    'juga',
    'oleh',
    'saya',
    'sudah',
    'bisa',
    'kalian',
  ],
  tr: [
    've',
    'bir',
    'bu',
    'da',
    'de',
    'için',
    'ile',
    'değil',
    'biz',
    'siz',
    'ben',
    'sen',
    'olarak',
    'daha',
    'çok',
    'ama',
    'gibi',
    'kadar',
    'ne',
    'mi',
    'var',
    'yok',
    'olan',
  ],
};

const WORD_LANGS = (() => {
  const map = new Map<string, string[]>();
  for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
    for (const w of words) map.set(w, [...(map.get(w) ?? []), lang]);
  }
  return map;
})();

/**
 * A dot, slash, `@` or colon inside a token, before its last character: an address or a file name,
 * not a word. (Tokens hold no whitespace, so this is `/[./@:]\S/` without a regular expression.)
 */
function hasAddressMark(token: string): boolean {
  for (let i = 0; i < token.length - 1; i++) {
    const c = token.charCodeAt(i);
    if (c === 0x2e || c === 0x2f || c === 0x40 || c === 0x3a) return true;
  }
  return false;
}

/** Longest token that can be a function word: longer ones are skipped without being cut out. */
const MAX_WORD_LENGTH = 12;

/**
 * Calls `visit` with each token of `text.split(/\s+/, limit)` that is at most MAX_WORD_LENGTH long,
 * without splitting: the split built an array and a string for every word of the text, and the
 * language guess runs on every learnt page. Tokens count against `limit` as the split's pieces do.
 */
export function forEachWord(
  text: string,
  limit: number,
  visit: (token: string) => void,
  wanted: (text: string, start: number, end: number) => boolean = anyToken,
): void {
  const n = text.length;
  let start = 0;
  for (let pieces = 0; pieces < limit; pieces++) {
    let end = start;
    while (end < n && !isSpace(text.charCodeAt(end))) end++;
    if (end - start <= MAX_WORD_LENGTH && end > start && wanted(text, start, end)) visit(text.slice(start, end));
    if (end >= n) return;
    start = end + 1;
    while (start < n && isSpace(text.charCodeAt(start))) start++;
  }
}
const anyToken = (): boolean => true;

const EDGE_PUNCTUATION = /^[^\p{L}]+|[^\p{L}]+$/gu;

/** Starts or ends with ASCII punctuation ("(the", "und,"): only then is stripping worth a regular expression. */
function edgePunctuation(token: string): boolean {
  return edgeCodes(token.charCodeAt(0), token.charCodeAt(token.length - 1));
}

function edgeCodes(a: number, z: number): boolean {
  return (a < 0x80 && !(a >= 0x61 && a <= 0x7a)) || (z < 0x80 && !(z >= 0x61 && z <= 0x7a));
}

/** Length and first character of every function word, as `length * 0x10000 + code`. */
const WORD_STARTS: ReadonlySet<number> = new Set(
  [...WORD_LANGS.keys()].map((w) => w.length * 0x10000 + w.charCodeAt(0)),
);

/**
 * False for a token of `text` that cannot count: one that is not a function word, its length and
 * first character show, and that has no ASCII punctuation at either end to strip. Most words of a
 * page are ruled out so, without being cut out of the text and looked up.
 */
export function mayBeFunctionWord(text: string, start: number, end: number): boolean {
  return (
    WORD_STARTS.has((end - start) * 0x10000 + text.charCodeAt(start)) ||
    edgeCodes(text.charCodeAt(start), text.charCodeAt(end - 1))
  );
}

/** The languages a lower-cased token is a function word of, or undefined when it is none. */
export function languagesOfWord(token: string): readonly string[] | undefined {
  // Function words are short; addresses are not language (`pt` in a host name is not Portuguese).
  if (hasAddressMark(token)) return undefined;
  return WORD_LANGS.get(token) ?? (edgePunctuation(token) ? WORD_LANGS.get(stripEdges(token)) : undefined);
}

/**
 * `token.replace(EDGE_PUNCTUATION, '')`, cutting ASCII non-letters off both ends by hand: a token
 * with punctuation at an end is a quarter of the tokens a Latin page's guess looks up, and a Unicode
 * regular expression's replace cost more than the rest of the look-up. Where a non-ASCII character
 * ends what is left, only the expression knows whether it is a letter, so it decides.
 */
export function stripEdges(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && asciiNonLetter(token.charCodeAt(start))) start++;
  while (end > start && asciiNonLetter(token.charCodeAt(end - 1))) end--;
  if (start < end && (token.charCodeAt(start) >= 0x80 || token.charCodeAt(end - 1) >= 0x80))
    return token.replace(EDGE_PUNCTUATION, '');
  return token.slice(start, end);
}

function asciiNonLetter(c: number): boolean {
  return c < 0x80 && ((c | 0x20) - 0x61) >>> 0 >= 26;
}

/** Every function word, for tests. */
export function functionWords(): string[] {
  return [...WORD_LANGS.keys()];
}

/** Longest function word looked up by its key (`wordKey`): 32^6 keys fit a small integer. */
const KEYED_LENGTH = 6;

/** A token of `a` to `z` only, as a number: its letters as base-32 digits from 1 (so no two tokens share one). */
function wordKey(text: string, start: number, end: number): number {
  let key = 0;
  for (let i = start; i < end; i++) key = key * 32 + (text.charCodeAt(i) - 0x60);
  return key;
}

/** The function words of `a` to `z` only and at most KEYED_LENGTH long (most of them), by key. */
const LANGS_BY_KEY: ReadonlyMap<number, readonly string[]> = new Map(
  [...WORD_LANGS]
    .filter(([w]) => /^[a-z]+$/.test(w) && w.length <= KEYED_LENGTH)
    .map(([w, langs]) => [wordKey(w, 0, w.length), langs]),
);

/**
 * Calls `visit` with `languagesOfWord(token)` of each token `forEachWord(lower, MAX_WORDS, …,
 * mayBeFunctionWord)` visits, where it is a function word. A token of `a` to `z` only and short
 * enough (most words of a Latin page) is looked up by a key made while scanning it, without cutting
 * it out of the text and hashing it: a page's guess reads a few hundred words, and cutting and
 * hashing each was most of its cost. Other tokens are looked up as before.
 */
export function forEachFunctionWord(lower: string, visit: (langs: readonly string[]) => void): void {
  const n = lower.length;
  let start = 0;
  for (let pieces = 0; pieces < MAX_WORDS; pieces++) {
    let end = start;
    // The token's key while it is `a` to `z` only and at most KEYED_LENGTH long; -1 once it is not.
    let key = 0;
    while (end < n) {
      const c = lower.charCodeAt(end);
      if (isSpace(c)) break;
      if (key >= 0) key = (c - 0x61) >>> 0 < 26 && end - start < KEYED_LENGTH ? key * 32 + (c - 0x60) : -1;
      end++;
    }
    if (end > start) {
      const langs =
        key >= 0
          ? LANGS_BY_KEY.get(key)
          : end - start <= MAX_WORD_LENGTH && mayBeFunctionWord(lower, start, end)
            ? languagesOfWord(lower.slice(start, end))
            : undefined;
      if (langs) visit(langs);
    }
    if (end >= n) return;
    start = end + 1;
    while (start < n && isSpace(lower.charCodeAt(start))) start++;
  }
}

/** Words read at most: a page's language shows in its first few thousand words. */
const MAX_WORDS = 4000;

/**
 * The language of a text: a code such as `en` or `de` for Latin-script text whose function words
 * agree, a writing system (`japanese`, `cyrillic`, ...) for other scripts, or null when it cannot
 * tell (too short, or function words of several languages in equal measure).
 */
export function languageOf(text: string, minHits = 3): string | null {
  const script = dominantScript(profileOf(text.length > 40_000 ? text.slice(0, 40_000) : text), 12);
  if (script === null) return null;
  if (script !== 'latin') return script;
  const counts = new Map<string, number>();
  const count = (langs: readonly string[]): void => {
    for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1 / langs.length);
  };
  forEachFunctionWord((text.length > 40_000 ? text.slice(0, 40_000) : text).toLowerCase(), count);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] < minHits) return null;
  // A clear lead: a German page quoting one English phrase is still German.
  if (second && second[1] * 1.5 > first[1]) return null;
  return first[0];
}
