import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';

describe('API tokens', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  let analyst: SignedIn;
  beforeEach(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { role: 'admin' });
    analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
  });
  afterEach(async () => fx.close());

  const bearer = (secret: string, path: string, init: RequestInit = {}) =>
    fx.app.request(path, { ...init, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const target = JSON.stringify({ url: 'https://www.city.example.lg.jp/', organisation: 'city' });

  it('creates a token shown once, usable as a bearer without CSRF, within its scopes', async () => {
    const res = await analyst.request('/api/tokens', { method: 'POST', json: { name: 'siem', scopes: ['read'] } });
    expect(res.status).toBe(201);
    const { token, secret } = (await res.json()) as { token: { id: number; scopes: string[] }; secret: string };
    expect(secret).toMatch(/^mmr_[\w-]{43}$/);
    expect(token.scopes).toEqual(['read']);
    expect(JSON.stringify(await (await analyst.request('/api/tokens')).json())).not.toContain(secret);
    expect((await bearer(secret, '/api/pages')).status).toBe(200);
    expect(await (await bearer(secret, '/api/auth/me')).json()).toMatchObject({ user: { role: 'analyst' } });
    const write = await bearer(secret, '/api/targets', { method: 'POST', body: target });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ message: 'this API token is read-only' });

    const rw = (await (await analyst.request('/api/tokens', { method: 'POST', json: { name: 'ci', scopes: ['read', 'write'], expiresInDays: 30 } })).json()) as { secret: string; token: { expiresAt: number } };
    expect(rw.token.expiresAt).toBeGreaterThan(Date.now() - 1e12);
    expect((await bearer(rw.secret, '/api/targets', { method: 'POST', body: target })).status).toBe(201);
    expect((await bearer('mmr_not-a-token', '/api/pages')).status).toBe(401);
    expect((await fx.app.request('/api/pages', { headers: { authorization: 'Bearer' } })).status).toBe(401);
  });

  it('lists and revokes your own tokens; an admin sees and revokes everyone’s', async () => {
    const mine = (await (await analyst.request('/api/tokens', { method: 'POST', json: { name: 'mine' } })).json()) as { token: { id: number }; secret: string };
    const theirs = (await (await admin.request('/api/tokens', { method: 'POST', json: { name: 'admin-token' } })).json()) as { token: { id: number } };
    const listed = (await (await analyst.request('/api/tokens')).json()) as { items: { name: string }[] };
    expect(listed.items.map((t) => t.name)).toEqual(['mine']);
    expect(((await (await admin.request('/api/tokens')).json()) as { items: unknown[] }).items).toHaveLength(2);
    expect((await analyst.request(`/api/tokens/${theirs.token.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await analyst.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await analyst.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await bearer(mine.secret, '/api/pages')).status).toBe(401);
    expect((await admin.request(`/api/tokens/${theirs.token.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('gives investigators read tokens only', async () => {
    const investigator = await signIn(fx.app, fx.auth, { role: 'investigator' });
    expect((await investigator.request('/api/tokens', { method: 'POST', json: { name: 'x', scopes: ['read', 'write'] } })).status).toBe(400);
    expect((await investigator.request('/api/tokens', { method: 'POST', json: { name: 'x', scopes: ['read'] } })).status).toBe(201);
    expect((await analyst.request('/api/tokens', { method: 'POST', json: { name: '', scopes: ['admin'] } })).status).toBe(400);
  });
});
