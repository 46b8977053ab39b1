import { formatDuration } from '../format.ts';
import { useSession } from '../session.tsx';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { Await } from './await.tsx';

const percent = (uptime: number | null): string => (uptime === null ? '–' : `${(uptime * 100).toFixed(2)}%`);

/** Uptime and response times over 90 days, one bar a day: kept after the check rows are rolled up. */
export function UptimeCard({ pageId }: { pageId: number }) {
  const { t } = useSession();
  // GET /api/pages/{id}/history: rolled-up history and recent checks, folded alike (see docs/api.md).
  const history = useApi(`history ${pageId}`, () =>
    api.pages[':id'].history.$get({ param: { id: String(pageId) }, query: { period: 'day' } }),
  );
  return (
    <Await result={history}>
      {(h) => (
        <div className="card" data-testid="uptime-card">
          <h2>{t('page.uptime')}</h2>
          <p>
            {t('page.uptimeFigures', {
              uptime: percent(h.totals.uptime),
              checks: h.totals.checks,
              mean: h.totals.meanResponseMs === null ? '–' : formatDuration(h.totals.meanResponseMs),
              max: h.totals.maxResponseMs === null ? '–' : formatDuration(h.totals.maxResponseMs),
            })}
          </p>
          <svg className="history-chart" viewBox="0 0 720 30" role="img" aria-label={t('page.uptime')}>
            {h.buckets.map((b, i) => (
              <rect
                key={b.start}
                x={(720 / 90) * (90 - h.buckets.length + i)}
                y={30 - 30 * (b.uptime ?? 0)}
                width={720 / 90 - 1}
                height={30 * (b.uptime ?? 0)}
                className={`cell status-${b.uptime === 1 ? 'unchanged' : 'down'}`}
              >
                <title>{`${new Date(b.start).toISOString().slice(0, 10)} · ${percent(b.uptime)}`}</title>
              </rect>
            ))}
          </svg>
        </div>
      )}
    </Await>
  );
}
