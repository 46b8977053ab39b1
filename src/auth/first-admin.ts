/**
 * First start: a Mamori with no account gets an `admin`, with the configured password or a random
 * one that must be changed at first sign-in. Printed once: it is not stored anywhere in clear.
 */
import { StoreConstraintError } from '../store/errors.ts';
import type { AuthStore } from './auth-store.ts';
import { generatePassword } from './password.ts';

export type FirstAdmin = { created: false } | { created: true; username: string; password: string | null };

/** Creates `admin` when no user exists; `password` is returned only when it was generated. */
export async function ensureFirstAdmin(auth: AuthStore, configuredPassword: string, now: number): Promise<FirstAdmin> {
  if ((await auth.countUsers()) > 0) return { created: false };
  const generated = configuredPassword === '';
  const password = generated ? generatePassword() : configuredPassword;
  try {
    await auth.addUser(
      { username: 'admin', displayName: 'Administrator', role: 'admin', password, mustChangePassword: generated },
      now,
    );
  } catch (error) {
    // Several `serve` processes starting together on one database: another one created it first.
    if (error instanceof StoreConstraintError && (await auth.countUsers()) > 0) return { created: false };
    throw error;
  }
  return { created: true, username: 'admin', password: generated ? password : null };
}
