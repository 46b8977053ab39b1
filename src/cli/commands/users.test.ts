/** `mamori users` end to end on SQLite: the command, the AuthStore and the database. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../../auth/auth-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { runMamori } from '../run-in-memory.ts';

describe('mamori users', () => {
  let dir: TempDir;
  let configFile: string;
  let cityId: number;

  const mamori = (...args: string[]) => runMamori('-c', configFile, 'users', ...args);

  async function verify(username: string, password: string) {
    const { store, handle } = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'm.db')}` });
    try {
      return await new AuthStore(handle).verifyCredentials(username, password);
    } finally {
      await store.close();
    }
  }

  beforeEach(async () => {
    dir = await makeTempDir('mamori-users-cli-');
    configFile = join(dir.path, 'mamori.yaml');
    await writeFile(configFile, 'database: { url: "sqlite:./m.db" }\nlog: { level: silent }\n');
    const { store } = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'm.db')}` });
    await store.migrate();
    cityId = (await store.upsertOrganisation({ slug: 'city', name: '市役所' }, 1)).id;
    await store.close();
  });
  afterEach(async () => dir.remove());

  it('adds, lists, resets and disables accounts', async () => {
    const added = await mamori('add', 'aoi', '--role', 'member', '--org', 'city', '--password', 'aoi-password');
    expect(added).toMatchObject({ code: 0, out: 'created aoi (member)' });
    expect(await verify('aoi', 'aoi-password')).toMatchObject({
      role: 'member',
      organisationIds: [cityId],
      mustChangePassword: false,
    });
    const admin = await mamori('add', 'root', '--role', 'admin');
    const oneTime = /one-time password: (\S+)/.exec(admin.out)?.[1];
    expect(oneTime).toBeDefined();
    expect(await verify('root', oneTime!)).toMatchObject({ mustChangePassword: true });
    expect((await mamori('add', 'aoi', '--role', 'member')).code).toBe(2);
    expect((await mamori('add', 'x', '--role', 'boss')).err).toMatch(
      /--role must be one of admin, analyst, member, investigator/,
    );
    expect((await mamori('add', 'y', '--role', 'member', '--org', 'nowhere')).err).toMatch(
      /no organisation with slug "nowhere"/,
    );

    const list = await mamori('list');
    expect(list.out.split('\n').map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'USERNAME ROLE ORGANISATIONS',
      'aoi member city',
      'root admin all',
    ]);
    expect(JSON.parse((await mamori('list', '--json')).out)).toMatchObject({
      items: [{ username: 'aoi' }, { username: 'root' }],
    });

    const reset = await mamori('passwd', 'aoi');
    const fresh = /one-time password for aoi: (\S+)/.exec(reset.out)?.[1];
    expect(await verify('aoi', 'aoi-password')).toBeNull();
    expect(await verify('aoi', fresh!)).not.toBeNull();
    expect(await mamori('disable', 'aoi')).toMatchObject({ code: 0 });
    expect(await verify('aoi', fresh!)).toBeNull();
    expect((await mamori('disable', 'aoi', '--enable')).code).toBe(0);
    expect(await verify('aoi', fresh!)).not.toBeNull();
    expect((await mamori('passwd', 'ghost')).code).toBe(1);
    expect((await mamori('frobnicate', 'aoi')).code).toBe(2);
  });
});
