import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { ok } from '../test-client.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';

const login = (fx: ApiFixture, username: string, password: string) =>
  fx.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('users admin routes', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  let orgId: number;
  beforeEach(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { username: 'root', role: 'admin' });
    orgId = (await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, 1)).id;
  });
  afterEach(async () => fx.close());

  it('creates, lists and changes accounts; a password reset ends the sessions', async () => {
    const created = await admin.api.users.$post({
      json: {
        username: 'aoi',
        role: 'member',
        organisationIds: [orgId],
        password: 'first-password',
        timeZone: 'Europe/Paris',
      },
    });
    expect(created.status).toBe(201);
    const user = await ok(created);
    expect(user).toMatchObject({ organisationIds: [orgId], mustChangePassword: true });
    expect(JSON.stringify(user)).not.toMatch(/password_hash|scrypt/);
    expect(
      (
        await admin.request('/api/users', {
          method: 'POST',
          json: { username: 'aoi', role: 'member', password: 'another-one' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await admin.request('/api/users', {
          method: 'POST',
          json: { username: 'bad name', role: 'boss', password: 'short', timeZone: 'Mars/Olympus' },
        })
      ).status,
    ).toBe(400);
    const listed = await ok(admin.api.users.$get());
    expect(listed.items.map((u) => u.username)).toEqual(['root', 'aoi']);

    const session = (await login(fx, 'aoi', 'first-password')).headers.get('set-cookie')!.split(';')[0]!;
    const patched = await admin.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      json: { role: 'investigator', password: 'second-password' },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ role: 'investigator', mustChangePassword: false });
    expect((await fx.app.request('/api/auth/me', { headers: { cookie: session } })).status).toBe(401);
    expect((await login(fx, 'aoi', 'second-password')).status).toBe(200);
    expect((await admin.request(`/api/users/${user.id}`, { method: 'PATCH', json: { disabled: true } })).status).toBe(
      200,
    );
    expect((await login(fx, 'aoi', 'second-password')).status).toBe(401);
    expect((await admin.request('/api/users/999', { method: 'PATCH', json: { disabled: true } })).status).toBe(404);
  });

  it('is for admins only, and an admin cannot lock themselves out', async () => {
    const analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
    expect((await analyst.request('/api/users')).status).toBe(403);
    expect(
      (
        await analyst.request('/api/users', {
          method: 'POST',
          json: { username: 'x', role: 'admin', password: 'password-1' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await admin.request(`/api/users/${admin.userId}`, { method: 'PATCH', json: { role: 'analyst' } })).status,
    ).toBe(400);
    expect(
      (await admin.request(`/api/users/${admin.userId}`, { method: 'PATCH', json: { disabled: true } })).status,
    ).toBe(400);
    expect(
      (await admin.request(`/api/users/${admin.userId}`, { method: 'PATCH', json: { displayName: 'Root' } })).status,
    ).toBe(200);
  });
});
