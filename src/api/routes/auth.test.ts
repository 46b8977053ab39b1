import { ok, testClient } from '../test-client.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { signIn, TEST_PASSWORD } from '../auth-test-support.ts';
import { TokenStore } from '../../auth/token-store.ts';

const login = (fx: ApiFixture, username: string, password: string) =>
  testClient(fx.app).auth.login.$post({ json: { username, password } });

describe('sign-in, sessions and CSRF', () => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await openApiFixture();
  });
  afterEach(async () => fx.close());

  it('signs in with a HttpOnly SameSite=Strict cookie and answers /me with the CSRF token', async () => {
    const org = await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, 1);
    await fx.auth.addUser(
      {
        username: 'aoi',
        displayName: '青井',
        role: 'member',
        organisationIds: [org.id],
        password: TEST_PASSWORD,
        locale: 'en',
      },
      1,
    );
    const res = await login(fx, 'aoi', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^mamori_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const body = await ok(res);
    const user = {
      id: expect.any(Number) as number,
      username: 'aoi',
      displayName: '青井',
      role: 'member',
      organisationIds: [org.id],
      locale: 'en',
      timeZone: 'Asia/Tokyo',
      mustChangePassword: false,
    };
    expect(body.user).toEqual(user);
    const session = cookie.split(';')[0]!;
    const me = await fx.app.request('/api/auth/me', { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user, csrfToken: body.csrfToken });
    expect((await fx.app.request('/api/auth/me')).status).toBe(401);
    expect((await fx.app.request('/api/auth/me', { headers: { cookie: 'mamori_session=forged' } })).status).toBe(401);
  });

  it('marks the cookie Secure when auth.cookieSecure is set', async () => {
    const secure = await openApiFixture({ cookieSecure: true });
    try {
      await secure.auth.addUser({ username: 'root', role: 'admin', password: TEST_PASSWORD }, 1);
      expect((await login(secure, 'root', TEST_PASSWORD)).headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('gives the same 401 for an unknown user and a wrong password, and refuses a disabled account', async () => {
    await fx.auth.addUser({ username: 'root', role: 'admin', password: TEST_PASSWORD }, 1);
    const unknown = await login(fx, 'nobody', TEST_PASSWORD);
    const wrong = await login(fx, 'root', 'not the password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(unknown.headers.get('set-cookie')).toBeNull();
    await fx.auth.setDisabled('root', true);
    expect((await login(fx, 'root', TEST_PASSWORD)).status).toBe(401);
    expect(
      (
        await fx.app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(400);
  });

  it('needs the session’s CSRF token on writes made with the cookie', async () => {
    const admin = await signIn(fx.app, fx.auth);
    const target = { url: 'https://www.city.example.lg.jp/', organisation: 'city' };
    const noHeader = await fx.app.request('/api/targets', {
      method: 'POST',
      headers: { cookie: admin.headers.cookie!, 'content-type': 'application/json' },
      body: JSON.stringify(target),
    });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.json()).toMatchObject({ error: 'csrf' });
    const wrong = await admin.request('/api/targets', {
      method: 'POST',
      json: target,
      headers: { 'x-csrf-token': 'guess' },
    });
    expect(wrong.status).toBe(403);
    expect((await admin.request('/api/targets', { method: 'POST', json: target })).status).toBe(201);
    // Reads need no CSRF token.
    expect((await fx.app.request('/api/pages', { headers: { cookie: admin.headers.cookie! } })).status).toBe(200);
  });

  it('signs out: 204, the session deleted and the cookie cleared', async () => {
    const admin = await signIn(fx.app, fx.auth);
    expect(
      (await fx.app.request('/api/auth/logout', { method: 'POST', headers: { cookie: admin.headers.cookie! } })).status,
    ).toBe(403);
    const out = await admin.request('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^mamori_session=;.*Max-Age=0/);
    expect((await admin.request('/api/auth/me')).status).toBe(401);
  });

  it('keeps writes from investigators, and CSIRT work from members', async () => {
    const org = await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, 1);
    const investigator = await signIn(fx.app, fx.auth, { role: 'investigator', organisationIds: [org.id] });
    const member = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [org.id] });
    const target = { url: 'https://www.city.example.lg.jp/', organisation: 'city' };
    expect((await investigator.request('/api/targets', { method: 'POST', json: target })).status).toBe(403);
    expect((await member.request('/api/targets', { method: 'POST', json: target })).status).toBe(403);
    expect((await investigator.request('/api/pages')).status).toBe(200);
    // Everyone may sign out.
    expect((await investigator.request('/api/auth/logout', { method: 'POST' })).status).toBe(204);
  });

  it('lets a session with a one-time password do nothing but see itself, change it and sign out', async () => {
    await fx.auth.addUser({ username: 'first', role: 'admin', password: 'one-time-pass', mustChangePassword: true }, 1);
    const res = await login(fx, 'first', 'one-time-pass');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = await ok(res);
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const open = new Set([
      'POST /api/auth/login',
      'GET /api/health',
      'GET /api/auth/me',
      'POST /api/auth/password',
      'POST /api/auth/logout',
    ]);
    const refused: string[] = [];
    const seen = new Set<string>();
    for (const r of fx.app.routes) {
      const route = `${r.method} ${r.path}`;
      if (r.method === 'ALL' || !r.path.startsWith('/api/') || seen.has(route) || open.has(route)) continue;
      seen.add(route);
      // Parameters filled so the route matches (the render PNG route's parameter has its own pattern).
      const path = r.path.replace(/:file\{.*\}$/, `${'a'.repeat(64)}.png`).replace(/:\w+/g, '1');
      const answer = await fx.app.request(path, {
        method: r.method,
        headers,
        ...(r.method === 'GET' ? {} : { body: '{}' }),
      });
      const body = (await answer.json()) as { error?: string };
      if (answer.status !== 403 || body.error !== 'password_change_required')
        refused.push(`${route} → ${answer.status} ${body.error ?? ''}`);
    }
    expect(seen.size).toBeGreaterThan(30);
    expect(refused).toEqual([]);
    const me = await fx.app.request('/api/auth/me', { headers });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: 'first', mustChangePassword: true } });
    const changed = await fx.app.request('/api/auth/password', {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: 'one-time-pass', newPassword: 'a-chosen-password' }),
    });
    expect(changed.status).toBe(200);
    const fresh = changed.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fx.app.request('/api/pages', { headers: { cookie: fresh } })).status).toBe(200);
  });

  it('holds back sessions, not API tokens, of an account whose password an admin reset', async () => {
    const user = await fx.auth.addUser({ username: 'bot-owner', role: 'analyst', password: TEST_PASSWORD }, 1);
    const { secret } = await new TokenStore(fx.handle).create(
      { userId: user.id, name: 'ci', scopes: ['read'], expiresAt: null },
      1,
    );
    await fx.auth.updateUser(user.id, { password: 'reset-by-admin', mustChangePassword: true });
    const session = (await login(fx, 'bot-owner', 'reset-by-admin')).headers.get('set-cookie')!.split(';')[0]!;
    expect((await fx.app.request('/api/pages', { headers: { cookie: session } })).status).toBe(403);
    expect((await fx.app.request('/api/pages', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
  });

  it('changes one’s own password: the old sessions end, a new one is returned', async () => {
    await fx.auth.addUser({ username: 'aoi', role: 'analyst', password: 'one-time-pass', mustChangePassword: true }, 1);
    const first = await login(fx, 'aoi', 'one-time-pass');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = await ok(first);
    const change = (body: unknown) =>
      fx.app.request('/api/auth/password', {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await change({ currentPassword: 'wrong', newPassword: 'a-new-password' })).status).toBe(403);
    expect((await change({ currentPassword: 'one-time-pass', newPassword: 'short' })).status).toBe(400);
    const changed = await change({ currentPassword: 'one-time-pass', newPassword: 'a-new-password' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ user: { username: 'aoi', mustChangePassword: false } });
    const fresh = changed.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fx.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    expect((await fx.app.request('/api/auth/me', { headers: { cookie: fresh } })).status).toBe(200);
    expect((await login(fx, 'aoi', 'a-new-password')).status).toBe(200);
  });
});
