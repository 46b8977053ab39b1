import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, call, setCsrfToken, setSignedOutHandler } from './api.ts';
import { safeTimeZone } from './format.ts';
import { pickLocale, translator, type Locale } from './i18n/translate.ts';
import { Session, type SessionContext } from './session.tsx';
import type { Me, User } from './api-types.ts';
import { Shell } from './shell.tsx';
import { LoginView } from './views/login.tsx';
import { ChangePasswordView } from './views/change-password.tsx';

const LOCALE_KEY = 'mamori.locale';

type AuthState = { state: 'checking' } | { state: 'signed-out' } | { state: 'signed-in'; user: User };

export function App() {
  const [auth, setAuth] = useState<AuthState>({ state: 'checking' });
  const [stored, setStored] = useState<string | null>(() => window.localStorage.getItem(LOCALE_KEY));

  const adopt = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setAuth({ state: 'signed-in', user: me.user });
  }, []);

  useEffect(() => {
    setSignedOutHandler(() => {
      setCsrfToken(null);
      setAuth({ state: 'signed-out' });
    });
    call(() => api.auth.me.$get())
      .then((r) => {
        if (r.ok) adopt(r.data);
        else setAuth({ state: 'signed-out' });
      })
      .catch(() => setAuth({ state: 'signed-out' }));
    return () => setSignedOutHandler(null);
  }, [adopt]);

  const user = auth.state === 'signed-in' ? auth.user : null;
  const locale = pickLocale(stored, user?.locale, navigator.languages);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const session = useMemo<SessionContext>(
    () => ({
      user,
      locale,
      timeZone: safeTimeZone(user?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
      t: translator(locale),
      setLocale: (l: Locale) => {
        window.localStorage.setItem(LOCALE_KEY, l);
        setStored(l);
      },
      signOut: () => {
        call(() => api.auth.logout.$post())
          .catch(() => undefined)
          .finally(() => {
            setCsrfToken(null);
            setAuth({ state: 'signed-out' });
          });
      },
    }),
    [user, locale],
  );

  return (
    <Session.Provider value={session}>
      {auth.state === 'checking' ? <p className="muted center">{session.t('common.loading')}</p> : null}
      {auth.state === 'signed-out' ? <LoginView onSignedIn={adopt} /> : null}
      {auth.state === 'signed-in' && user?.mustChangePassword ? <ChangePasswordView onChanged={adopt} /> : null}
      {auth.state === 'signed-in' && !user?.mustChangePassword ? <Shell /> : null}
    </Session.Provider>
  );
}
