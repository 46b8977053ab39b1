import { describe, expect, it } from 'vitest';
import { emailText, oneLine, slackBody, subjectOf, syslogLine, teamsBody, webhookBody } from './format.ts';
import { sampleMessage } from './sample-message.ts';

describe('notification formats', () => {
  const m = sampleMessage();

  it('words a subject on one line', () => {
    expect(subjectOf(m)).toBe('[Mamori CRITICAL] NEW: 横浜地方法務局: tampered with');
    expect(subjectOf(sampleMessage({ event: 'incident.restored', title: 'a\r\nBcc: x@example.org' }))).toBe(
      '[Mamori CRITICAL] RESTORED: a Bcc: x@example.org',
    );
    expect(
      subjectOf(sampleMessage({ event: 'mamori.test', severity: 'low', title: 'Test notification for channel "soc"' })),
    ).toBe('[Mamori LOW] TEST: Test notification for channel "soc"');
  });

  it('carries the dashboard link in every format, and says in mail when there is none', () => {
    const link = 'https://mamori.example.go.jp/incidents/12';
    const linked = sampleMessage({ link });
    expect(emailText(linked)).toContain(`Dashboard: ${link}`);
    expect((JSON.parse(webhookBody(linked)) as { link: string }).link).toBe(link);
    const slack = JSON.parse(slackBody(linked)) as { attachments: { title_link: string }[] };
    expect(slack.attachments[0]!.title_link).toBe(link);
    const teams = JSON.parse(teamsBody(linked)) as { potentialAction: { targets: { uri: string }[] }[] };
    expect(teams.potentialAction[0]!.targets[0]!.uri).toBe(link);
    expect(syslogLine(linked, 1, 'h')).toContain(`link="${link}"`);
    expect(emailText(sampleMessage({ link: null }))).toContain('server.publicUrl is not configured');
  });

  it('sends the whole message as versioned JSON to webhooks', () => {
    expect(JSON.parse(webhookBody(m))).toEqual({ version: 1, ...m });
  });

  it('builds Slack and Teams bodies with the facts, markdown neutralised for Teams', () => {
    const slack = JSON.parse(slackBody(m)) as { text: string; attachments: { text: string; color: string }[] };
    expect(slack.text).toBe(subjectOf(m));
    expect(slack.attachments[0]!.text).toContain('Organisation: 法務省');
    expect(slack.attachments[0]!.color).toBe('#d00000');
    const teams = JSON.parse(teamsBody(sampleMessage({ message: 'see [here](http://evil.example)' }))) as {
      sections: { text: string }[];
    };
    expect(teams.sections[0]!.text).toBe('see \\[here\\]\\(http://evil.example\\)');
  });

  it('writes e-mail text with the reasons', () => {
    const text = emailText(m);
    expect(text).toContain('- defacer-headline (high): The headline reads like a signature.');
    expect(text).toContain('Page: http://127.0.0.1:8000/procedures/');
  });

  it('writes one RFC 5424 line with escaped structured data and no line breaks', () => {
    const line = syslogLine(sampleMessage({ site: { id: 2, name: 'x', origin: 'http://a"]b' } }), 16, 'mon-1');
    expect(line).toMatch(
      /^<130>1 2026-12-02T01:02:03\.000Z mon-1 mamori - incident\.opened \[mamori@32473 incident="12" /,
    );
    expect(line).toContain('site="http://a\\"\\]b"');
    expect(line).not.toMatch(/[\r\n]/);
  });

  it('flattens control characters and truncates', () => {
    expect(oneLine('a\u0000b\nc\u2028d', 100)).toBe('a b c d');
    expect(oneLine('abcdef', 4)).toBe('abc…');
  });
});
