import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatCount, formatDateTime } from '../format.ts';
import type { MessageKey } from '../i18n/en.ts';
import {
  filtersToSearch,
  groupPages,
  overviewQuery,
  pagesQuery,
  readFilters,
  type OverviewFilters,
} from '../overview-model.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { PAGE_STATUSES, type Organisation, type Overview, type PageList, type Site } from '../types.ts';
import { useApi } from '../use-api.ts';
import { FilterBar } from './filter-bar.tsx';
import { OverviewTree } from './overview-tree.tsx';

const PAGE_SIZE = 50;

export function OverviewView({ search }: { search: string }) {
  const { t } = useSession();
  const filters = readFilters(search);
  const overview = useApi<Overview>(overviewQuery(filters, PAGE_SIZE));
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      {'ok' in overview && !overview.ok && overview.kind === 'unavailable' ? (
        <PageListOverview filters={filters} />
      ) : (
        <OverviewTree filters={filters} overview={overview} />
      )}
    </section>
  );
}

/** Before GET /api/overview existed: the same tree from /api/pages, /api/sites and /api/summary. */
function PageListOverview({ filters }: { filters: OverviewFilters }) {
  const { t, locale } = useSession();
  const organisations = useApi<{ items: Organisation[] }>('/api/organisations');
  const sites = useApi<{ items: Site[] }>('/api/sites');
  const summary = useApi<{ total: number; byStatus: Record<string, number> }>(
    `/api/summary${filters.organisationId ? `?organisationId=${filters.organisationId}` : ''}`,
  );
  const pages = useApi<PageList>(pagesQuery(filters, PAGE_SIZE));
  const go = (f: OverviewFilters) => navigate(`/${filtersToSearch(f)}`);
  const orgs = 'ok' in organisations && organisations.ok ? organisations.data.items : [];
  const siteList = 'ok' in sites && sites.ok ? sites.data.items : [];

  return (
    <>
      <Await result={summary}>
        {(s) => (
          <div className="counts" data-testid="status-counts">
            <span className="count-total">{t('overview.pages', { count: formatCount(s.total, locale) })}</span>
            {PAGE_STATUSES.filter((st) => (s.byStatus[st] ?? 0) > 0).map((st) => (
              <button
                type="button"
                key={st}
                className={`count status-${st}${filters.status === st ? ' selected' : ''}`}
                onClick={() => go({ ...filters, status: filters.status === st ? '' : st, after: '' })}
              >
                {t(`status.${st}` as MessageKey)} <strong>{formatCount(s.byStatus[st] ?? 0, locale)}</strong>
              </button>
            ))}
          </div>
        )}
      </Await>
      <FilterBar filters={filters} organisations={orgs} statuses="page" onChange={go} />
      <Await result={pages}>
        {(list) => (
          <>
            <p className="muted">
              {t('overview.showing', { shown: list.items.length, total: formatCount(list.total, locale) })}
            </p>
            {list.items.length === 0 ? (
              <p>{t('overview.noPages')}</p>
            ) : (
              <EstateTree list={list} sites={siteList} organisations={orgs} />
            )}
            <div className="pager">
              {filters.after ? (
                <button type="button" onClick={() => window.history.back()}>
                  ← {t('common.back')}
                </button>
              ) : null}
              {list.nextAfter !== null ? (
                <button
                  type="button"
                  onClick={() => go({ ...filters, after: String(list.nextAfter) })}
                  data-testid="next-page"
                >
                  {t('common.more')} →
                </button>
              ) : null}
            </div>
          </>
        )}
      </Await>
    </>
  );
}

function EstateTree({ list, sites, organisations }: { list: PageList; sites: Site[]; organisations: Organisation[] }) {
  const { t, locale, timeZone } = useSession();
  return (
    <div className="tree" data-testid="estate-tree">
      {groupPages(list.items, sites, organisations).map((og) => (
        <section className="org card" key={String(og.organisation.id)} data-testid="organisation">
          <h2>{og.organisation.name}</h2>
          {og.sites.map((sg) => (
            <div className="site" key={sg.site.id}>
              <h3>
                {sg.site.name} <span className="muted mono">{sg.site.origin}</span>
              </h3>
              <table className="pages">
                <tbody>
                  {sg.pages.map((p) => (
                    <tr key={p.id} data-testid="page-row" data-status={p.status}>
                      <td className="status-cell">
                        <StatusBadge status={p.status} />
                      </td>
                      <td className="url">
                        <Link to={`/pages/${p.id}`}>{new URL(p.url).pathname || '/'}</Link>
                      </td>
                      <td className="muted time">
                        {p.lastCheckedAt ? formatDateTime(p.lastCheckedAt, locale, timeZone) : t('overview.never')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
