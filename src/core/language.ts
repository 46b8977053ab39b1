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
  return (
    WORD_LANGS.get(token) ?? (edgePunctuation(token) ? WORD_LANGS.get(token.replace(EDGE_PUNCTUATION, '')) : undefined)
  );
}

/** Every function word, for tests. */
export function functionWords(): string[] {
  return [...WORD_LANGS.keys()];
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
  const lower = (text.length > 40_000 ? text.slice(0, 40_000) : text).toLowerCase();
  const count = (token: string): void => {
    const langs = languagesOfWord(token);
    if (!langs) return;
    for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1 / langs.length);
  };
  forEachWord(lower, MAX_WORDS, count, mayBeFunctionWord);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] < minHits) return null;
  // A clear lead: a German page quoting one English phrase is still German.
  if (second && second[1] * 1.5 > first[1]) return null;
  return first[0];
}
