/**
 * Source families of corpus cases, for grouped validation: a family is held out whole, so the model
 * judging it has never seen its material. Every family id is read from the case's own `source` and
 * `notes` at run time; nothing here knows any corpus's sources or defacers.
 */

export interface FamilyInput {
  label: 'benign' | 'tampered';
  kind: string;
  source: string;
  notes: string;
}

/**
 * Benign: the page source. Tampered: the attack material's source (after `+`), and for a defacement
 * the defacer group the notes name, when they name one.
 */
export function familyOf(c: FamilyInput): string {
  if (c.label === 'benign') return `benign:${c.source || 'unknown'}`;
  const plus = c.source.indexOf('+');
  const material = (plus >= 0 ? c.source.slice(plus + 1) : c.source) || 'unknown';
  if (!c.kind.startsWith('deface-')) return material;
  const group = defacerGroup(c.notes);
  return group ? `${material}/${group}` : material;
}

const QUOTE = `['"‘’“”]`;
/** "by the defacer 'X'", "defacer: X". */
const NAMED = new RegExp(`\\bdefacer(?:\\s+group)?\\s*[:=]?\\s*${QUOTE}([^'"‘’“”]+)${QUOTE}`, 'i');
/** A notification's author: "notified 2025-02-26 by X". */
const NOTIFIED = /\bnotified\b[^.;)]*?\bby\s+([^.,;:)'"]+)/i;
/** A defacer's own signature in a quoted title or headline: "Hacked By X", "Pwned by X". */
const SIGNED = new RegExp(
  `${QUOTE}[^'"‘’“”]*?\\b(?:hacked|h4cked|hacket|pwned|pawned|owned|defaced|touched|t0uch|touch|blocked)\\s+by\\s+([^'"‘’“”]+)${QUOTE}`,
  'i',
);

/** The defacer group named in a case's notes, normalised (case, punctuation, co-signers dropped), or null. */
export function defacerGroup(notes: string): string | null {
  for (const re of [NAMED, NOTIFIED, SIGNED]) {
    const m = re.exec(notes);
    const name = m?.[1] ? normaliseGroup(m[1]) : '';
    if (name) return name;
  }
  return null;
}

/** "./KeyzNet" → "keyznet"; "Al-Huwaiti & Team R70" → "al-huwaiti"; "rce#0001 / @rcegod" → "rce-0001". */
export function normaliseGroup(raw: string): string {
  // A quote cut at an apostrophe leaves a stray letter ("Junin-CLS I'm sorry" → "Junin-CLS I").
  const first =
    raw
      .trim()
      .replace(/\s+\S$/u, '')
      .split(/\s+(?:&|&amp;|x|ft\.?|feat\.?|and|\/|\||-|–|—)\s+|\s*[|,]\s*/i)[0] ?? '';
  return first
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Family sizes, largest first (ties by name), for printing. */
export function familySizes(families: Iterable<string>): Array<[string, number]> {
  const sizes = new Map<string, number>();
  for (const f of families) sizes.set(f, (sizes.get(f) ?? 0) + 1);
  return [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
