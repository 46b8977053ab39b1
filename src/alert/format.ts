/**
 * How each kind of channel words a notification. Pure and total: titles and messages come from
 * captured pages (hostile), so they are only ever placed as data (JSON strings, escaped markup,
 * RFC 5424 escaped text), never interpreted.
 */
import { NOTIFICATION_TEXT, type Language } from '../messages/index.ts';
import { TEST_EVENT, type NotificationMessage } from './types.ts';
import { wordingOf } from './wording.ts';
const COLOUR = { low: '#439fe0', medium: '#daa038', high: '#e8690b', critical: '#d00000' } as const;

export function subjectOf(m: NotificationMessage, language: Language = 'en'): string {
  const w = wordingOf(m, language);
  return oneLine(`[Mamori ${w.severity}] ${w.event}: ${w.title}`, 200);
}

/**
 * The webhook body: the message itself, versioned so receivers can evolve. A channel in another
 * language than English also gets `language` and `text`, the words a person reads; the codes stay as they are.
 */
export function webhookBody(m: NotificationMessage, language: Language = 'en'): string {
  if (language === 'en') return JSON.stringify({ version: 1, ...m });
  const w = wordingOf(m, language);
  const text = {
    subject: subjectOf(m, language),
    title: w.title,
    message: w.message,
    reasons: w.reasons.map((r) => ({ code: r.code, text: r.text })),
  };
  return JSON.stringify({ version: 1, ...m, language, text });
}

/** Slack's incoming-webhook shape (also what Mattermost and Rocket.Chat accept). */
export function slackBody(m: NotificationMessage, language: Language = 'en'): string {
  const w = wordingOf(m, language);
  return JSON.stringify({
    text: subjectOf(m, language),
    attachments: [
      {
        color: COLOUR[m.severity],
        title: oneLine(w.title, 200),
        ...(m.link ? { title_link: m.link } : {}),
        text: lines(m, language).join('\n'),
        ts: Math.floor(m.at / 1000),
      },
    ],
  });
}

/** A Teams incoming-webhook MessageCard. */
export function teamsBody(m: NotificationMessage, language: Language = 'en'): string {
  const w = wordingOf(m, language);
  return JSON.stringify({
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: subjectOf(m, language),
    themeColor: COLOUR[m.severity].slice(1),
    title: subjectOf(m, language),
    sections: [
      {
        text: escapeMarkdown(w.message),
        facts: w.facts.map(([name, value]) => ({ name, value: escapeMarkdown(value) })),
      },
    ],
    ...(m.link
      ? {
          potentialAction: [
            {
              '@type': 'OpenUri',
              name: NOTIFICATION_TEXT.openInMamori[language],
              targets: [{ os: 'default', uri: m.link }],
            },
          ],
        }
      : {}),
  });
}

export function emailText(m: NotificationMessage, language: Language = 'en'): string {
  // Without a public address there is no link to give: say why, so the admin knows what to set.
  const where = m.link || m.event === TEST_EVENT ? [] : [NOTIFICATION_TEXT.noLink[language]];
  return [...lines(m, language), '', wordingOf(m, language).footer, ...where].join('\n');
}

const SYSLOG_SEVERITY = { low: 5, medium: 4, high: 3, critical: 2 } as const;

/** One RFC 5424 line: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`. */
export function syslogLine(
  m: NotificationMessage,
  facility: number,
  hostname: string,
  language: Language = 'en',
): string {
  const w = wordingOf(m, language);
  const pri = facility * 8 + SYSLOG_SEVERITY[m.severity];
  const sd = `[mamori@32473 incident="${sdValue(String(m.incidentId))}" event="${sdValue(m.event)}" severity="${m.severity}" kind="${m.kind}" site="${sdValue(m.site.origin)}" org="${sdValue(m.organisation.slug)}"${m.link ? ` link="${sdValue(m.link)}"` : ''}]`;
  const host = hostname.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';
  return `<${pri}>1 ${new Date(m.at).toISOString()} ${host} mamori - ${m.event.slice(0, 32)} ${sd} ${oneLine(`${w.title}: ${w.message}`, 1500)}`;
}

function lines(m: NotificationMessage, language: Language): string[] {
  const w = wordingOf(m, language);
  return [
    oneLine(w.message, 1000),
    '',
    ...w.facts.map(([k, v]) => `${k}: ${oneLine(v, 500)}`),
    ...w.reasons.map((r) =>
      language === 'en'
        ? `- ${r.code} (${r.severity}): ${oneLine(r.text, 300)}`
        : `- ${r.code}（${r.severity}）: ${oneLine(r.text, 300)}`,
    ),
  ];
}

/** No control characters or line breaks (a captured title must not forge a header or a syslog line). */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** RFC 5424 PARAM-VALUE: escape `"`, `\` and `]`. */
function sdValue(text: string): string {
  return oneLine(text, 200).replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** Teams renders markdown: neutralise it so a page's text cannot make links or formatting. */
function escapeMarkdown(text: string): string {
  return oneLine(text, 1000).replace(/[\\`*_{}[\]()#+!<>|~-]/g, (c) => `\\${c}`);
}
