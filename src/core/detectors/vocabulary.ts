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

const LEET: Readonly<Record<string, string>> = { '4': 'a', '@': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '5': 's', $: 's', '7': 't' };

/** Undo the usual leetspeak so `h4ck3d by` reads as `hacked by`. One pass: this runs on every new block. */
export function foldLeet(s: string): string {
  return s.toLowerCase().replace(/[4@31!05$7]|\s+/g, (m) => LEET[m] ?? ' ');
}

/**
 * Every phrase in one alternation, as a cheap first test: almost no block contains any of them, and
 * one pass over the text is far cheaper than one per phrase.
 */
const ANY_PHRASE = new RegExp(PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** Defacer phrases found in the text. `strongOnly` leaves out words that are weak on their own. */
export function findDefacerPhrases(text: string, strongOnly: boolean): string[] {
  const folded = foldLeet(text);
  if (!ANY_PHRASE.test(folded)) return [];
  return MATCHERS.filter((m) => (!strongOnly || !WEAK.has(m.phrase)) && (m.re ? m.re.test(folded) : folded.includes(m.phrase))).map((m) => m.phrase);
}

/** True when the only phrases found are ones that are weak on their own. */
export function onlyWeak(found: string[]): boolean {
  return found.every((f) => WEAK.has(f));
}
