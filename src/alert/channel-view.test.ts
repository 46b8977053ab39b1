import { describe, expect, it } from 'vitest';
import {
  channelStatus,
  describeChannel,
  describeMaintenance,
  redactDestination,
  scrubSecrets,
  testNotification,
} from './channel-view.ts';
import type { ChannelConfig } from '../config/alerts.ts';
import { NO_FIGURES, type ChannelFigures } from './outbox-store.ts';
import type { RoutingConfig } from './routing.ts';

/** Each channel with the secrets it holds: none of them may appear in what the console shows. */
const CASES: { channel: ChannelConfig; secrets: string[]; destination: string }[] = [
  {
    channel: {
      name: 'soc',
      type: 'webhook',
      url: 'https://soc.example.go.jp:8443/in/abcdef123456?token=q-secret-777&x=1',
      secret: 'hmac-secret-0123456789',
    },
    secrets: ['abcdef123456', 'q-secret-777', 'hmac-secret-0123456789', '/in/abcdef123456'],
    destination: 'soc.example.go.jp:8443',
  },
  {
    channel: { name: 'basic', type: 'webhook', url: 'https://mamori:pa55w0rd-xyz@siem.example.go.jp/collect' },
    secrets: ['pa55w0rd-xyz', 'mamori:'],
    destination: 'siem.example.go.jp',
  },
  {
    channel: {
      name: 'chat',
      type: 'slack',
      url: 'https://hooks.slack.com/services/T0ABCDEF/B0GHIJKL/XyZ123secretPart456',
    },
    secrets: ['XyZ123secretPart456', 'T0ABCDEF', 'B0GHIJKL', '/services/'],
    destination: 'hooks.slack.com',
  },
  {
    channel: {
      name: 'teams',
      type: 'teams',
      url: 'https://contoso.webhook.office.com/webhookb2/4f7a-uuid-part@tenant/IncomingWebhook/9a8b7c6d5e/owner',
    },
    secrets: ['4f7a-uuid-part', '9a8b7c6d5e', 'IncomingWebhook'],
    destination: 'contoso.webhook.office.com',
  },
  {
    channel: {
      name: 'mail',
      type: 'email',
      host: 'smtp.example.go.jp',
      port: 587,
      secure: false,
      user: 'mamori-relay',
      pass: 'smtp-pass-secret-42',
      from: 'mamori@example.go.jp',
      to: ['soc@example.go.jp', 'cert@example.go.jp'],
    },
    secrets: ['smtp-pass-secret-42'],
    destination: 'soc@example.go.jp, cert@example.go.jp (SMTP smtp.example.go.jp:587)',
  },
  {
    channel: { name: 'siem', type: 'syslog', host: '10.0.0.5', port: 514, protocol: 'tcp', facility: 16 },
    secrets: [],
    destination: '10.0.0.5:514/tcp',
  },
];

const ROUTING: RoutingConfig = {
  routes: [
    { organisations: [], minSeverity: 'high', channels: ['soc', 'siem'] },
    { organisations: ['moj'], minSeverity: 'medium', channels: ['mail', 'soc'] },
  ],
  maintenance: [],
};

/** An error text that quotes every secret of the channel, as a careless library could. */
function leakyError(channel: ChannelConfig, secrets: string[]): string {
  const url = 'url' in channel ? channel.url : '';
  return `POST ${url} failed: ${secrets.join(' | ')} (encoded: ${secrets.map(encodeURIComponent).join(' ')})`;
}

describe('channel view', () => {
  it.each(CASES)(
    'shows $channel.name ($channel.type) with a redacted destination and no secret anywhere',
    ({ channel, secrets, destination }) => {
      expect(redactDestination(channel)).toBe(destination);
      const figures: ChannelFigures = {
        ...NO_FIGURES,
        failed: 1,
        lastError: { message: leakyError(channel, secrets), at: 5 },
      };
      const shown = JSON.stringify(describeChannel(channel, ROUTING, figures));
      for (const secret of secrets) {
        expect(shown).not.toContain(secret);
        expect(shown).not.toContain(encodeURIComponent(secret));
      }
      if ('url' in channel) expect(shown).not.toContain(channel.url);
      if (secrets.length > 0) expect(shown).toContain('[redacted]');
    },
  );

  it('keeps an error text that holds no secret as it is', () => {
    const channel = CASES[0]!.channel;
    expect(scrubSecrets('HTTP 503 from https://soc.example.go.jp:8443', channel)).toBe(
      'HTTP 503 from https://soc.example.go.jp:8443',
    );
  });

  it('lists the routes that use a channel and whether its bodies are signed', () => {
    const view = describeChannel(CASES[0]!.channel, ROUTING, NO_FIGURES);
    expect(view.routes).toEqual([
      { organisations: [], minSeverity: 'high' },
      { organisations: ['moj'], minSeverity: 'medium' },
    ]);
    expect(view.signed).toBe(true);
    expect(describeChannel(CASES[1]!.channel, ROUTING, NO_FIGURES).signed).toBe(false);
    expect(describeChannel(CASES[1]!.channel, ROUTING, NO_FIGURES).routes).toEqual([]);
  });

  it('says whether the latest news of a channel is a delivery or an error', () => {
    expect(channelStatus(NO_FIGURES)).toBe('unused');
    expect(channelStatus({ ...NO_FIGURES, pending: 1 })).toBe('pending');
    expect(channelStatus({ ...NO_FIGURES, delivered: 3, lastDeliveredAt: 100 })).toBe('ok');
    expect(
      channelStatus({
        ...NO_FIGURES,
        delivered: 3,
        lastDeliveredAt: 100,
        failed: 1,
        lastError: { message: 'x', at: 50 },
      }),
    ).toBe('ok');
    expect(
      channelStatus({
        ...NO_FIGURES,
        delivered: 3,
        lastDeliveredAt: 100,
        pending: 1,
        lastError: { message: 'x', at: 150 },
      }),
    ).toBe('failing');
    expect(channelStatus({ ...NO_FIGURES, failed: 1, lastError: { message: 'x', at: null } })).toBe('failing');
  });

  it('gives maintenance windows as times, in order, with the one in force marked', () => {
    const windows = [
      { site: 'https://b.example.go.jp', from: '2026-12-06T00:00:00Z', to: '2026-12-06T04:00:00Z', reason: '' },
      {
        site: 'https://a.example.go.jp',
        from: '2026-12-05T22:00:00+09:00',
        to: '2026-12-06T02:00:00+09:00',
        reason: 'CMS upgrade',
      },
    ];
    const now = Date.parse('2026-12-05T14:00:00Z');
    expect(describeMaintenance(windows, now)).toEqual([
      {
        site: 'https://a.example.go.jp',
        from: Date.parse('2026-12-05T13:00:00Z'),
        to: Date.parse('2026-12-05T17:00:00Z'),
        reason: 'CMS upgrade',
        active: true,
      },
      {
        site: 'https://b.example.go.jp',
        from: Date.parse('2026-12-06T00:00:00Z'),
        to: Date.parse('2026-12-06T04:00:00Z'),
        reason: '',
        active: false,
      },
    ]);
  });

  it('words a test notification so receivers can tell it from an incident', () => {
    const m = testNotification('soc', 'aoi', 42);
    expect(m).toMatchObject({ event: 'mamori.test', incidentId: 0, severity: 'low', at: 42 });
    expect(m.title).toContain('soc');
    expect(m.message).toContain('aoi');
  });
});
