/**
 * How each kind of channel words a notification. Pure and total: titles and messages come from
 * captured pages (hostile), so they are only ever placed as data (JSON strings, escaped markup,
 * RFC 5424 escaped text), never interpreted.
 */
import { TEST_EVENT, type NotificationMessage } from './types.ts';

const SEVERITY_WORD = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' } as const;
const COLOUR = { low: '#439fe0', medium: '#daa038', high: '#e8690b', critical: '#d00000' } as const;

export function subjectOf(m: NotificationMessage): string {
  const what =
    m.event === 'incident.opened'
      ? 'NEW'
      : m.event === TEST_EVENT
        ? 'TEST'
        : m.event.slice('incident.'.length).toUpperCase();
  return oneLine(`[Mamori ${SEVERITY_WORD[m.severity]}] ${what}: ${m.title}`, 200);
}

/** The webhook body: the message itself, versioned so receivers can evolve. */
export function webhookBody(m: NotificationMessage): string {
  return JSON.stringify({ version: 1, ...m });
}

/** Slack's incoming-webhook shape (also what Mattermost and Rocket.Chat accept). */
export function slackBody(m: NotificationMessage): string {
  return JSON.stringify({
    text: subjectOf(m),
    attachments: [
      {
        color: COLOUR[m.severity],
        title: oneLine(m.title, 200),
        ...(m.link ? { title_link: m.link } : {}),
        text: lines(m).join('\n'),
        ts: Math.floor(m.at / 1000),
      },
    ],
  });
}

/** A Teams incoming-webhook MessageCard. */
export function teamsBody(m: NotificationMessage): string {
  return JSON.stringify({
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: subjectOf(m),
    themeColor: COLOUR[m.severity].slice(1),
    title: subjectOf(m),
    sections: [
      {
        text: escapeMarkdown(m.message),
        facts: facts(m).map(([name, value]) => ({ name, value: escapeMarkdown(value) })),
      },
    ],
    ...(m.link
      ? { potentialAction: [{ '@type': 'OpenUri', name: 'Open in Mamori', targets: [{ os: 'default', uri: m.link }] }] }
      : {}),
  });
}

export function emailText(m: NotificationMessage): string {
  // Without a public address there is no link to give: say why, so the admin knows what to set.
  const where =
    m.link || m.event === TEST_EVENT ? [] : ['No link to the dashboard: server.publicUrl is not configured.'];
  return [...lines(m), '', `Incident ${m.incidentId} (${m.scope}), event ${m.eventId}.`, ...where].join('\n');
}

const SYSLOG_SEVERITY = { low: 5, medium: 4, high: 3, critical: 2 } as const;

/** One RFC 5424 line: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`. */
export function syslogLine(m: NotificationMessage, facility: number, hostname: string): string {
  const pri = facility * 8 + SYSLOG_SEVERITY[m.severity];
  const sd = `[mamori@32473 incident="${sdValue(String(m.incidentId))}" event="${sdValue(m.event)}" severity="${m.severity}" kind="${m.kind}" site="${sdValue(m.site.origin)}" org="${sdValue(m.organisation.slug)}"${m.link ? ` link="${sdValue(m.link)}"` : ''}]`;
  const host = hostname.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';
  return `<${pri}>1 ${new Date(m.at).toISOString()} ${host} mamori - ${m.event.slice(0, 32)} ${sd} ${oneLine(`${m.title}: ${m.message}`, 1500)}`;
}

function facts(m: NotificationMessage): [string, string][] {
  return [
    ['Severity', m.severity],
    ['Kind', m.kind],
    ['State', m.state],
    ['Organisation', m.organisation.name],
    ['Site', `${m.site.name} (${m.site.origin})`],
    ...(m.pageUrl ? [['Page', m.pageUrl] as [string, string]] : []),
    ['When', new Date(m.at).toISOString()],
    ...(m.campaignId !== null ? [['Campaign', String(m.campaignId)] as [string, string]] : []),
    ...(m.link ? [['Dashboard', m.link] as [string, string]] : []),
  ];
}

function lines(m: NotificationMessage): string[] {
  return [
    oneLine(m.message, 1000),
    '',
    ...facts(m).map(([k, v]) => `${k}: ${oneLine(v, 500)}`),
    ...m.reasons.slice(0, 5).map((r) => `- ${r.code} (${r.severity}): ${oneLine(r.message, 300)}`),
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
