export const ROLES = ['admin', 'analyst', 'member', 'investigator'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Admins and analysts see every organisation. */
  organisationIds: number[] | 'all';
  locale: 'ja' | 'en';
  timeZone: string;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: number;
}

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  organisationIds?: number[];
  password: string;
  locale?: 'ja' | 'en';
  timeZone?: string;
  mustChangePassword?: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: number;
}

/** What an admin may change on an account (PATCH /api/users/{id}, `mamori users`). */
export interface UserPatch {
  displayName?: string;
  role?: Role;
  organisationIds?: number[];
  locale?: 'ja' | 'en';
  timeZone?: string;
  disabled?: boolean;
  /** A new password (a reset); ends the account's sessions. */
  password?: string;
  mustChangePassword?: boolean;
}
