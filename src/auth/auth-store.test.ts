/** Users and sessions on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type OpenTestDatabase } from '../store/both-databases.ts';
import { AuthStore } from './auth-store.ts';

const T0 = 1_760_000_000_000;

function runSuite(name: string, open: OpenTestDatabase): void {
  describe(`auth store: ${name}`, () => {
    let fx: Awaited<ReturnType<typeof open>>;
    let auth: AuthStore;
    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      auth = new AuthStore(fx.handle);
    });
    afterEach(async () => fx.cleanup());

    it('verifies the password of an enabled user only', async () => {
      const org = await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, T0);
      await auth.addUser({ username: 'aoi', role: 'member', organisationIds: [org.id], password: 'correct horse' }, T0);
      await auth.addUser({ username: 'root', role: 'admin', password: 'other pass' }, T0);
      expect(await auth.verifyCredentials('aoi', 'wrong')).toBeNull();
      expect(await auth.verifyCredentials('nobody', 'correct horse')).toBeNull();
      expect(await auth.verifyCredentials('aoi', 'correct horse')).toMatchObject({
        username: 'aoi',
        role: 'member',
        organisationIds: [org.id],
      });
      expect((await auth.verifyCredentials('root', 'other pass'))?.organisationIds).toBe('all');
      expect(await auth.setDisabled('aoi', true)).toBe(true);
      expect(await auth.verifyCredentials('aoi', 'correct horse')).toBeNull();
      expect(await auth.countUsers()).toBe(2);
    });

    it('finds a session by its cookie value until it expires or is deleted', async () => {
      const user = await auth.addUser({ username: 'root', role: 'admin', password: 'pw-123456' }, T0);
      const s = await auth.createSession(user.id, T0, 60_000);
      expect(await auth.getSession(s.token, T0 + 1)).toMatchObject({
        user: { username: 'root' },
        csrfToken: s.csrfToken,
      });
      expect(await auth.getSession('not-a-token', T0 + 1)).toBeNull();
      expect(await auth.getSession(s.token, T0 + 60_000)).toBeNull();
      const t = await auth.createSession(user.id, T0, 60_000);
      await auth.deleteSession(t.token);
      expect(await auth.getSession(t.token, T0 + 1)).toBeNull();
      const u = await auth.createSession(user.id, T0, 60_000);
      await auth.setDisabled('root', true);
      expect(await auth.getSession(u.token, T0 + 1)).toBeNull();
    });
  });
}

await onBothDatabases('auth store', testEnv(process.env), runSuite);
