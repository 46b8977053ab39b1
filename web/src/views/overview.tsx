import { useEffect, useState, type FormEvent } from 'react';
import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatCount, formatDateTime } from '../format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { filtersToSearch, groupPages, pagesQuery, readFilters, type OverviewFilters } from '../overview-model.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { PAGE_STATUSES, type Organisation, type PageList, type Site } from '../types.ts';
import { useApi } from '../use-api.ts';

const PAGE_SIZE = 50;

export function OverviewView({ search }: { search: string }) {
  const { t, locale } = useSession();
  const filters = readFilters(search);
  const organisations = useApi<{ items: Organisation[] }>('/api/organisations');
  const sites = useApi<{ items: Site[] }>('/api/sites');
  const summary = useApi<{ total: number; byStatus: Record<string, number> }>(`/api/summary${filters.organisationId ? `?organisationId=${filters.organisationId}` : ''}`);
  const pages = useApi<PageList>(pagesQuery(filters, PAGE_SIZE));
  const go = (f: OverviewFilters) => navigate(`/${filtersToSearch(f)}`);
  const orgs = 'ok' in organisations && organisations.ok ? organisations.data.items : [];
  const siteList = 'ok' in sites && sites.ok ? sites.data.items : [];

  return (
    <section>
      <h1>{t('overview.title')}</h1>
      <Await result={summary}>
        {(s) => (
          <div className="counts" data-testid="status-counts">
            <span className="count-total">{t('overview.pages', { count: formatCount(s.total, locale) })}</span>
            {PAGE_STATUSES.filter((st) => (s.byStatus[st] ?? 0) > 0).map((st) => (
              <button type="button" key={st} className={`count status-${st}${filters.status === st ? ' selected' : ''}`} onClick={() => go({ ...filters, status: filters.status === st ? '' : st, after: '' })}>
                {t(`status.${st}` as MessageKey)} <strong>{formatCount(s.byStatus[st] ?? 0, locale)}</strong>
              </button>
            ))}
          </div>
        )}
      </Await>
      <FilterBar filters={filters} organisations={orgs} onChange={go} />
      <Await result={pages}>
        {(list) => (
          <>
            <p className="muted">{t('overview.showing', { shown: list.items.length, total: formatCount(list.total, locale) })}</p>
            {list.items.length === 0 ? <p>{t('overview.noPages')}</p> : <EstateTree list={list} sites={siteList} organisations={orgs} />}
            <div className="pager">
              {filters.after ? (
                <button type="button" onClick={() => window.history.back()}>
                  ← {t('common.back')}
                </button>
              ) : null}
              {list.nextAfter !== null ? (
                <button type="button" onClick={() => go({ ...filters, after: String(list.nextAfter) })} data-testid="next-page">
                  {t('common.more')} →
                </button>
              ) : null}
            </div>
          </>
        )}
      </Await>
    </section>
  );
}

function FilterBar({ filters, organisations, onChange }: { filters: OverviewFilters; organisations: Organisation[]; onChange: (f: OverviewFilters) => void }) {
  const { t } = useSession();
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, q: q.trim(), after: '' });
  };
  return (
    <form className="filters" onSubmit={submit} role="search">
      <input type="search" aria-label={t('overview.search')} placeholder={t('overview.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      <select aria-label={t('overview.status')} value={filters.status} onChange={(e) => onChange({ ...filters, status: e.target.value, after: '' })}>
        <option value="">{t('overview.allStatuses')}</option>
        {PAGE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}` as MessageKey)}
          </option>
        ))}
      </select>
      <select aria-label={t('overview.organisation')} value={filters.organisationId} onChange={(e) => onChange({ ...filters, organisationId: e.target.value, after: '' })}>
        <option value="">{t('overview.allOrganisations')}</option>
        {organisations.map((o) => (
          <option key={o.id} value={String(o.id)}>
            {o.name}
          </option>
        ))}
      </select>
      <button type="submit">{t('overview.search')}</button>
    </form>
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
                      <td className="muted time">{p.lastCheckedAt ? formatDateTime(p.lastCheckedAt, locale, timeZone) : t('overview.never')}</td>
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
