/**
 * Words defacers sign with, in the languages they sign in. Matched case-insensitively on visible text
 * with leetspeak folded. Phrases, not single words: "hacked" alone appears in real security news.
 */
const PHRASES = [
  'hacked by', 'defaced by', 'owned by', 'pwned by', 'hacked and defaced', 'was here', 'greetz', 'greets to',
  'security is low', 'your security is', 'patch your', 'just for fun', 'we are anonymous', 'expect us',
  'cyber army', 'cyber team', 'hacker team', 'hacktivist', 'sorry admin', 'hi admin', 'admin plz',
  'hacked', // weak alone: only counted in titles and headings, see `findDefacerPhrases`
  '被黑', '黑客', '骇客', 'ハッキングされ', 'ハッキングしました', 'ハッカー集団',
  'diretas por', 'hackeado por', 'hackeado', 'pirater par', 'piraté par', 'dihack', 'di hack oleh',
  'tersakiti', 'телеграм', 'взломан', 'hacklend', 'hacklenmi', 'hackeado por', 'security is just a dream',
];

const WEAK = new Set(['hacked', 'hackeado']);

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
  return PHRASES.filter((p) => (!strongOnly || !WEAK.has(p)) && folded.includes(p));
}
