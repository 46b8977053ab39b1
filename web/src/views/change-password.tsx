import { useState, type FormEvent } from 'react';
import { api, call } from '../api.ts';
import { LocaleSwitch } from '../components/locale-switch.tsx';
import { passwordProblem } from '../password-model.ts';
import { useSession } from '../session.tsx';
import type { Me } from '../api-types.ts';

/**
 * Shown instead of the app while the account has a one-time password: the server refuses every
 * other route until it is changed (403 password_change_required). The answer is a new session.
 */
export function ChangePasswordView({ onChanged }: { onChanged: (me: Me) => void }) {
  const { t, signOut, user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = passwordProblem(current, next, again);
    if (local) {
      setProblem(t(local));
      return;
    }
    setBusy(true);
    setProblem(null);
    call(() => api.auth.password.$post({ json: { currentPassword: current, newPassword: next } }))
      .then((r) => {
        if (r.ok) onChanged(r.data);
        else setProblem(r.status === 403 ? t('password.wrongCurrent') : t('common.error', { message: r.message }));
      })
      .catch((error: unknown) => setProblem(t('common.error', { message: String(error) })))
      .finally(() => setBusy(false));
  };

  return (
    <div className="login">
      <form className="card" onSubmit={submit} aria-labelledby="password-title" data-testid="change-password">
        <div className="login-head">
          <h1 id="password-title">{t('password.title')}</h1>
          <LocaleSwitch />
        </div>
        <p className="muted">{t('password.intro', { name: user?.username ?? '' })}</p>
        <label>
          {t('password.current')}
          <input
            name="current-password"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </label>
        <label>
          {t('password.new')}
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
          />
        </label>
        <label>
          {t('password.again')}
          <input
            name="new-password-again"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
          />
        </label>
        {problem ? (
          <p className="error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('password.submit')}
        </button>
        <button type="button" className="secondary" onClick={signOut}>
          {t('nav.logout')}
        </button>
      </form>
    </div>
  );
}
