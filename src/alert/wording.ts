/**
 * A notification's words in a channel's language, from the shared catalogue (src/messages). English
 * is the message as the incident service wrote it; Japanese is rebuilt from its codes (event, kind,
 * severity, state, reason codes) so both say the same thing. Pure.
 */
import {
  NOTIFICATION_TEXT,
  eventSentence,
  eventWord,
  fill,
  incidentTitle,
  kindText,
  reasonText,
  severityText,
  stateText,
  type Language,
} from '../messages/index.ts';
import { TEST_EVENT, type NotificationMessage } from './types.ts';

export interface Wording {
  /** The event as one word: NEW, RESTORED, … / 新規, 復旧, … */
  event: string;
  severity: string;
  title: string;
  /** The event's sentence. */
  message: string;
  facts: [string, string][];
  /** The reasons (at most five): code, severity and sentence in the language. */
  reasons: { code: string; severity: string; text: string }[];
  footer: string;
}

const SEVERITY_WORD = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' } as const;

function eventType(m: NotificationMessage): string {
  return m.event === TEST_EVENT ? 'test' : m.event.slice('incident.'.length);
}

export function wordingOf(m: NotificationMessage, language: Language): Wording {
  const type = eventType(m);
  const en = language === 'en';
  const title = en ? m.title : incidentTitle(m.title, language);
  const label = (key: keyof typeof NOTIFICATION_TEXT) => NOTIFICATION_TEXT[key][language];
  const facts: [string, string][] = [
    [label('severity'), en ? m.severity : severityText(m.severity, language)],
    [label('kind'), en ? m.kind : kindText(m.kind, language)],
    [label('state'), en ? m.state : stateText(m.state, language)],
    [label('organisation'), m.organisation.name],
    [label('site'), `${m.site.name} (${m.site.origin})`],
    ...(m.pageUrl ? [[label('page'), m.pageUrl] as [string, string]] : []),
    [label('when'), new Date(m.at).toISOString()],
    ...(m.campaignId !== null ? [[label('campaign'), String(m.campaignId)] as [string, string]] : []),
    ...(m.link ? [[label('dashboard'), m.link] as [string, string]] : []),
  ];
  const scope = label(m.scope === 'page' ? 'scopePage' : 'scopeSite');
  return {
    event: en ? (type === 'opened' ? 'NEW' : type.toUpperCase()) : eventWord(type, language),
    severity: en ? SEVERITY_WORD[m.severity] : severityText(m.severity, language),
    title,
    message: en ? m.message : (eventSentence(type, title, language) ?? m.message),
    facts,
    reasons: m.reasons.slice(0, 5).map((r) => ({
      code: r.code,
      severity: en ? r.severity : severityText(r.severity, language),
      text: en ? r.message : reasonText(r, language),
    })),
    footer: fill(label('footer'), { incident: m.incidentId, scope: en ? m.scope : scope, event: m.eventId }),
  };
}
