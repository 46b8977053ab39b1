import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../auth/login-limiter.ts';
import { openApiFixture, type ApiFixture } from './api-test-fixture.ts';
import { TEST_PASSWORD } from './auth-test-support.ts';
import { createClientIp, resolveClientAddress, TrustedProxyConfigError, trustedProxyList } from './client-ip.ts';

describe('resolveClientAddress', () => {
  const trusted = trustedProxyList(['10.0.0.0/8', '192.0.2.1', 'fd00::/8']);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(resolveClientAddress('198.51.100.4', '203.0.113.9', trusted)).toBe('198.51.100.4');
  });

  it('takes the right-most address that is not a trusted proxy', () => {
    expect(resolveClientAddress('10.1.2.3', '203.0.113.9', trusted)).toBe('203.0.113.9');
    // The client wrote the first entry itself; the proxy appended what it saw.
    expect(resolveClientAddress('10.1.2.3', '1.1.1.1, 203.0.113.9, 10.9.9.9', trusted)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:192.0.2.1', '2001:db8::7', trusted)).toBe('2001:db8::7');
    expect(resolveClientAddress('fd00::1', '10.0.0.2', trusted)).toBe('10.0.0.2');
  });

  it('stops at a malformed hop, at the proxy that passed it on', () => {
    expect(resolveClientAddress('10.1.2.3', '203.0.113.9, not-an-ip, 10.0.0.7', trusted)).toBe('10.0.0.7');
    expect(resolveClientAddress('10.1.2.3', undefined, trusted)).toBe('10.1.2.3');
  });

  it('refuses a configured entry that is not an address or a range', () => {
    expect(() => trustedProxyList(['proxy.internal'])).toThrow(TrustedProxyConfigError);
  });
});

describe('login rate limiting behind a trusted proxy', () => {
  let fx: ApiFixture;
  let server: ServerType | null = null;
  afterEach(async () => {
    const s = server;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    server = null;
    await fx.close();
  });

  async function start(
    trustedProxies: string[],
  ): Promise<(username: string, password: string, forwardedFor: string) => Promise<number>> {
    fx = await openApiFixture({
      gate: createLoginLimiter({ attempts: 5, windowMinutes: 15 }),
      clientIp: createClientIp(trustedProxies),
    });
    await fx.auth.addUser({ username: 'victim', role: 'analyst', password: TEST_PASSWORD }, Date.now());
    const s = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: fx.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    server = s;
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    return async (username, password, forwardedFor) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ username, password }),
      });
      await res.arrayBuffer();
      return res.status;
    };
  }

  it('does not let 20 wrong passwords from one client lock another out', async () => {
    const login = await start(['127.0.0.1']);
    const statuses: number[] = [];
    // A spoofed left-hand entry changes nothing: the proxy's appended address is the one counted.
    for (let i = 0; i < 20; i++)
      statuses.push(await login(i % 2 === 0 ? 'victim' : `guess${i}`, 'wrong-password', `10.${i}.0.1, 203.0.113.7`));
    expect(statuses).toContain(429);
    expect(await login('victim', TEST_PASSWORD, '203.0.113.7')).toBe(429);
    expect(await login('victim', TEST_PASSWORD, '198.51.100.9')).toBe(200);
  });

  it('ignores X-Forwarded-For when the peer is not a trusted proxy', async () => {
    const login = await start([]);
    // Each attempt claims another address; all are counted against the one real peer.
    for (let i = 0; i < 20; i++) await login(`guess${i}`, 'wrong-password', `203.0.113.${i}`);
    expect(await login('victim', TEST_PASSWORD, '198.51.100.9')).toBe(429);
  });
});
