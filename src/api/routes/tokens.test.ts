import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';
import type { InferRequestType } from 'hono/client';
import { failure, ok, testClient, type ApiClient } from '../test-client.ts';

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
    fx.app.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${secret}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const target = JSON.stringify({ url: 'https://www.city.example.lg.jp/', organisation: 'city' });

  it('creates a token shown once, usable as a bearer without CSRF, within its scopes', async () => {
    const res = await analyst.api.tokens.$post({ json: { name: 'siem', scopes: ['read'] } });
    expect(res.status).toBe(201);
    const { token, secret } = await ok(res);
    expect(secret).toMatch(/^mmr_[\w-]{43}$/);
    expect(token.scopes).toEqual(['read']);
    expect(JSON.stringify(await (await analyst.request('/api/tokens')).json())).not.toContain(secret);
    expect((await bearer(secret, '/api/pages')).status).toBe(200);
    expect(await (await bearer(secret, '/api/auth/me')).json()).toMatchObject({ user: { role: 'analyst' } });
    const write = await bearer(secret, '/api/targets', { method: 'POST', body: target });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ message: 'this API token is read-only' });

    const rw = await ok(
      analyst.api.tokens.$post({ json: { name: 'ci', scopes: ['read', 'write'], expiresInDays: 30 } }),
    );
    expect(rw.token.expiresAt).toBeGreaterThan(Date.now() - 1e12);
    expect((await bearer(rw.secret, '/api/targets', { method: 'POST', body: target })).status).toBe(201);
    expect((await bearer('mmr_not-a-token', '/api/pages')).status).toBe(401);
    expect((await fx.app.request('/api/pages', { headers: { authorization: 'Bearer' } })).status).toBe(401);
  });

  it('lists and revokes your own tokens; an admin sees and revokes everyone’s', async () => {
    const mine = await ok(analyst.api.tokens.$post({ json: { name: 'mine' } }));
    const theirs = await ok(admin.api.tokens.$post({ json: { name: 'admin-token' } }));
    const listed = await ok(analyst.api.tokens.$get());
    expect(listed.items.map((t) => t.name)).toEqual(['mine']);
    expect((await ok(admin.api.tokens.$get())).items).toHaveLength(2);
    expect((await analyst.request(`/api/tokens/${theirs.token.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await analyst.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await analyst.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await bearer(mine.secret, '/api/pages')).status).toBe(401);
    expect((await admin.request(`/api/tokens/${theirs.token.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('gives investigators read tokens only', async () => {
    const investigator = await signIn(fx.app, fx.auth, { role: 'investigator' });
    expect(
      (await investigator.request('/api/tokens', { method: 'POST', json: { name: 'x', scopes: ['read', 'write'] } }))
        .status,
    ).toBe(400);
    expect(
      (await investigator.request('/api/tokens', { method: 'POST', json: { name: 'x', scopes: ['read'] } })).status,
    ).toBe(201);
    expect(
      (await analyst.request('/api/tokens', { method: 'POST', json: { name: '', scopes: ['admin'] } })).status,
    ).toBe(400);
  });

  type MintBody = InferRequestType<ApiClient['tokens']['$post']>['json'];
  const mint = async (client: ApiClient, body: MintBody) => {
    const res = await client.tokens.$post({ json: body });
    return { status: res.status, body: await ok(res) };
  };
  const bySession = (who: SignedIn) => who.api;
  const byToken = (secret: string) => testClient(fx.app, { authorization: `Bearer ${secret}` });

  it('does not let a write-only token read', async () => {
    const w = await mint(bySession(analyst), { name: 'push', scopes: ['write'] });
    expect(w.status).toBe(201);
    expect((await bearer(w.body.secret, '/api/pages')).status).toBe(403);
    expect((await bearer(w.body.secret, '/api/targets', { method: 'POST', body: target })).status).toBe(201);
  });

  it('lets only a token with the admin scope mint tokens, and only with scopes it has', async () => {
    const rw = await mint(bySession(analyst), { name: 'ci', scopes: ['read', 'write'] });
    const refused = await byToken(rw.body.secret).tokens.$post({ json: { name: 'more', scopes: ['read'] } });
    expect(refused.status).toBe(403);
    expect(await failure(refused)).toMatchObject({ message: expect.stringContaining('admin') as string });

    const minter = await mint(bySession(analyst), { name: 'minter', scopes: ['write', 'admin'] });
    expect(
      (await byToken(minter.body.secret).tokens.$post({ json: { name: 'grow', scopes: ['read', 'write'] } })).status,
    ).toBe(403);
    const child = await mint(byToken(minter.body.secret), { name: 'child', scopes: ['write'] });
    expect(child.status).toBe(201);
    expect(child.body.token.scopes).toEqual(['write']);
    // Revoking another token needs the admin scope; revoking itself does not.
    expect((await bearer(rw.body.secret, `/api/tokens/${child.body.token.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await bearer(child.body.secret, `/api/tokens/${child.body.token.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
  });

  it('never lets a minted token outlive the token that minted it', async () => {
    const parent = await mint(bySession(analyst), { name: 'short', scopes: ['write', 'admin'], expiresInDays: 1 });
    const child = await mint(byToken(parent.body.secret), { name: 'forever', scopes: ['write'] });
    expect(child.status).toBe(201);
    expect(child.body.token.expiresAt).not.toBeNull();
    expect(child.body.token.expiresAt).toBeLessThanOrEqual(parent.body.token.expiresAt ?? -1);
  });

  it('needs the admin scope for admin-only routes, even on an admin’s token', async () => {
    const rw = await mint(bySession(admin), { name: 'ci', scopes: ['read', 'write'] });
    expect((await bearer(rw.body.secret, '/api/users')).status).toBe(403);
    expect((await bearer(rw.body.secret, '/api/pages')).status).toBe(200);
    const ra = await mint(bySession(admin), { name: 'accounts', scopes: ['read', 'admin'] });
    expect((await bearer(ra.body.secret, '/api/users')).status).toBe(200);
  });
});
