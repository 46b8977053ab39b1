/** The message catalogue: reasons, severities, states, kinds, titles and notification texts in English and Japanese. */
export { EVENT_TEXT, KIND_TEXT, NOTIFICATION_TEXT, SEVERITY_TEXT, STATE_TEXT, TITLE_TEXT } from './catalogue.ts';
export { REASON_TEXT } from './reasons.ts';
export {
  eventSentence,
  eventWord,
  fill,
  incidentTitle,
  kindText,
  reasonText,
  severityText,
  stateText,
} from './format.ts';
export { LANGUAGES, type Bilingual, type Language, type ReasonLike } from './types.ts';
