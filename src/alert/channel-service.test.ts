import { describe, expect, it } from 'vitest';
import { ChannelService } from './channel-service.ts';
import type { ChannelConfig } from '../config/alerts.ts';

const hook: ChannelConfig = {
  name: 'soc',
  type: 'webhook',
  url: 'https://soc.example.go.jp/in/abcdef123456?token=q-secret-777',
  secret: 'hmac-secret-0123456789',
};

function service(): ChannelService {
  const unused = (): never => {
    throw new Error('not used by scrubError');
  };
  return new ChannelService({
    channels: [hook],
    routing: { routes: [], maintenance: [] },
    outbox: { channelFigures: unused, enqueueTest: unused },
    kick: () => undefined,
  });
}

describe('ChannelService.scrubError', () => {
  it("replaces the channel's secrets in a delivery error", () => {
    const text = service().scrubError('soc', `POST ${hook.url} failed: 401 (signature hmac-secret-0123456789)`);
    expect(text).not.toMatch(/abcdef123456|q-secret-777|hmac-secret/);
    expect(text).toContain('failed: 401');
  });

  it('withholds the error of a channel no longer configured, whose secrets it cannot know', () => {
    expect(service().scrubError('gone', 'POST https://old.example/hook/s3cr3t-path failed')).not.toContain('s3cr3t');
  });
});
