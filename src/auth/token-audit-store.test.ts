/** API tokens, account changes and the audit log on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type OpenTestDatabase } from '../store/both-databases.ts';
import { AuditStore } from './audit-store.ts';
import { AuthStore } from './auth-store.ts';
import { TokenStore } from './token-store.ts';

const T0 = 1_760_000_000_000;

function runSuite(name: string, open: OpenTestDatabase): void {
  describe(`tokens and audit: ${name}`, () => {
    let fx: Awaited<ReturnType<typeof open>>;
    let auth: AuthStore;
    let tokens: TokenStore;
    let audit: AuditStore;
    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      auth = new AuthStore(fx.handle);
      tokens = new TokenStore(fx.handle);
      audit = new AuditStore(fx.handle);
    });
    afterEach(async () => fx.cleanup());

    it('verifies a token by its secret until it is revoked or expires, and stores only its hash', async () => {
      const user = await auth.addUser({ username: 'bot', role: 'analyst', password: 'pw-123456' }, T0);
      const { secret, token } = await tokens.create(
        { userId: user.id, name: 'siem', scopes: ['read'], expiresAt: T0 + 60_000 },
        T0,
      );
      expect(secret).toMatch(/^mmr_[\w-]{43}$/);
      expect(token).toEqual({
        id: expect.any(Number) as number,
        userId: user.id,
        name: 'siem',
        scopes: ['read'],
        createdAt: T0,
        lastUsedAt: null,
        expiresAt: T0 + 60_000,
        revokedAt: null,
      });
      expect(JSON.stringify(await tokens.list())).not.toContain(secret.slice(4));
      const seen = await tokens.verify(secret, T0 + 10);
      expect(seen).toMatchObject({
        token: { id: token.id, scopes: ['read'], lastUsedAt: T0 + 10 },
        user: { username: 'bot', organisationIds: 'all' },
      });
      expect((await tokens.get(token.id))?.lastUsedAt).toBe(T0 + 10);
      expect(await tokens.verify(`${secret}x`, T0 + 10)).toBeNull();
      expect(await tokens.verify(secret, T0 + 60_000)).toBeNull();
      const forever = await tokens.create(
        { userId: user.id, name: 'ci', scopes: ['read', 'write'], expiresAt: null },
        T0 + 1,
      );
      expect((await tokens.list(user.id)).map((t) => t.name)).toEqual(['ci', 'siem']);
      expect(await tokens.revoke(forever.token.id, T0 + 2)).toBe(true);
      expect(await tokens.revoke(forever.token.id, T0 + 3)).toBe(false);
      expect(await tokens.verify(forever.secret, T0 + 4)).toBeNull();
      const third = await tokens.create({ userId: user.id, name: 'x', scopes: ['read'], expiresAt: null }, T0);
      await auth.setDisabled('bot', true);
      expect(await tokens.verify(third.secret, T0 + 5)).toBeNull();
    });

    it('changes an account, and a password reset ends its sessions', async () => {
      const org = await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, T0);
      const user = await auth.addUser(
        { username: 'aoi', role: 'member', organisationIds: [org.id], password: 'first-pass' },
        T0,
      );
      const session = await auth.createSession(user.id, T0, 60_000);
      expect(await auth.updateUser(user.id, { role: 'investigator', displayName: 'Aoi', locale: 'en' })).toMatchObject({
        role: 'investigator',
        displayName: 'Aoi',
        locale: 'en',
        organisationIds: [org.id],
      });
      expect(await auth.getSession(session.token, T0 + 1)).not.toBeNull();
      expect(await auth.updateUser(user.id, { password: 'second-pass', mustChangePassword: true })).toMatchObject({
        mustChangePassword: true,
      });
      expect(await auth.getSession(session.token, T0 + 1)).toBeNull();
      expect(await auth.verifyCredentials('aoi', 'first-pass')).toBeNull();
      expect(await auth.verifyCredentials('aoi', 'second-pass')).not.toBeNull();
      expect(await auth.updateUser(9999, { disabled: true })).toBeNull();
      expect((await auth.getUserByName('aoi'))?.id).toBe(user.id);
      expect(await auth.getUser(user.id + 1)).toBeNull();
    });

    it('deletes expired sessions only', async () => {
      const user = await auth.addUser({ username: 'root', role: 'admin', password: 'pw-123456' }, T0);
      const short = await auth.createSession(user.id, T0, 1_000);
      const long = await auth.createSession(user.id, T0, 60_000);
      expect(await auth.deleteExpiredSessions(T0 + 1_000)).toBe(1);
      expect(await auth.deleteExpiredSessions(T0 + 1_000)).toBe(0);
      expect(await auth.getSession(short.token, T0)).toBeNull();
      expect(await auth.getSession(long.token, T0 + 1_000)).not.toBeNull();
    });

    it('appends audit entries and lists them newest first with a keyset cursor', async () => {
      for (let i = 0; i < 3; i++) {
        await audit.append({
          at: T0 + i,
          actorId: i,
          actorUsername: `u${i}`,
          via: 'session',
          method: 'POST',
          path: `/api/x/${i}`,
          status: 200,
          target: `x:${i}`,
          detail: { n: i, 名: '監査' },
        });
      }
      const page1 = await audit.list({ limit: 2 });
      expect(page1.map((e) => e.path)).toEqual(['/api/x/2', '/api/x/1']);
      expect(page1[0]).toEqual({
        id: expect.any(Number) as number,
        at: T0 + 2,
        actorId: 2,
        actorUsername: 'u2',
        via: 'session',
        method: 'POST',
        path: '/api/x/2',
        status: 200,
        target: 'x:2',
        detail: { n: 2, 名: '監査' },
      });
      expect((await audit.list({ limit: 5, beforeId: page1[1]!.id })).map((e) => e.path)).toEqual(['/api/x/0']);
      expect((await audit.list({ limit: 5, actorId: 1 })).map((e) => e.path)).toEqual(['/api/x/1']);
    });
  });
}

await onBothDatabases('tokens and audit', testEnv(process.env), runSuite);
