/**
 * Words defacers sign with, in the languages they sign in. Matched case-insensitively on visible text
 * with leetspeak folded. Phrases, not single words: "hacked" alone appears in real security news.
 */
const PHRASES = [
  'hacked by', 'defaced by', 'pwned by', 'hacked and defaced', 'greetz', 'greets to', 'security is low',
  'your security is', 'security is just a dream', 'we are anonymous', 'expect us', 'cyber army', 'hacker team',
  'sorry admin', 'admin plz',
  'hacked', // weak alone: only counted in titles and headings, see `findDefacerPhrases`
  '被黑', '黑客', '骇客', 'ハッキングされ', 'ハッキングしました', 'ハッカー集団',
  'diretas por', 'hackeado por', 'hackeado', 'pirater par', 'piraté par', 'dihack', 'di hack oleh',
  'tersakiti', 'взломан', 'hacklend', 'hacklenmi',
];

const WEAK = new Set(['hacked', 'hackeado']);

/** Latin phrases match whole words only ("expect us" is not in "expect users"); CJK has no word breaks. */
const MATCHERS = PHRASES.map((p) => ({
  phrase: p,
  re: /^[\x20-\x7e]+$/.test(p) ? new RegExp(`(?<![a-z])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`) : null,
}));

/** Undo the usual leetspeak so `h4ck3d by` reads as `hacked by`. */
export function foldLeet(s: string): string {
  return s
    .toLowerCase()
    .replace(/4|@/g, 'a')
    .replace(/3/g, 'e')
    .replace(/1|!/g, 'i')
    .replace(/0/g, 'o')
    .replace(/5|\$/g, 's')
    .replace(/7/g, 't')
    .replace(/\s+/g, ' ');
}

/** Defacer phrases found in the text. `strongOnly` leaves out words that are weak on their own. */
export function findDefacerPhrases(text: string, strongOnly: boolean): string[] {
  const folded = foldLeet(text);
  return MATCHERS.filter((m) => (!strongOnly || !WEAK.has(m.phrase)) && (m.re ? m.re.test(folded) : folded.includes(m.phrase))).map((m) => m.phrase);
}

/** True when the only phrases found are ones that are weak on their own. */
export function onlyWeak(found: string[]): boolean {
  return found.every((f) => WEAK.has(f));
}
