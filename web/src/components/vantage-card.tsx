import { formatDateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { StatusBadge } from './status-badge.tsx';

/**
 * Vantage agreement (docs/vantage-points.md): each vantage's latest verdict on the page and when.
 * Shown only where remote vantages are configured: with one vantage there is nothing to compare.
 */
export function VantageCard({ pageId }: { pageId: number }) {
  const { t, locale, timeZone } = useSession();
  const agreement = useApi(`vantages ${pageId}`, () =>
    api.pages[':id'].vantages.$get({ param: { id: String(pageId) } }),
  );
  if ('state' in agreement || !agreement.ok || agreement.data.vantages.length < 2) return null;
  const { vantages, reports } = agreement.data;
  const byVantage = new Map(reports.map((r) => [r.vantage, r]));
  const answered = reports.filter((r) => r.verdict !== 'down').map((r) => r.verdict);
  const agree = new Set(reports.map((r) => r.verdict)).size <= 1;
  return (
    <div className="card" data-testid="vantage-card">
      <h2>{t('page.vantages')}</h2>
      <p className="muted">
        {agree ? t('page.vantagesAgree') : answered.length > 1 ? t('page.vantagesDisagree') : t('page.vantagesDiffer')}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('page.vantage')}</th>
            <th>{t('check.verdict')}</th>
            <th>{t('check.time')}</th>
          </tr>
        </thead>
        <tbody>
          {vantages.map((v) => {
            const r = byVantage.get(v);
            return (
              <tr key={v} data-testid="vantage-row">
                <td className="mono">{v}</td>
                <td>{r ? <StatusBadge status={r.verdict} /> : t('page.vantageNoReport')}</td>
                <td className="time">{r ? formatDateTime(r.checkedAt, locale, timeZone) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
