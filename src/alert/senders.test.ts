/** Each sender against a real receiver on loopback, and the SSRF guard in front of all of them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../fetch/types.ts';
import { createEmailSender } from './email-sender.ts';
import { createHttpSender, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './http-sender.ts';
import { sampleMessage } from './sample-message.ts';
import { createSyslogSender } from './syslog-sender.ts';
import {
  startSmtpReceiver,
  startTcpSyslog,
  startUdpSyslog,
  startWebhookReceiver,
  waitFor,
  type SmtpReceiver,
  type SyslogReceiver,
  type WebhookReceiver,
} from './test-receivers.ts';

const LOOPBACK: NetworkPolicy = { allowLoopback: true, allowPrivate: false, allowCidrs: [] };
const STRICT: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowCidrs: [] };
const SECRET = 'a-long-enough-shared-secret';
const http = (kind: 'webhook' | 'slack' | 'teams', url: string, policy = LOOPBACK) =>
  createHttpSender({
    name: kind,
    kind,
    url,
    secret: kind === 'webhook' ? SECRET : undefined,
    policy,
    timeoutMs: 3000,
    userAgent: 'Mamori-test',
    now: () => 1_760_000_000_000,
  });

describe('HTTP senders', () => {
  let hook: WebhookReceiver;
  beforeAll(async () => (hook = await startWebhookReceiver()));
  afterAll(async () => hook.close());

  it('posts signed JSON that the receiver can verify', async () => {
    const sender = http('webhook', hook.url);
    expect(await sender.send(sampleMessage())).toEqual({ ok: true });
    await sender.close();
    const got = hook.received.at(-1)!;
    expect(JSON.parse(got.body)).toMatchObject({ version: 1, incidentId: 12, event: 'incident.opened' });
    expect(got.headers[TIMESTAMP_HEADER]).toBe('1760000000000');
    expect(got.headers[SIGNATURE_HEADER]).toBe(signBody(SECRET, '1760000000000', got.body));
    expect(signBody('another-secret-entirely', '1760000000000', got.body)).not.toBe(got.headers[SIGNATURE_HEADER]);
  });

  it('posts Slack and Teams shaped bodies without a signature', async () => {
    for (const kind of ['slack', 'teams'] as const) {
      const sender = http(kind, hook.url);
      expect(await sender.send(sampleMessage())).toEqual({ ok: true });
      await sender.close();
      const got = hook.received.at(-1)!;
      expect(got.headers[SIGNATURE_HEADER]).toBeUndefined();
      expect(Object.keys(JSON.parse(got.body) as object)).toContain(kind === 'slack' ? 'attachments' : 'sections');
    }
  });

  it('tells a retryable outage from a permanent refusal', async () => {
    const sender = http('webhook', hook.url);
    hook.status = 503;
    expect(await sender.send(sampleMessage())).toEqual({
      ok: false,
      permanent: false,
      error: `HTTP 503 from http://127.0.0.1:${hook.port}`,
    });
    hook.status = 404;
    expect(await sender.send(sampleMessage())).toMatchObject({ ok: false, permanent: true });
    hook.status = 200;
    await sender.close();
  });

  it('never reaches an address the network policy refuses', async () => {
    const before = hook.received.length;
    const strict = http('webhook', hook.url, STRICT);
    const refused = await strict.send(sampleMessage());
    expect(refused).toMatchObject({ ok: false, permanent: true });
    expect(!refused.ok && refused.error).toMatch(/loopback/);
    const metadata = http('webhook', 'http://169.254.169.254/latest/meta-data/', LOOPBACK);
    expect(await metadata.send(sampleMessage())).toMatchObject({
      ok: false,
      permanent: true,
      error: expect.stringMatching(/metadata/) as unknown,
    });
    const named = http('webhook', `http://localhost:${hook.port}/hook`, STRICT);
    expect(await named.send(sampleMessage())).toMatchObject({ ok: false, permanent: true });
    await Promise.all([strict.close(), metadata.close(), named.close()]);
    expect(hook.received.length).toBe(before);
  });
});

describe('e-mail sender', () => {
  let smtp: SmtpReceiver;
  beforeAll(async () => (smtp = await startSmtpReceiver()));
  afterAll(async () => smtp.close());

  it('delivers to a real SMTP server', async () => {
    const sender = createEmailSender({
      name: 'mail',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'mamori@example.go.jp',
      to: ['soc@example.go.jp', 'cio@example.go.jp'],
      policy: LOOPBACK,
      timeoutMs: 3000,
    });
    expect(await sender.send(sampleMessage())).toEqual({ ok: true });
    const mail = smtp.received.at(-1)!;
    expect(mail.from).toBe('mamori@example.go.jp');
    expect(mail.to).toEqual(['soc@example.go.jp', 'cio@example.go.jp']);
    expect(mail.raw).toMatch(/X-Mamori-Incident: 12/);
    // The subject is one line (encoded as UTF-8 words), so a captured title cannot add headers.
    expect(mail.raw).not.toMatch(/^Injected: header/m);
  });

  it('refuses a server the network policy forbids, without connecting', async () => {
    const before = smtp.received.length;
    const sender = createEmailSender({
      name: 'mail',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'a@example.go.jp',
      to: ['b@example.go.jp'],
      policy: STRICT,
      timeoutMs: 3000,
    });
    expect(await sender.send(sampleMessage())).toMatchObject({ ok: false, permanent: true });
    expect(smtp.received.length).toBe(before);
  });
});

describe('syslog sender', () => {
  let udp: SyslogReceiver;
  let tcp: SyslogReceiver;
  beforeAll(async () => {
    udp = await startUdpSyslog();
    tcp = await startTcpSyslog();
  });
  afterAll(async () => {
    await udp.close();
    await tcp.close();
  });

  it('sends one RFC 5424 line over UDP and over TCP', async () => {
    for (const [receiver, protocol] of [
      [udp, 'udp'],
      [tcp, 'tcp'],
    ] as const) {
      const sender = createSyslogSender({
        name: 's',
        host: '127.0.0.1',
        port: receiver.port,
        protocol,
        facility: 16,
        policy: LOOPBACK,
        timeoutMs: 3000,
      });
      expect(await sender.send(sampleMessage())).toEqual({ ok: true });
      await waitFor(() => receiver.received.length > 0, 3000, `a ${protocol} syslog line`);
      expect(receiver.received[0]).toMatch(/^<130>1 \S+ \S+ mamori - incident\.opened \[mamori@32473 incident="12"/);
      expect(receiver.received[0]).toContain('横浜地方法務局: tampered with: The headline now reads');
    }
  });

  it('reports a closed TCP port as retryable', async () => {
    const sender = createSyslogSender({
      name: 's',
      host: '127.0.0.1',
      port: 1,
      protocol: 'tcp',
      facility: 16,
      policy: LOOPBACK,
      timeoutMs: 1000,
    });
    expect(await sender.send(sampleMessage())).toMatchObject({ ok: false, permanent: false });
  });
});
