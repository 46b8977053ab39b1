/**
 * API tokens over the shared Kysely handle. A token is `mmr_` and 32 random bytes in base64url,
 * returned once at creation; only its SHA-256 is stored, so the table cannot be replayed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Repository } from '../store/repository.ts';
import { toUser } from './auth-store.ts';
import type { ApiTokensTable, AuthTables } from './tables.ts';
import type { User } from './types.ts';

import { TOKEN_SCOPES, type TokenScopeName } from './token-scopes.ts';

export { TOKEN_SCOPES, type TokenScopeName };

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  scopes: TokenScopeName[];
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface NewApiToken {
  userId: number;
  name: string;
  scopes: readonly TokenScopeName[];
  expiresAt: number | null;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toToken(row: Omit<ApiTokensTable, 'id' | 'token_hash'> & { id: number }): ApiToken {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    name: row.name,
    scopes: JSON.parse(row.scopes) as TokenScopeName[],
    createdAt: Number(row.created_at),
    lastUsedAt: num(row.last_used_at),
    expiresAt: num(row.expires_at),
    revokedAt: num(row.revoked_at),
  };
}

const TOKEN_COLUMNS = [
  'id',
  'user_id',
  'name',
  'scopes',
  'created_at',
  'last_used_at',
  'expires_at',
  'revoked_at',
] as const;

export class TokenStore extends Repository<AuthTables> {
  /** The new token's secret (shown once) and its record. */
  create(token: NewApiToken, now: number): Promise<{ secret: string; token: ApiToken }> {
    const secret = `mmr_${randomBytes(32).toString('base64url')}`;
    return this.run(async () => {
      const row = await this.db
        .insertInto('api_tokens')
        .values({
          user_id: token.userId,
          name: token.name,
          token_hash: sha256(secret),
          scopes: JSON.stringify([...token.scopes]),
          created_at: now,
          expires_at: token.expiresAt,
        })
        .returning(TOKEN_COLUMNS)
        .executeTakeFirstOrThrow();
      return { secret, token: toToken(row) };
    });
  }

  /** Newest first; one user's tokens, or everyone's. */
  list(userId?: number): Promise<ApiToken[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('api_tokens').select(TOKEN_COLUMNS).orderBy('id', 'desc');
      if (userId !== undefined) q = q.where('user_id', '=', userId);
      return (await q.execute()).map(toToken);
    });
  }

  get(id: number): Promise<ApiToken | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row ? toToken(row) : null;
    });
  }

  /** Revokes a live token; false when it was already revoked or does not exist. */
  revoke(id: number, now: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    });
  }

  /** The token and its enabled user for a secret that is live (not revoked, not expired); marks it used. */
  verify(secret: string, now: number): Promise<{ token: ApiToken; user: User } | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.name as token_name',
          'api_tokens.scopes',
          'api_tokens.created_at as token_created_at',
          'api_tokens.last_used_at',
          'api_tokens.expires_at',
          'api_tokens.revoked_at',
        ])
        .where('api_tokens.token_hash', '=', sha256(secret))
        .executeTakeFirst();
      if (!row || row.revoked_at !== null || row.disabled === 1) return null;
      if (row.expires_at !== null && Number(row.expires_at) <= now) return null;
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
      const token = toToken({
        id: row.token_id,
        user_id: row.id,
        name: row.token_name,
        scopes: row.scopes,
        created_at: row.token_created_at,
        last_used_at: now,
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
      });
      return { token, user: toUser(row) };
    });
  }
}
