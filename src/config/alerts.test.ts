import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mamori-alerts-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(yaml: string, env: Record<string, string> = {}) {
  writeFileSync(join(dir, 'mamori.yaml'), yaml);
  return loadConfig({ env, cwd: dir });
}

describe('alerts config', () => {
  it('reads channels of every type, routes and windows, with defaults filled in', () => {
    const result = load(
      `
alerts:
  channels:
    - { name: hook, type: webhook, url: "https://soc.example.go.jp/in", secret: "sixteen-chars-or-more" }
    - { name: chat, type: slack, url: "https://chat.example.go.jp/hook" }
    - { name: mail, type: email, host: smtp.example.go.jp, from: a@example.go.jp, to: [b@example.go.jp] }
    - { name: siem, type: syslog, host: 10.0.0.5 }
  routes:
    - { channels: [hook, siem] }
    - { organisations: [moj], minSeverity: medium, channels: [mail] }
  maintenance:
    - { site: "https://www.moj.go.jp", from: "2026-12-05T22:00:00+09:00", to: "2026-12-06T02:00:00+09:00" }
`,
      { MAMORI_ALERTS_MAX_ATTEMPTS: '5' },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { alerts } = result.config;
    expect(alerts.channels.map((c) => c.type)).toEqual(['webhook', 'slack', 'email', 'syslog']);
    expect(alerts.channels[2]).toMatchObject({ port: 25, secure: false });
    expect(alerts.channels[3]).toMatchObject({ port: 514, protocol: 'udp', facility: 16 });
    expect(alerts.routes[0]).toEqual({ organisations: [], minSeverity: 'low', channels: ['hook', 'siem'] });
    expect(alerts.maxAttempts).toBe(5);
  });

  it('reports every problem with its path', () => {
    const result = load(`
alerts:
  channels:
    - { name: hook, type: webhook, url: "ftp://x", secret: short }
    - { name: hook, type: pager, url: "https://x.example" }
  routes:
    - { minSeverity: urgent, channels: [hook, nowhere] }
  maintenance:
    - { site: "https://a.example", from: "2026-12-06T00:00:00Z", to: "2026-12-05T00:00:00Z" }
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'alerts.channels[0].url',
        'alerts.channels[0].secret',
        'alerts.channels[1].type',
        'alerts.channels[1].name',
        'alerts.routes[0].minSeverity',
        'alerts.routes[0].channels[1]',
        'alerts.maintenance[0].to',
      ]),
    );
  });
});
