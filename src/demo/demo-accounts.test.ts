import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../auth/auth-store.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { DEMO_ACCOUNTS, ensureDemoAccounts } from './demo-accounts.ts';

describe('demo accounts', () => {
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

  it('creates one account per role with its printed password, once, scoped to the demo organisations', async () => {
    const moj = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, 1);
    const courts = await store.upsertOrganisation({ slug: 'courts', name: '裁判所' }, 1);
    await ensureDemoAccounts(auth, store, 1);
    await ensureDemoAccounts(auth, store, 2);
    expect((await auth.listUsers()).map((u) => u.role).sort()).toEqual([
      'admin',
      'analyst',
      'investigator',
      'member',
      'member',
    ]);
    for (const a of DEMO_ACCOUNTS) expect(await auth.verifyCredentials(a.username, a.password)).not.toBeNull();
    expect((await auth.getUserByName('moj'))?.organisationIds).toEqual([moj.id]);
    expect((await auth.getUserByName('courts'))?.organisationIds).toEqual([courts.id]);
  });

  it('says which organisation is missing', async () => {
    await expect(ensureDemoAccounts(auth, store, 1)).rejects.toThrow(/no organisation moj/);
  });
});
