import { domainText } from '../i18n/domain.ts';
import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { ConsoleBadge, CountsBar } from '../components/console-status.tsx';
import { formatCount, formatDateTime } from '../format.ts';
import { filtersToSearch, pagesBySite, type OverviewFilters } from '../overview-model.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import type { Overview, OverviewPage } from '../api-types.ts';
import type { Loaded } from '../use-api.ts';
import { FilterBar } from './filter-bar.tsx';

/** The estate from GET /api/overview: counts per colour at every level, worst pages first, server-paged. */
export function OverviewTree({ filters, overview }: { filters: OverviewFilters; overview: Loaded<Overview> }) {
  const { t, locale } = useSession();
  const go = (f: OverviewFilters) => navigate(`/${filtersToSearch(f)}`);
  return (
    <Await result={overview}>
      {(o) => (
        <>
          <div className="counts" data-testid="status-counts">
            <span className="count-total">{t('overview.pages', { count: formatCount(o.total, locale) })}</span>
            <CountsBar
              counts={o.counts}
              selected={filters.status}
              onPick={(s) => go({ ...filters, status: filters.status === s ? '' : s, after: '' })}
            />
          </div>
          <FilterBar filters={filters} organisations={o.organisations} onChange={go} />
          <p className="muted">
            {t('overview.showing', { shown: o.pages.items.length, total: formatCount(o.pages.total, locale) })}
          </p>
          {o.pages.items.length === 0 ? <p>{t('overview.noPages')}</p> : <Tree overview={o} />}
          <div className="pager">
            {filters.after ? (
              <button type="button" onClick={() => window.history.back()}>
                ← {t('common.back')}
              </button>
            ) : null}
            {o.pages.next !== null ? (
              <button
                type="button"
                onClick={() => go({ ...filters, after: o.pages.next ?? '' })}
                data-testid="next-page"
              >
                {t('common.more')} →
              </button>
            ) : null}
          </div>
        </>
      )}
    </Await>
  );
}

function Tree({ overview }: { overview: Overview }) {
  const bySite = pagesBySite(overview.pages.items);
  return (
    <div className="tree" data-testid="estate-tree">
      {overview.organisations
        .filter((org) => org.sites.some((s) => bySite.has(s.id)))
        .map((org) => (
          <section className="org card" key={org.id} data-testid="organisation">
            <h2>
              {org.name} <CountsBar counts={org.counts} small />
            </h2>
            {org.sites
              .filter((s) => bySite.has(s.id))
              .map((site) => (
                <div className="site" key={site.id}>
                  <h3>
                    <Link to={`/sites/${site.id}`}>{site.name}</Link> <span className="muted mono">{site.origin}</span>{' '}
                    <CountsBar counts={site.counts} small />
                  </h3>
                  <PageRows pages={bySite.get(site.id) ?? []} />
                </div>
              ))}
          </section>
        ))}
    </div>
  );
}

function PageRows({ pages }: { pages: OverviewPage[] }) {
  const { t, locale, timeZone } = useSession();
  return (
    <table className="pages">
      <tbody>
        {pages.map((p) => (
          <tr key={p.id} data-testid="page-row" data-status={p.status}>
            <td className="status-cell">
              <ConsoleBadge status={p.status} />
            </td>
            <td className="url">
              <Link to={`/pages/${p.id}`}>{new URL(p.url).pathname || '/'}</Link>
              {p.title ? <span className="muted small"> {p.title}</span> : null}
              {p.topReason ? <div className="small reason-line">{domainText(locale).reason(p.topReason)}</div> : null}
            </td>
            <td className="muted time">
              {p.lastCheckedAt ? formatDateTime(p.lastCheckedAt, locale, timeZone) : t('overview.never')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
