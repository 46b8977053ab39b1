/** A channel's `language`: from the config file through the sender to a real receiver on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSchema } from '../config/alerts.ts';
import { INCIDENT_EVENT_TYPES } from '../core/incidents/index.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import { EVENT_TEXT, REASON_TEXT } from '../messages/index.ts';
import { createSender } from './alerts.ts';
import { emailText, subjectOf } from './format.ts';
import { sampleMessage } from './sample-message.ts';
import {
  startSmtpReceiver,
  startUdpSyslog,
  startWebhookReceiver,
  waitFor,
  type SmtpReceiver,
  type SyslogReceiver,
  type WebhookReceiver,
} from './test-receivers.ts';

const LOOPBACK: NetworkPolicy = { allowLoopback: true, allowPrivate: false, allowCidrs: [] };
const clock = { now: () => 1_760_000_000_000 };
const headline = REASON_TEXT['defacer-headline']!;

/** The text of a single-part mail: RFC 2047 words in the headers, base64 or quoted-printable in the body. */
function decodeMail(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const words = (text: string) =>
    text.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_all, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
    );
  const subject = words(/^subject: (.*)$/im.exec(unfolded)?.[1] ?? '');
  const encoding = /^content-transfer-encoding: (.*)$/im.exec(unfolded)?.[1]?.trim().toLowerCase();
  const bodyRaw = rest.join('\n\n');
  const body =
    encoding === 'base64'
      ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qp(bodyRaw.replace(/=\r?\n/g, ''))
        : bodyRaw;
  return { subject, body };
}

function qp(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? /^[0-9A-F]{2}/i.exec(text.slice(i + 1)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('a channel’s language', () => {
  let hook: WebhookReceiver;
  let smtp: SmtpReceiver;
  let syslog: SyslogReceiver;
  beforeAll(async () => {
    [hook, smtp, syslog] = await Promise.all([startWebhookReceiver(), startSmtpReceiver(), startUdpSyslog()]);
  });
  afterAll(async () => {
    await Promise.all([hook.close(), smtp.close(), syslog.close()]);
  });

  it('is ja or en in the config file, English when absent', () => {
    const base = { name: 'soc', type: 'webhook', url: 'http://127.0.0.1:1/hook' };
    expect(channelSchema.parse({ ...base, language: 'ja' })).toMatchObject({ language: 'ja' });
    expect(channelSchema.parse(base)).not.toHaveProperty('language');
    const wrong = channelSchema.safeParse({ ...base, language: 'fr' });
    expect(wrong.success).toBe(false);
    expect(JSON.stringify(wrong.error?.issues)).toContain('must be one of ja, en');
  });

  it('words a webhook in Japanese and keeps the codes', async () => {
    const channel = channelSchema.parse({ name: 'soc-ja', type: 'webhook', url: hook.url, language: 'ja' });
    const sender = createSender(channel, LOOPBACK, 3000, 'Mamori-test', clock);
    expect(await sender.send(sampleMessage())).toEqual({ ok: true });
    await sender.close();
    const body = JSON.parse(hook.received.at(-1)!.body) as {
      language: string;
      event: string;
      reasons: { code: string }[];
      text: { subject: string; title: string; message: string; reasons: { code: string; text: string }[] };
    };
    expect(body.language).toBe('ja');
    expect(body.event).toBe('incident.opened');
    expect(body.text.title).toBe('横浜地方法務局: 改ざんを検知');
    expect(body.text.subject).toBe('[Mamori 緊急] 新規: 横浜地方法務局: 改ざんを検知');
    expect(body.text.reasons).toEqual([{ code: 'defacer-headline', text: headline.ja }]);
    expect(body.reasons[0]!.code).toBe('defacer-headline');
  });

  it('sends Japanese e-mail and syslog lines through real receivers', async () => {
    const mail = createSender(
      channelSchema.parse({
        name: 'mail-ja',
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        from: 'mamori@example.go.jp',
        to: ['soc@example.go.jp'],
        language: 'ja',
      }),
      LOOPBACK,
      5000,
      'Mamori-test',
      clock,
    );
    expect(await mail.send(sampleMessage())).toEqual({ ok: true });
    await mail.close();
    const { subject, body } = decodeMail(smtp.received.at(-1)!.raw);
    expect(subject).toBe('[Mamori 緊急] 新規: 横浜地方法務局: 改ざんを検知');
    expect(body).toContain('重大度: 緊急');
    expect(body).toContain('状態: 未対応');
    expect(body).toContain(`- defacer-headline（高）: ${headline.ja}`);

    const log = createSender(
      channelSchema.parse({ name: 'siem-ja', type: 'syslog', host: '127.0.0.1', port: syslog.port, language: 'ja' }),
      LOOPBACK,
      3000,
      'Mamori-test',
      clock,
    );
    expect(await log.send(sampleMessage())).toEqual({ ok: true });
    await log.close();
    await waitFor(() => syslog.received.length > 0, 10_000, 'a syslog datagram');
    expect(syslog.received.at(-1)).toContain('横浜地方法務局: 改ざんを検知: 新しいインシデントを検知しました');
  });

  it('has a Japanese word for every event, and English stays as the incident service wrote it', () => {
    for (const type of INCIDENT_EVENT_TYPES) {
      const m = sampleMessage({ event: `incident.${type}` });
      expect(subjectOf(m, 'ja')).toContain(`${EVENT_TEXT[type]!.word.ja}: `);
    }
    expect(subjectOf(sampleMessage())).toBe('[Mamori CRITICAL] NEW: 横浜地方法務局: tampered with');
    expect(emailText(sampleMessage())).toContain('- defacer-headline (high): The headline reads like a signature.');
  });
});
