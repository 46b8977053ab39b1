import type { MessageKey } from './i18n/en.ts';

/** Why a new password is not accepted yet, before asking the server (which checks the same length). */
export function passwordProblem(current: string, next: string, again: string): MessageKey | null {
  if (next.length < 8) return 'password.tooShort';
  if (next !== again) return 'password.mismatch';
  if (next === current) return 'password.same';
  return null;
}
