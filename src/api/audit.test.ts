import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../auth/login-limiter.ts';
import { FIXTURE_NOW, openApiFixture, type ApiFixture } from './api-test-fixture.ts';
import { signIn, TEST_PASSWORD, type SignedIn } from './auth-test-support.ts';
import { ok } from './test-client.ts';

describe('audit log', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  beforeEach(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { username: 'root', role: 'admin' });
  });
  afterEach(async () => fx.close());

  it('records every write, allowed or refused, and every export, but not reads', async () => {
    const member = await signIn(fx.app, fx.auth, { username: 'aoi', role: 'member' });
    await admin.request('/api/targets', {
      method: 'POST',
      json: { url: 'https://www.city.example.lg.jp/', organisation: 'city' },
    });
    await member.request('/api/targets', { method: 'POST', json: { url: 'https://x.example/', organisation: 'x' } });
    await fx.app.request('/api/targets', { method: 'POST' });
    await admin.request('/api/pages');
    await admin.request(`/api/stix?from=${FIXTURE_NOW - 1000}`);
    await fx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'root', password: 'wrong-password' }),
    });
    const { items } = await ok(admin.api.audit.$get({ query: {} }));
    const rows = items.map((e) => `${e.actorUsername ?? '-'} ${e.via} ${e.method} ${e.path} ${e.status}`);
    expect(rows).toEqual([
      '- anonymous POST /api/auth/login 401',
      'root session GET /api/stix 200',
      '- anonymous POST /api/targets 401',
      'aoi session POST /api/targets 403',
      'root session POST /api/targets 201',
      'aoi session POST /api/auth/login 200',
      'root session POST /api/auth/login 200',
    ]);
    expect(items[0]!.detail).toMatchObject({ username: 'root' });
    expect(JSON.stringify(items)).not.toContain('wrong-password');
    expect(JSON.stringify(items)).not.toContain(TEST_PASSWORD);
    expect(items[1]!.detail).toMatchObject({ query: { from: expect.any(String) as string } });
    expect(items[4]!.target).toBe('targets');
  });

  it('records the token a write came through, pages newest first, and is for admins only', async () => {
    const made = await ok(admin.api.tokens.$post({ json: { name: 'ci', scopes: ['read', 'write'] } }));
    await fx.app.request(`/api/tokens/${made.token.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${made.secret}` },
    });
    const first = await ok(admin.api.audit.$get({ query: { limit: 1 } }));
    expect(first.items[0]).toMatchObject({
      via: 'token',
      method: 'DELETE',
      target: `tokens:${made.token.id}`,
      detail: { tokenId: made.token.id },
      status: 204,
    });
    const rest = await ok(admin.api.audit.$get({ query: { limit: 10, before: first.nextBefore! } }));
    expect(rest.items.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /api/tokens', 'POST /api/auth/login']);
    expect(rest.items[0]!.target).toBe(`token:${made.token.id}`);
    const analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
    expect((await analyst.request('/api/audit')).status).toBe(403);
  });
});

describe('login rate limiting', () => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await openApiFixture({ gate: createLoginLimiter({ attempts: 3, windowMinutes: 15, perAddress: 5 }) });
    await fx.auth.addUser({ username: 'root', role: 'admin', password: TEST_PASSWORD }, 1);
    await fx.auth.addUser({ username: 'aoi', role: 'analyst', password: TEST_PASSWORD }, 1);
  });
  afterEach(async () => fx.close());

  const login = (username: string, password: string) =>
    fx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('answers 429 with Retry-After after the allowed failures, even to the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login('root', 'guess')).status).toBe(401);
    const locked = await login('root', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(900);
    expect(await locked.json()).toMatchObject({ error: 'rate_limited' });
    expect((await login('ROOT', 'guess')).status).toBe(429);
    // Another account from the same address still may, until the address's own allowance is spent.
    expect((await login('aoi', TEST_PASSWORD)).status).toBe(200);
    expect((await login('aoi', 'guess')).status).toBe(401);
    expect((await login('aoi', 'guess')).status).toBe(401);
    expect((await login('aoi', TEST_PASSWORD)).status).toBe(429);
  });

  it('clears the count on success', async () => {
    for (let i = 0; i < 2; i++) await login('root', 'guess');
    expect((await login('root', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login('root', 'guess')).status).toBe(401);
    expect((await login('root', TEST_PASSWORD)).status).toBe(200);
  });
});
