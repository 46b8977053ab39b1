/**
 * The incident model's words in the dashboard's locale, from the catalogue the server's notifications
 * use too (src/messages: data and pure functions only, so bundling it brings no server code).
 */
import {
  eventWord,
  incidentTitle,
  kindText,
  reasonText,
  severityText,
  stateText,
  type ReasonLike,
} from '../../../src/messages/index.ts';
import type { Locale } from './translate.ts';

export interface DomainText {
  reason: (reason: ReasonLike) => string;
  severity: (severity: string) => string;
  state: (state: string) => string;
  kind: (kind: string) => string;
  title: (title: string) => string;
  /** A timeline event's type: the code itself in English (as the API and logs name it), a word in Japanese. */
  event: (type: string) => string;
}

export function domainText(locale: Locale): DomainText {
  return {
    reason: (r) => reasonText(r, locale),
    severity: (s) => severityText(s, locale),
    state: (s) => stateText(s, locale),
    kind: (k) => kindText(k, locale),
    title: (t) => incidentTitle(t, locale),
    event: (type) => (locale === 'en' ? type : eventWord(type, locale)),
  };
}
