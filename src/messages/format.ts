/**
 * Reading the catalogue: a code or word in one language, with `{name}` placeholders filled. Pure and
 * small, so the dashboard can bundle it with the data.
 */
import { EVENT_TEXT, KIND_TEXT, SEVERITY_TEXT, STATE_TEXT, TITLE_TEXT } from './catalogue.ts';
import { REASON_TEXT } from './reasons.ts';
import type { Bilingual, Language, ReasonLike } from './types.ts';

/** Fills `{name}` from values; a placeholder without a value stays visible rather than vanishing. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function pick(table: Record<string, Bilingual>, key: string, language: Language): string | undefined {
  return Object.hasOwn(table, key) ? table[key]![language] : undefined;
}

/**
 * A reason's sentence; a code the catalogue does not know keeps the detector's English sentence. A
 * code ending in a number the config chose (`domain-expires-within-14`) is read from its family's
 * entry, keyed with `{days}`, the number filled in.
 */
export function reasonText(reason: ReasonLike, language: Language): string {
  const own = pick(REASON_TEXT, reason.code, language);
  if (own !== undefined) return own;
  const numbered = /^(.+)-(\d+)$/.exec(reason.code);
  const family = numbered ? pick(REASON_TEXT, `${numbered[1]!}-{days}`, language) : undefined;
  return family !== undefined ? fill(family, { days: numbered![2]! }) : reason.message;
}

export function severityText(severity: string, language: Language): string {
  return pick(SEVERITY_TEXT, severity, language) ?? severity;
}

export function stateText(state: string, language: Language): string {
  return pick(STATE_TEXT, state, language) ?? state;
}

export function kindText(kind: string, language: Language): string {
  return pick(KIND_TEXT, kind, language) ?? kind;
}

/**
 * An incident's title in a language. Titles are stored in English (`<url> is <kind>`, `<site>: <kind>`,
 * written by src/core/incidents); this reads the target and kind back out of them. A title of another
 * shape (a campaign's, an older one) is shown as stored.
 */
export function incidentTitle(title: string, language: Language): string {
  for (const [kind, words] of Object.entries(KIND_TEXT)) {
    for (const [scope, shape] of Object.entries(TITLE_TEXT)) {
      const suffix = fill(shape.en, { target: '', kind: words.en });
      if (title.endsWith(suffix) && title.length > suffix.length) {
        const target = title.slice(0, -suffix.length);
        return fill(TITLE_TEXT[scope as keyof typeof TITLE_TEXT][language], { target, kind: kindText(kind, language) });
      }
    }
  }
  return title;
}

/** The short word for a notification's event (`incident.opened` → NEW / 新規). */
export function eventWord(eventType: string, language: Language): string {
  return (
    pick(Object.fromEntries(Object.entries(EVENT_TEXT).map(([k, v]) => [k, v.word])), eventType, language) ??
    eventType.toUpperCase()
  );
}

/** The notification's first sentence for an event about an incident titled `title` (already translated). */
export function eventSentence(eventType: string, title: string, language: Language): string | undefined {
  const entry = EVENT_TEXT[eventType];
  return entry ? fill(entry.sentence[language], { title }) : undefined;
}
