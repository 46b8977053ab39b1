import { useEffect, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/en.ts';
import type { OverviewFilters } from '../overview-model.ts';
import { useSession } from '../session.tsx';
import { CONSOLE_STATUSES } from '../statuses.ts';

/** Search, status and organisation filters; every change goes to the address bar, then the server. */
export function FilterBar({
  filters,
  organisations,
  onChange,
}: {
  filters: OverviewFilters;
  organisations: readonly { id: number; name: string }[];
  onChange: (f: OverviewFilters) => void;
}) {
  const { t } = useSession();
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, q: q.trim(), after: '' });
  };
  return (
    <form className="filters" onSubmit={submit} role="search">
      <input
        type="search"
        aria-label={t('overview.search')}
        placeholder={t('overview.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <select
        aria-label={t('overview.status')}
        value={filters.status}
        onChange={(e) => onChange({ ...filters, status: e.target.value, after: '' })}
      >
        <option value="">{t('overview.allStatuses')}</option>
        {CONSOLE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`console.${s}` as MessageKey)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('overview.organisation')}
        value={filters.organisationId}
        onChange={(e) => onChange({ ...filters, organisationId: e.target.value, after: '' })}
      >
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
