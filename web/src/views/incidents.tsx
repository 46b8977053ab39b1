import { domainText } from '../i18n/domain.ts';
import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { SeverityBadge } from '../components/status-badge.tsx';
import { formatDateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import type { Incident } from '../api-types.ts';
import { useApi } from '../use-api.ts';
import { api } from '../api.ts';
import { incidentFiltersToSearch, incidentQuery, readIncidentFilters } from '../incident-filters.ts';
import { navigate, useLocation } from '../router.ts';
import { IncidentFilterBar } from './incident-filter-bar.tsx';

export function IncidentsView() {
  const { t } = useSession();
  const { search } = useLocation();
  const filters = readIncidentFilters(search);
  const query = incidentQuery(filters, 100);
  const list = useApi(`incidents ${JSON.stringify(query)}`, () => api.incidents.$get({ query }));
  return (
    <section>
      <h1>{t('incidents.title')}</h1>
      <IncidentFilterBar filters={filters} onChange={(f) => navigate(`/incidents${incidentFiltersToSearch(f)}`)} />
      <Await result={list}>{(l) => <IncidentTable items={l.items} />}</Await>
    </section>
  );
}

export function IncidentTable({ items }: { items: readonly Incident[] }) {
  const { t, locale, timeZone } = useSession();
  const text = domainText(locale);
  if (items.length === 0) return <p className="muted">{t('incidents.none')}</p>;
  return (
    <table className="grid" data-testid="incident-list">
      <thead>
        <tr>
          <th>{t('incident.severity')}</th>
          <th>{t('incident.title')}</th>
          <th>{t('incident.state')}</th>
          <th>{t('incident.opened')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-testid="incident-row">
            <td>
              <SeverityBadge severity={i.severity} />
            </td>
            <td>
              <Link to={`/incidents/${i.id}`}>{text.title(i.title)}</Link>
              <div className="muted small">
                {text.kind(i.kind)} · {i.scope}
                {i.campaignId ? (
                  <>
                    {' · '}
                    <Link to={`/campaigns/${i.campaignId}`}>
                      {t('incident.campaign')} #{i.campaignId}
                    </Link>
                  </>
                ) : null}
              </div>
            </td>
            <td data-testid="incident-row-state">{text.state(i.state)}</td>
            <td className="time">{formatDateTime(i.openedAt, locale, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
