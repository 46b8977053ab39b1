import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import { demoAlertsConfig, DEMO_CHANNEL } from './demo-config.ts';
import type { EstateServer } from './estate-server.ts';
import { startSocReceiver, type SocReceiver } from './soc-receiver.ts';

describe('the demo SOC receiver', () => {
  let soc: SocReceiver;
  beforeEach(async () => (soc = await startSocReceiver()));
  afterEach(async () => soc.close());

  it('takes POSTs to its hook with its token only', async () => {
    expect(new URL(soc.url).searchParams.get('token')).toMatch(/^[0-9a-f]{24}$/);
    expect((await fetch(soc.url, { method: 'POST', body: '{}' })).status).toBe(204);
    const forged = new URL(soc.url);
    forged.searchParams.set('token', 'guess');
    expect((await fetch(forged, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(soc.url)).status).toBe(404);
    expect(soc.received()).toBe(1);
  });

  it('is the demo’s one channel, routed for high incidents, with a maintenance window ahead', () => {
    const server = { sites: [{ key: 'soumu', origin: 'http://127.0.0.1:4100' }] } as EstateServer;
    const now = Date.parse('2026-12-02T05:10:00Z');
    const alerts = demoAlertsConfig(soc.url, server, now);
    const loaded = loadConfig({ env: {}, file: '/dev/null', overrides: { alerts } });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.config.alerts.channels.map((c) => c.name)).toEqual([DEMO_CHANNEL]);
    expect(loaded.config.alerts.routes).toEqual([{ organisations: [], minSeverity: 'high', channels: [DEMO_CHANNEL] }]);
    const [window] = loaded.config.alerts.maintenance;
    expect(window).toMatchObject({
      site: 'http://127.0.0.1:4100',
      from: '2026-12-04T06:00:00.000Z',
      to: '2026-12-04T10:00:00.000Z',
    });
  });
});
