/**
 * Table typings of migrations 0007 (users, sessions) and 0009 (API tokens, the audit log), typed as
 * store/tables.ts says. The auth, token and audit stores share them (a token joins its user).
 */
import type { Generated } from 'kysely';
import type { EpochMs } from '../store/tables.ts';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  organisation_ids: string;
  password_hash: string;
  locale: string;
  time_zone: string;
  disabled: number;
  must_change_password: number;
  created_at: EpochMs;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: EpochMs;
  expires_at: EpochMs;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: EpochMs;
  last_used_at: EpochMs | null;
  expires_at: EpochMs | null;
  revoked_at: EpochMs | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: EpochMs;
  actor_id: number | null;
  actor_username: string | null;
  via: string;
  method: string;
  path: string;
  status: number;
  target: string | null;
  detail: string;
}

export type AuthTables = {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
};
