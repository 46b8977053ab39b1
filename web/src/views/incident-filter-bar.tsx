import { useApi } from '../use-api.ts';
import { api } from '../api.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { IncidentFilterKey, IncidentFilters } from '../incident-filters.ts';

const STATES = ['active', 'open', 'acknowledged', 'restored', 'resolved', 'false_positive'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const KINDS = ['tampered', 'suspicious', 'down', 'degraded'] as const;

/** The incident list's filters; every change goes to the address bar, then the server. */
export function IncidentFilterBar({
  filters,
  onChange,
}: {
  filters: IncidentFilters;
  onChange: (f: IncidentFilters) => void;
}) {
  const { t } = useSession();
  const organisations = useApi('organisations', () => api.organisations.$get());
  const campaigns = useApi('campaigns', () => api.campaigns.$get({ query: { limit: '100' } }));
  const set = (key: IncidentFilterKey) => (e: { target: { value: string } }) =>
    onChange({ ...filters, [key]: e.target.value });
  const plain = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
  const select = (key: IncidentFilterKey, label: MessageKey, options: readonly { value: string; label: string }[]) => (
    <select aria-label={t(label)} value={filters[key]} onChange={set(key)} data-testid={`filter-${key}`}>
      <option value="">{t('incidents.any', { what: t(label) })}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      {select('state', 'incident.state', plain(STATES))}
      {select(
        'organisationId',
        'overview.organisation',
        'ok' in organisations && organisations.ok
          ? organisations.data.items.map((o) => ({ value: String(o.id), label: o.name }))
          : [],
      )}
      {select('severity', 'incident.severity', plain(SEVERITIES))}
      {select('kind', 'incidents.kind', plain(KINDS))}
      {select(
        'campaignId',
        'incidents.campaign',
        'ok' in campaigns && campaigns.ok
          ? campaigns.data.items.map((c) => ({ value: String(c.id), label: `#${c.id} ${c.title}` }))
          : [],
      )}
    </form>
  );
}
