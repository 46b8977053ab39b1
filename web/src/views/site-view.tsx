import { Await } from '../components/await.tsx';
import { ReasonList } from '../components/reason-list.tsx';
import { formatDateTime } from '../format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { Site, SiteWatchLook as Look } from '../api-types.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';

/** The site watches, as GET /api/sites/{id}/watch answers them (docs/site-watch.md). */
const WATCHES = ['dns', 'tls', 'domain', 'headers'] as const;
type Watch = (typeof WATCHES)[number];

/** The page statuses' colours: as learnt is unchanged, a finding is suspicious, a failed look pending. */
const OUTCOME_CLASS: Record<Look['outcome'], string> = {
  ok: 'status-unchanged',
  findings: 'status-suspicious',
  error: 'status-pending',
};

export function SiteView({ id }: { id: number }) {
  const site = useApi(`site ${id}`, () => api.sites[':id'].$get({ param: { id: String(id) } }));
  return <Await result={site}>{(s) => <SiteDetail site={s} />}</Await>;
}

function SiteDetail({ site }: { site: Site }) {
  const { t } = useSession();
  const latest = useApi(`site watch ${site.id}`, () => api.sites[':id'].watch.$get({ param: { id: String(site.id) } }));
  return (
    <section data-testid="site-view">
      <h1 className="page-title">
        {site.name} <span className="muted mono">{site.origin}</span>
      </h1>
      <h2>{t('site.watches')}</h2>
      <Await result={latest}>
        {(byWatch) => (
          <>
            {WATCHES.map((w) => (
              <WatchCard key={w} siteId={site.id} watch={w} look={byWatch[w]} />
            ))}
          </>
        )}
      </Await>
    </section>
  );
}

function WatchCard({ siteId, watch, look }: { siteId: number; watch: Watch; look: Look | null }) {
  const { t, locale, timeZone } = useSession();
  const history = useApi(look ? `site watch ${siteId} ${watch}` : null, () =>
    api.sites[':id'].watch[':watch'].$get({ param: { id: String(siteId), watch }, query: { limit: '20' } }),
  );
  return (
    <div className="card" data-testid={`watch-${watch}`}>
      <h2>
        {t(`site.watch.${watch}` as MessageKey)}{' '}
        {look ? (
          <span className={`badge ${OUTCOME_CLASS[look.outcome]}`}>
            {t(`site.outcome.${look.outcome}` as MessageKey)}
          </span>
        ) : null}
      </h2>
      {look === null ? (
        <p className="muted">{t('site.neverLooked')}</p>
      ) : (
        <>
          <p className="muted">
            {t('site.subject')}: <span className="mono">{look.subject}</span> · {t('site.lastSeen')}:{' '}
            {formatDateTime(look.lastAt, locale, timeZone)}
          </p>
          {look.error ? <p className="mono small">{look.error}</p> : null}
          {look.findings.length > 0 ? <ReasonList reasons={look.findings} /> : null}
          <details>
            <summary>{t('site.seen')}</summary>
            {/* What a site answered is shown as text only (React escapes it): headers come from the site itself. */}
            <pre className="snippet">{JSON.stringify(look.snapshot, null, 2)}</pre>
          </details>
          <Await result={history}>
            {(h) => (
              <table className="grid">
                <caption>{t('site.history')}</caption>
                <thead>
                  <tr>
                    <th>{t('site.firstSeen')}</th>
                    <th>{t('site.lastSeen')}</th>
                    <th>{t('check.outcome')}</th>
                    <th>{t('page.reasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.items.map((l) => (
                    <tr key={l.id} data-testid="look-row">
                      <td className="time">{formatDateTime(l.at, locale, timeZone)}</td>
                      <td className="time">{formatDateTime(l.lastAt, locale, timeZone)}</td>
                      <td>{t(`site.outcome.${l.outcome}` as MessageKey)}</td>
                      <td className="mono small">{l.error ?? l.findings.map((f) => f.code).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Await>
        </>
      )}
    </div>
  );
}
