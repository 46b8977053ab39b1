/**
 * Finding names in free text in Japanese and English. Text and terms are folded with NFKC (full-width
 * Latin and half-width kana become their usual forms) and lower-cased. A term with a Latin letter or
 * digit at an edge must stand alone there ("moj" is not found in "mojo"), because English separates
 * words with spaces; a term written in kana or kanji is found inside longer text, because Japanese
 * does not.
 */

export function foldText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const WORDISH = /[a-z0-9]/;

/** Part of a longer word or name: a letter, digit, or a `.`, `-`, `_`, `/`, `@` inside a host or path. */
const JOINER = /[.\-_/@]/;
function joinedBefore(text: string, at: number): boolean {
  const c = text[at - 1] ?? ' ';
  return WORDISH.test(c) || (JOINER.test(c) && WORDISH.test(text[at - 2] ?? ' '));
}
function joinedAfter(text: string, at: number): boolean {
  const c = text[at] ?? ' ';
  // A full stop ends a sentence ("…the MOJ."); it joins only when a letter or digit follows ("moj.go.jp").
  return WORDISH.test(c) || (JOINER.test(c) && WORDISH.test(text[at + 1] ?? ' '));
}

/** Where `term` (already folded) occurs in `text` (already folded) as a whole term, or -1. */
export function findTerm(text: string, term: string): number {
  if (term.length === 0) return -1;
  const guardStart = WORDISH.test(term[0] ?? '');
  const guardEnd = WORDISH.test(term[term.length - 1] ?? '');
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    if (guardStart && joinedBefore(text, at)) continue;
    if (guardEnd && joinedAfter(text, at + term.length)) continue;
    return at;
  }
  return -1;
}

/** The terms of `terms` found in `text` (raw strings; folded here), in the order given, each once. */
export function termsIn(text: string, terms: readonly string[]): string[] {
  const folded = foldText(text);
  const found: string[] = [];
  for (const term of terms) {
    const t = foldText(term);
    if (t.length > 0 && !found.includes(term) && findTerm(folded, t) !== -1) found.push(term);
  }
  return found;
}

/** Operation hashtags as hacktivists announce them: `#OpJapan`, `#OpCopyright`, `＃OpX` (full-width too). */
export function operationHashtags(text: string): string[] {
  const tags = text.normalize('NFKC').match(/#op[\p{L}\p{N}_]{2,}/giu) ?? [];
  return [...new Set(tags.map((t) => t.toLowerCase()))];
}

/**
 * Host names mentioned in text: bare (`www.moj.go.jp`) or inside URLs. Only names with a dot and a
 * letter-only last label, so version numbers and times are not hosts.
 */
export function hostsIn(text: string): string[] {
  const folded = text.normalize('NFKC').toLowerCase();
  const found =
    folded.match(/(?<![a-z0-9.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])/g) ?? [];
  return [...new Set(found.map((h) => h.replace(/^www\./, '')))];
}

/** `http(s)://…` URLs in text, as written (trailing punctuation dropped). */
export function urlsIn(text: string): string[] {
  const found = text.normalize('NFKC').match(/https?:\/\/[^\s<>"'()「」『』、。]+/gi) ?? [];
  return [...new Set(found.map((u) => u.replace(/[.,;:!?]+$/, '')))];
}
