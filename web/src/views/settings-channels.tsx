import { useState } from 'react';
import { api, call } from '../api.ts';
import { Await } from '../components/await.tsx';
import { routeLabels, seesChannels } from '../channel-model.ts';
import { formatCount, formatDateTime } from '../format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { Channel, MaintenanceWindow, Notification } from '../api-types.ts';
import { useApi } from '../use-api.ts';

/** Settings › notification channels: the channels with their outbox figures, a test for admins, maintenance windows, recent notifications. */
export function ChannelSettings() {
  const { t, user } = useSession();
  const [refresh, setRefresh] = useState(0);
  const notifications = useApi(`notifications ${refresh}`, () => api.notifications.$get({ query: { limit: '20' } }));
  return (
    <div className="card" data-testid="channels">
      <div className="card-head">
        <h2>{t('settings.channels')}</h2>
        <button type="button" className="secondary" onClick={() => setRefresh((n) => n + 1)}>
          {t('channels.refresh')}
        </button>
      </div>
      {seesChannels(user?.role) ? <Channels refresh={refresh} onQueued={() => setRefresh((n) => n + 1)} /> : null}
      <h3>{t('settings.recentNotifications')}</h3>
      <Await result={notifications}>{(n) => <RecentNotifications items={n.items} />}</Await>
    </div>
  );
}

function Channels({ refresh, onQueued }: { refresh: number; onQueued: () => void }) {
  const { t, user } = useSession();
  const channels = useApi(`channels ${refresh}`, () => api.channels.$get());
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const sendTest = (name: string) => {
    setBusy(name);
    // hc puts path parameters in as they are: the name is encoded here.
    call(() => api.channels[':name'].test.$post({ param: { name: encodeURIComponent(name) } }))
      .then((r) => {
        setMessage(
          r.ok ? t('channels.testQueued', { id: r.data.id, name }) : t('common.error', { message: r.message }),
        );
        if (r.ok) onQueued();
      })
      .catch((error: unknown) => setMessage(t('common.error', { message: String(error) })))
      .finally(() => setBusy(null));
  };
  return (
    <Await result={channels}>
      {(c) => (
        <>
          <ChannelTable items={c.items} busy={busy} onTest={user?.role === 'admin' ? sendTest : null} />
          {message ? (
            <p role="status" data-testid="channel-message">
              {message}
            </p>
          ) : null}
          <h3>{t('channels.maintenance')}</h3>
          <MaintenanceTable items={c.maintenance} />
        </>
      )}
    </Await>
  );
}

function ChannelTable({
  items,
  busy,
  onTest,
}: {
  items: Channel[];
  busy: string | null;
  onTest: ((name: string) => void) | null;
}) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('channels.none')}</p>;
  const count = (n: number) => formatCount(n, locale);
  return (
    <table className="grid" data-testid="channel-table">
      <thead>
        <tr>
          {(
            [
              'channels.name',
              'channels.destination',
              'channels.routes',
              'channels.status',
              'channels.pending',
              'channels.failed',
              'channels.delivered',
              'channels.lastDelivery',
              'channels.lastError',
            ] as const
          ).map((k) => (
            <th key={k}>{t(k)}</th>
          ))}
          {onTest ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((ch) => (
          <tr key={ch.name} data-testid="channel-row" data-channel={ch.name}>
            <td>
              <strong>{ch.name}</strong> <span className="muted small">{ch.type}</span>
            </td>
            <td className="mono small">
              {ch.destination} {ch.signed ? <span className="badge severity-info">{t('channels.signed')}</span> : null}
            </td>
            <td className="small">
              {routeLabels(ch.routes, t).map((label) => (
                <div key={label}>{label}</div>
              ))}
            </td>
            <td>
              <span className={`badge channel-${ch.status}`} data-testid="channel-status">
                {t(`channels.status.${ch.status}` as MessageKey)}
              </span>
            </td>
            <td className="num">{count(ch.outbox.pending)}</td>
            <td className="num">{count(ch.outbox.failed)}</td>
            <td className="num" data-testid="channel-delivered">
              {count(ch.outbox.delivered)}
            </td>
            <td className="time">
              {ch.outbox.lastDeliveredAt !== null
                ? formatDateTime(ch.outbox.lastDeliveredAt, locale, timeZone)
                : t('channels.never')}
            </td>
            <td className="small">
              {ch.outbox.lastError ? (
                <>
                  {ch.outbox.lastError.at !== null ? (
                    <div className="time muted">{formatDateTime(ch.outbox.lastError.at, locale, timeZone)}</div>
                  ) : null}
                  <span className="error">{ch.outbox.lastError.message}</span>
                </>
              ) : null}
            </td>
            {onTest ? (
              <td>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy === ch.name}
                  onClick={() => onTest(ch.name)}
                  data-testid="send-test"
                >
                  {t('channels.sendTest')}
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MaintenanceTable({ items }: { items: MaintenanceWindow[] }) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('channels.noMaintenance')}</p>;
  return (
    <table className="grid" data-testid="maintenance-table">
      <thead>
        <tr>
          {(['channels.site', 'channels.from', 'channels.to', 'channels.reason'] as const).map((k) => (
            <th key={k}>{t(k)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((w) => (
          <tr key={`${w.site}-${w.from}`}>
            <td className="mono small">
              {w.site} {w.active ? <span className="badge severity-medium">{t('channels.active')}</span> : null}
            </td>
            <td className="time">{formatDateTime(w.from, locale, timeZone)}</td>
            <td className="time">{formatDateTime(w.to, locale, timeZone)}</td>
            <td>{w.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecentNotifications({ items }: { items: Notification[] }) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <table className="grid">
      <tbody>
        {items.map((x) => (
          <tr key={x.id}>
            <td className="time">{formatDateTime(x.createdAt, locale, timeZone)}</td>
            <td>{x.channel}</td>
            <td>{x.event}</td>
            <td>{x.state}</td>
            <td className="muted small">{x.lastError ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
