/**
 * Words defacers sign with, in the languages they sign in. Matched case-insensitively on visible text
 * with leetspeak folded. Phrases, not single words: "hacked" alone appears in real security news.
 */
export const PHRASES = [
  'hacked by',
  'defaced by',
  'pwned by',
  'hacked and defaced',
  'greetz',
  'greets to',
  'security is low',
  'your security is',
  'security is just a dream',
  'we are anonymous',
  'expect us',
  'cyber army',
  'hacker team',
  'sorry admin',
  'admin plz',
  'hacked', // weak alone: only counted in titles and headings, see `findDefacerPhrases`
  '被黑',
  '黑客',
  '骇客',
  'ハッキングされ',
  'ハッキングしました',
  'ハッカー集団',
  'diretas por',
  'hackeado por',
  'hackeado',
  'pirater par',
  'piraté par',
  'dihack',
  'di hack oleh',
  'tersakiti',
  'взломан',
  'hacklend',
  'hacklenmi',
];

const WEAK = new Set(['hacked', 'hackeado']);

/** Latin phrases match whole words only ("expect us" is not in "expect users"); CJK has no word breaks. */
const MATCHERS = PHRASES.map((p) => ({
  phrase: p,
  re: /^[\x20-\x7e]+$/.test(p) ? new RegExp(`(?<![a-z])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`) : null,
}));

const LEET: Readonly<Record<string, string>> = {
  '4': 'a',
  '@': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  '5': 's',
  $: 's',
  '7': 't',
};

/** Undo the usual leetspeak so `h4ck3d by` reads as `hacked by`. One pass: this runs on every new block. */
export function foldLeet(s: string): string {
  return s.toLowerCase().replace(/[4@31!05$7]|\s+/g, (m) => LEET[m] ?? ' ');
}

/**
 * Every phrase in one alternation, as a cheap first test: almost no block contains any of them, and
 * one pass over the text is far cheaper than one per phrase.
 */
const ANY_PHRASE = new RegExp(PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** The letters leetspeak writes otherwise (the inverse of LEET): `a` may be written `4` or `@`. */
const LEET_FORMS: Readonly<Record<string, string>> = (() => {
  const forms: Record<string, string> = {};
  for (const [leet, letter] of Object.entries(LEET)) forms[letter] = (forms[letter] ?? letter) + leet;
  return forms;
})();

/**
 * The phrases a quick test needs: one that holds another ("hacked by" holds "hacked") is left out,
 * since the shorter one matches wherever it does.
 */
const GATE_PHRASES = PHRASES.filter((p) => !PHRASES.some((q) => q !== p && p.includes(q)));

/** A phrase's characters as they may read on text that is only lower-cased (see ANY_PHRASE_UNFOLDED). */
function unfoldedTokens(phrase: string): string[] {
  return [...phrase].map((ch) => {
    if (ch === ' ') return '\\s+';
    const forms = LEET_FORMS[ch];
    return forms ? `[${forms.replace(/[\\^$\]-]/g, '\\$&')}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
}

/**
 * `ANY_PHRASE` as it reads on text that is only lower-cased, not folded: each letter leetspeak may
 * replace is a class of its forms (`[a4@]`), each space any run of whitespace. It matches the
 * lower-cased text exactly when `ANY_PHRASE` matches its folding (folding maps character by
 * character, and a whitespace run to one space), so nearly every block, which holds no phrase, is
 * ruled out without building its folded copy: folding every new block was a fifth of judgement.
 *
 * It is only ever asked whether it matches, so it is written for that: of GATE_PHRASES only, which
 * share their beginnings (`h[a4@]ck(?:…)`, one branch instead of five). Scanning a page's whole
 * text on a first sight, the engine then tries a dozen branches at each character instead of 33.
 * A test compares it with the plain alternation of every phrase on random text.
 */
export const ANY_PHRASE_UNFOLDED = new RegExp(prefixTree(GATE_PHRASES.map(unfoldedTokens)).join('|'));

/**
 * The branches of a pattern that matches where one of the token sequences does: sequences with the
 * same first token share one branch.
 */
function prefixTree(sequences: string[][]): string[] {
  const byFirst = new Map<string, string[][]>();
  for (const [first, ...rest] of sequences) {
    if (first !== undefined) byFirst.set(first, [...(byFirst.get(first) ?? []), rest]);
  }
  return [...byFirst].map(([first, rests]) => {
    // A sequence that ends here matches wherever the longer ones do (none does, as used above).
    if (rests.some((r) => r.length === 0)) return first;
    const branches = prefixTree(rests);
    if (branches.length <= 1) return first + (branches[0] ?? '');
    return `${first}(?:${branches.join('|')})`;
  });
}

/**
 * The characters other than a letter's own upper case whose lower case is that letter: only the
 * Kelvin sign, `k`. A test checks this over every character of the Basic Multilingual Plane.
 */
const OTHER_UPPER: Readonly<Record<string, string>> = { k: '\u212a' };

/**
 * The only character whose lower case is longer than itself: `İ` lower-cases to `i` and a combining
 * dot, so text holding it is lower-cased first (`toLowerCase` maps every other character to one).
 */
const LONGER_IN_LOWER_CASE = '\u0130';

/** The characters whose lower case is `ch` (`ch` itself included). */
export function caseForms(ch: string): string {
  const upper = ch.toUpperCase();
  const own = upper !== ch && upper.length === 1 && upper.toLowerCase() === ch ? upper : '';
  return ch + own + (OTHER_UPPER[ch] ?? '');
}

/** A phrase's characters as they may read on text as it is, in any case (see ANY_PHRASE_ANY_CASE). */
function anyCaseTokens(phrase: string): string[] {
  return [...phrase].map((ch) => {
    if (ch === ' ') return '\\s+';
    const forms = [...(LEET_FORMS[ch] ?? ch)].map(caseForms).join('');
    return forms.length > 1 ? `[${forms.replace(/[\\^$\]-]/g, '\\$&')}]` : forms.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
}

/**
 * ANY_PHRASE_UNFOLDED for text that is not lower-cased: each class also holds the characters whose
 * lower case is in it (`[aA4@]`). Lower-casing maps every character but one to one character in its
 * place, so this matches a text exactly where ANY_PHRASE_UNFOLDED matches its lower case; text with
 * that one character (LONGER_IN_LOWER_CASE) is lower-cased as before. A first sight tests all of a
 * page's visible text, where lower-casing it (on text with any non-Latin-1 character, most of the
 * corpus's pages) cost more than the matching itself. A test compares the two on random text.
 */
export const ANY_PHRASE_ANY_CASE = new RegExp(prefixTree(GATE_PHRASES.map(anyCaseTokens)).join('|'));

/**
 * False when no defacer phrase can be in `text`: then `findDefacerPhrases` finds none in it nor in
 * any part of it.
 */
export function mayHoldDefacerPhrase(text: string): boolean {
  // One scan for both: a text without a phrase and without `İ` (nearly every block) is ruled out
  // without a second scan looking for `İ`; a match in one holding `İ` is checked on its lower case.
  if (!ANY_PHRASE_OR_LONGER.test(text)) return false;
  return text.includes(LONGER_IN_LOWER_CASE) ? ANY_PHRASE_UNFOLDED.test(text.toLowerCase()) : true;
}

/** ANY_PHRASE_ANY_CASE, or LONGER_IN_LOWER_CASE anywhere. */
const ANY_PHRASE_OR_LONGER = new RegExp(`${ANY_PHRASE_ANY_CASE.source}|${LONGER_IN_LOWER_CASE}`);

/** Defacer phrases found in the text. `strongOnly` leaves out words that are weak on their own. */
export function findDefacerPhrases(text: string, strongOnly: boolean): string[] {
  if (!mayHoldDefacerPhrase(text)) return [];
  return phrasesInFolded(foldLeet(text), strongOnly);
}

/** Defacer phrases in text already folded by `foldLeet` (the matching itself, without the quick check). */
export function phrasesInFolded(folded: string, strongOnly: boolean): string[] {
  if (!ANY_PHRASE.test(folded)) return [];
  return MATCHERS.filter(
    (m) => (!strongOnly || !WEAK.has(m.phrase)) && (m.re ? m.re.test(folded) : folded.includes(m.phrase)),
  ).map((m) => m.phrase);
}

/** True when the only phrases found are ones that are weak on their own. */
export function onlyWeak(found: string[]): boolean {
  return found.every((f) => WEAK.has(f));
}

/**
 * The register of a defacer's message, as separate weak signals: none names a group or a person, and
 * none is enough alone (security pages say "hacked", companies have teams, people shout). Each is a
 * family of generic words or habits, in the languages defacers write in.
 */
const REGISTER: readonly { signal: string; re: RegExp }[] = [
  // Words of the act, leetspeak folded first (`foldLeet`), in several languages.
  {
    signal: 'words of the act (hacked, pwned, defaced…)',
    re: /(?<![a-z])(?:hacked|hackers?|pwned|pawned|defaced?|defacer|rooted|hacklend\w*|hackeado|hackead[ao]s|dihack|diretas|peretas|piratée?|взлом\w*|اختراق|هک)(?![a-z])|ハッキング|黑客|被黑/,
  },
  // A crew's self-description: "cyber army", "… team", "greetz to…", "we are …".
  {
    signal: 'crew talk (cyber army, greetz, we are…)',
    re: /(?<![a-z])(?:cyber\s+(?:army|team|world|force|crew|squad|legion|army|warriors?|soldiers?|ghosts?|mafia)|(?:hacker|hacking|ghost|black\s*hat|underground)\s+(?:team|crew|squad|army|group|community)|greetz|greets|gr33tz|shout\s*outs?\s+to|special\s+thanks\s+to|thanks\s+to\s+all|we\s+are\s+(?:anonymous|legion|back|here)|was\s+here|touched\s+by)(?![a-z])/,
  },
  // Speaking to the owner: "sorry admin", "your security is…", "patch your…".
  {
    signal: 'words to the site owner (admin, your security…)',
    re: /(?<![a-z])(?:(?:dear|hi|hello|hey|sorry|plz|please)\s+admin|admin\s+(?:plz|please|sorry)|(?:your|ur)\s+(?:security|system|site|website|server)\s+(?:is|was|has|sucks)|(?:protect|secure|patch|fix)\s+(?:your|ur)\s+(?:website|site|system|server|security)|(?:better|your)\s+security\s*[!.]|looking\s+for\s+better\s+security|security\s+is\s+(?:low|weak|poor|bad|nothing|zero|a\s+(?:joke|dream|myth))|patch\s+your|fix\s+your\s+(?:security|site|system))(?![a-z])/,
  },
];

/** Handles to reach the author: messaging services, `name#1234` tags, ICQ numbers, `@name` (not e-mail addresses). */
const HANDLE =
  /(?:t\.me\/|telegram|icq\s*[:#]?\s*\d|discord|jabber|\bwhatsapp\s*:|(?<![\w.])[a-z][\w.]{1,30}#\d{4}(?!\d)|(?<![\w.@])@[a-z][\w.]{2,30}(?![\w@]))/i;
const LAUGHTER = /(?<![a-z])(?:(?:ha){3,}h?|(?:he){3,}|(?:wk){3,}|k{5,}|(?:ja){3,}|(?:xi){3,})(?![a-z])/i;

/**
 * Which register signals a text shows: defacers' words, crew talk, words to the owner, contact
 * handles, laughter; and, when one of those is there, shouting (mostly capitals) and strings of
 * exclamation marks.
 */
export function defacerRegister(text: string): string[] {
  // `!` is a letter in leetspeak (`h!dden`) but mostly punctuation after a word ("pwned!!!").
  const folded = foldLeet(text.replace(/!+(?=\s|$)/g, ' '));
  const out = REGISTER.filter((r) => r.re.test(folded)).map((r) => r.signal);
  if (HANDLE.test(text)) out.push('a contact handle');
  if (LAUGHTER.test(text)) out.push('laughter');
  // Headings shout and notices exclaim: these only add to a message that already sounds like one.
  if (out.length === 0) return out;
  if (/!{3,}|(?:![^!]{0,40}){4,}/.test(text)) out.push('a string of exclamation marks');
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters >= 16 && capitals / letters >= 0.6) out.push('shouting (mostly capitals)');
  return out;
}
