import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { AuthStore } from './auth-store.ts';
import { ensureFirstAdmin } from './first-admin.ts';

describe('first admin', () => {
  let dir: TempDir;
  let store: EstateStore;
  let auth: AuthStore;
  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    auth = new AuthStore(opened.handle);
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('creates admin with a one-time password that must be changed, once', async () => {
    const first = await ensureFirstAdmin(auth, '', 1);
    expect(first).toMatchObject({ created: true, username: 'admin' });
    const password = first.created ? first.password : null;
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(await auth.verifyCredentials('admin', password!)).toMatchObject({ role: 'admin', mustChangePassword: true });
    expect(await ensureFirstAdmin(auth, '', 2)).toEqual({ created: false });
    expect(await auth.countUsers()).toBe(1);
  });

  it('uses auth.adminPassword when set, and prints nothing', async () => {
    expect(await ensureFirstAdmin(auth, 'configured-pass', 1)).toEqual({
      created: true,
      username: 'admin',
      password: null,
    });
    expect(await auth.verifyCredentials('admin', 'configured-pass')).toMatchObject({ mustChangePassword: false });
  });
});
