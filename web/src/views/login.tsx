import { useState, type FormEvent } from 'react';
import { api, call } from '../api.ts';
import { LocaleSwitch } from '../components/locale-switch.tsx';
import { useSession } from '../session.tsx';
import type { Me } from '../api-types.ts';

export function LoginView({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    call(() => api.auth.login.$post({ json: { username, password } }))
      .then((r) => {
        if (r.ok) onSignedIn(r.data);
        else
          setProblem(
            r.status === 429
              ? t('login.rateLimited')
              : r.status === 401 || r.status === 400
                ? t('login.failed')
                : t('common.error', { message: r.message }),
          );
      })
      .catch((error: unknown) => setProblem(t('common.error', { message: String(error) })))
      .finally(() => setBusy(false));
  };

  return (
    <div className="login">
      <form className="card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-head">
          <h1 id="login-title">{t('login.title')}</h1>
          <LocaleSwitch />
        </div>
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {problem ? (
          <p className="error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
