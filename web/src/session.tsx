import { createContext, useContext } from 'react';
import type { Locale, Translate } from './i18n/translate.ts';
import type { User } from './api-types.ts';

/** Who is signed in and how they read: passed to every view through context. */
export interface SessionContext {
  /** Null when the server has no accounts (no auth routes): the API is then open. */
  user: User | null;
  locale: Locale;
  timeZone: string;
  t: Translate;
  setLocale: (locale: Locale) => void;
  signOut: () => void;
}

export const Session = createContext<SessionContext | null>(null);

export function useSession(): SessionContext {
  const s = useContext(Session);
  if (!s) throw new Error('useSession outside <Session.Provider>');
  return s;
}
