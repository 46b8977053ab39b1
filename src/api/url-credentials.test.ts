import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture } from './api-test-fixture.ts';
import { signIn, type SignedIn } from './auth-test-support.ts';

describe('credentials in target URLs over the API', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  beforeAll(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { role: 'admin' });
  });
  afterAll(async () => fx.close());

  it('refuses a target with user:password@, without echoing the password, and stores nothing', async () => {
    const res = await admin.request('/api/targets', {
      method: 'POST',
      json: { url: 'https://alice:hunter2-pw@www.example.go.jp/', organisation: 'ex' },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/user name or password/);
    expect(text).not.toContain('hunter2-pw');
    expect(await fx.store.listOrganisations()).toEqual([]);
    expect(
      (
        await admin.request('/api/targets', {
          method: 'POST',
          json: { url: 'https://www.example.go.jp/', organisation: 'ex' },
        })
      ).status,
    ).toBe(201);
  });
});
