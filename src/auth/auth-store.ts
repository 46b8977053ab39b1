/**
 * Users and sessions over the shared Kysely handle (SQLite and PostgreSQL). A session's cookie value
 * is returned once, at creation; only its SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Repository } from '../store/repository.ts';
import type { AuthTables, UsersTable } from './tables.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { NewUser, Role, Session, User, UserPatch } from './types.ts';

type Row = Omit<UsersTable, 'id'> & { id: number };

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A users row as the API's User (admins and analysts see every organisation). */
export function toUser(row: Row): User {
  const role = row.role as Role;
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    role,
    organisationIds: role === 'admin' || role === 'analyst' ? 'all' : (JSON.parse(row.organisation_ids) as number[]),
    locale: row.locale === 'en' ? 'en' : 'ja',
    timeZone: row.time_zone,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    createdAt: Number(row.created_at),
  };
}

export class AuthStore extends Repository<AuthTables> {
  async addUser(user: NewUser, now: number): Promise<User> {
    const passwordHash = await hashPassword(user.password);
    return this.run(async () => {
      const row = await this.db
        .insertInto('users')
        .values({
          username: user.username,
          display_name: user.displayName ?? user.username,
          role: user.role,
          organisation_ids: JSON.stringify(user.organisationIds ?? []),
          password_hash: passwordHash,
          locale: user.locale ?? 'ja',
          time_zone: user.timeZone ?? 'Asia/Tokyo',
          disabled: 0,
          must_change_password: user.mustChangePassword ? 1 : 0,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    });
  }

  listUsers(): Promise<User[]> {
    return this.run(async () => (await this.db.selectFrom('users').selectAll().orderBy('id').execute()).map(toUser));
  }

  countUsers(): Promise<number> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  setDisabled(username: string, disabled: boolean): Promise<boolean> {
    return this.run(async () => {
      const result = await this.db
        .updateTable('users')
        .set({ disabled: disabled ? 1 : 0 })
        .where('username', '=', username)
        .executeTakeFirst();
      if (disabled) {
        await this.db
          .deleteFrom('sessions')
          .where('user_id', 'in', this.db.selectFrom('users').select('id').where('username', '=', username))
          .execute();
      }
      return Number(result.numUpdatedRows) > 0;
    });
  }

  getUser(id: number): Promise<User | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    });
  }

  getUserByName(username: string): Promise<User | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row ? toUser(row) : null;
    });
  }

  /**
   * Changes an account; null when there is none. A new password or disabling the account ends its
   * sessions, so a stolen session does not survive the reset.
   */
  async updateUser(id: number, patch: UserPatch): Promise<User | null> {
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    return this.run(async () => {
      const set: Partial<Omit<UsersTable, 'id'>> = {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.organisationIds !== undefined ? { organisation_ids: JSON.stringify(patch.organisationIds) } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        ...(passwordHash !== undefined
          ? { password_hash: passwordHash, must_change_password: patch.mustChangePassword ? 1 : 0 }
          : {}),
        ...(passwordHash === undefined && patch.mustChangePassword !== undefined
          ? { must_change_password: patch.mustChangePassword ? 1 : 0 }
          : {}),
      };
      if (Object.keys(set).length > 0) await this.db.updateTable('users').set(set).where('id', '=', id).execute();
      if (patch.disabled === true || passwordHash !== undefined)
        await this.db.deleteFrom('sessions').where('user_id', '=', id).execute();
      const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    });
  }

  /** The user when the password matches an enabled account, else null (same answer for both failures). */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const row = await this.run(() =>
      this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),
    );
    // Hash anyway when the user is unknown, so the answer takes as long as for a wrong password.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || row.disabled === 1) return null;
    return toUser(row);
  }

  /** A new session: the cookie value (returned only here) and its CSRF token. */
  createSession(
    userId: number,
    now: number,
    ttlMs: number,
  ): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlMs;
    return this.run(async () => {
      await this.db
        .insertInto('sessions')
        .values({
          token_hash: sha256(token),
          user_id: userId,
          csrf_token: csrfToken,
          created_at: now,
          expires_at: expiresAt,
        })
        .execute();
      return { token, csrfToken, expiresAt };
    });
  }

  /** The live session of an enabled user for this cookie value, else null. */
  getSession(token: string, now: number): Promise<Session | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.expires_at'])
        .where('sessions.token_hash', '=', sha256(token))
        .executeTakeFirst();
      if (!row || Number(row.expires_at) <= now || row.disabled === 1) return null;
      return { user: toUser(row), csrfToken: row.csrf_token, expiresAt: Number(row.expires_at) };
    });
  }

  /** Drops sessions past their expiry (they already fail to sign anyone in); the count deleted. */
  deleteExpiredSessions(now: number): Promise<number> {
    return this.run(async () => {
      const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  deleteSession(token: string): Promise<void> {
    return this.run(async () => {
      await this.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
    });
  }
}

// A valid hash of a random password nobody knows: verifying against it costs what a real check costs.
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));
