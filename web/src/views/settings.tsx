import { useState, type FormEvent } from 'react';
import { api, call } from '../api.ts';
import { Await } from '../components/await.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { ChannelSettings } from './settings-channels.tsx';

export function SettingsView() {
  const { t, user } = useSession();
  return (
    <section data-testid="settings-view">
      <h1>{t('settings.title')}</h1>
      {user ? (
        <p className="muted">{t('settings.me', { name: user.displayName || user.username, role: user.role })}</p>
      ) : null}
      <Targets />
      <ChannelSettings />
      <Users />
    </section>
  );
}

function Targets() {
  const { t } = useSession();
  const [refresh, setRefresh] = useState(0);
  const orgs = useApi(`organisations ${refresh}`, () => api.organisations.$get());
  const sites = useApi(`sites ${refresh}`, () => api.sites.$get({ query: {} }));
  const [url, setUrl] = useState('');
  const [org, setOrg] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    call(() => api.targets.$post({ json: { url, organisation: org } }))
      .then((r) => {
        if (r.ok) {
          setMessage(t(r.data.created ? 'settings.added' : 'settings.already', { url: r.data.page.url }));
          setRefresh((n) => n + 1);
        } else setMessage(t('common.error', { message: r.message }));
      })
      .catch((error: unknown) => setMessage(t('common.error', { message: String(error) })));
  };
  return (
    <div className="card">
      <h2>{t('settings.targets')}</h2>
      <Await result={orgs}>
        {(o) => (
          <Await result={sites}>
            {(s) => (
              <ul className="plain">
                {o.items.map((org) => (
                  <li key={org.id}>
                    <strong>{org.name}</strong> <span className="mono muted">{org.slug}</span>
                    <ul>
                      {s.items
                        .filter((site) => site.organisationId === org.id)
                        .map((site) => (
                          <li key={site.id}>
                            {site.name} <span className="mono muted">{site.origin}</span>
                          </li>
                        ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </Await>
        )}
      </Await>
      <form className="filters" onSubmit={submit}>
        <h3>{t('settings.addTarget')}</h3>
        <input
          type="url"
          required
          aria-label={t('settings.url')}
          placeholder="https://www.example.go.jp/"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <input
          required
          aria-label={t('settings.orgSlug')}
          placeholder={t('settings.orgSlug')}
          pattern="[a-z0-9][a-z0-9-]{0,62}"
          value={org}
          onChange={(e) => setOrg(e.target.value)}
        />
        <button type="submit">{t('settings.add')}</button>
      </form>
      {message ? <p role="status">{message}</p> : null}
    </div>
  );
}

function Users() {
  const { t } = useSession();
  const users = useApi('users', () => api.users.$get());
  return (
    <div className="card">
      <h2>{t('settings.users')}</h2>
      <Await result={users}>
        {(u) => (
          <table className="grid">
            <tbody>
              {u.items.map((x) => (
                <tr key={x.id}>
                  <td>{x.username}</td>
                  <td>{x.displayName ?? ''}</td>
                  <td>{x.role}</td>
                  <td className="muted small">
                    {x.organisationIds === 'all' ? 'all' : (x.organisationIds ?? []).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Await>
    </div>
  );
}
