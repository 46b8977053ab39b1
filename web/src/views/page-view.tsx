import { domainText } from '../i18n/domain.ts';
import { Await } from '../components/await.tsx';
import { HistoryChart } from '../components/history-chart.tsx';
import { Link } from '../components/link.tsx';
import { ReasonList } from '../components/reason-list.tsx';
import { UptimeCard } from '../components/uptime-card.tsx';
import { VantageCard } from '../components/vantage-card.tsx';
import { SeverityBadge, StatusBadge } from '../components/status-badge.tsx';
import { formatDateTime, formatDuration } from '../format.ts';
import { useSession } from '../session.tsx';
import type { Page } from '../api-types.ts';
import { useApi } from '../use-api.ts';
import { api } from '../api.ts';

export function PageView({ id }: { id: number }) {
  const page = useApi(`page ${id}`, () => api.pages[':id'].$get({ param: { id: String(id) } }));
  return <Await result={page}>{(p) => <PageDetail page={p} />}</Await>;
}

function PageDetail({ page }: { page: Page }) {
  const { t, locale, timeZone } = useSession();
  const text = domainText(locale);
  const param = { id: String(page.id) };
  const checks = useApi(`checks ${page.id}`, () => api.pages[':id'].checks.$get({ param, query: { limit: '100' } }));
  const incidents = useApi(`incidents ${page.id}`, () =>
    api.incidents.$get({ query: { pageId: param.id, limit: '20' } }),
  );
  return (
    <section data-testid="page-view">
      <h1 className="page-title">
        <StatusBadge status={page.status} /> <span className="mono">{page.url}</span>
      </h1>
      <p data-testid="open-history">
        <Link to={`/pages/${page.id}/history`}>{t('history.open')}</Link>
      </p>
      <p className="muted">
        {page.baseline ? t('page.baseline', { samples: page.baseline.samples }) : null}
        {page.baseline?.untrusted
          ? ` · ${t('page.baselineUntrusted', { reasons: page.baseline.untrustedReasons.join(', ') })}`
          : null}
      </p>
      <Await result={checks}>
        {(list) => (
          <>
            <div className="card">
              <h2>{t('page.history')}</h2>
              <HistoryChart checks={list.items} />
            </div>
            <UptimeCard pageId={page.id} />
            <VantageCard pageId={page.id} />
            {list.items[0] ? (
              <div className="card">
                <h2>
                  {t('page.verdict')} <StatusBadge status={list.items[0].verdict} />
                </h2>
                <ReasonList reasons={list.items[0].reasons} />
              </div>
            ) : null}
            <Await result={incidents}>
              {(inc) =>
                inc.items.length > 0 ? (
                  <div className="card">
                    <h2>{t('page.incidents')}</h2>
                    <ul className="plain">
                      {inc.items.map((i) => (
                        <li key={i.id}>
                          <SeverityBadge severity={i.severity} />{' '}
                          <Link to={`/incidents/${i.id}`}>{text.title(i.title)}</Link>{' '}
                          <span className="muted">{text.state(i.state)}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null
              }
            </Await>
            <div className="card">
              <h2>{t('page.checks')}</h2>
              <table className="grid">
                <thead>
                  <tr>
                    <th>{t('check.time')}</th>
                    <th>{t('check.verdict')}</th>
                    <th>{t('check.outcome')}</th>
                    <th>{t('check.http')}</th>
                    <th>{t('check.duration')}</th>
                    <th>{t('page.reasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((c) => (
                    <tr key={c.id} data-testid="check-row">
                      <td className="time">{formatDateTime(c.startedAt, locale, timeZone)}</td>
                      <td>
                        <StatusBadge status={c.verdict} />
                      </td>
                      <td className="mono">{c.outcome}</td>
                      <td>{c.httpStatus ?? '—'}</td>
                      <td>{formatDuration(c.durationMs)}</td>
                      <td className="mono small">{c.reasons.map((r) => r.code).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Await>
    </section>
  );
}
