import { formatDateTime, formatDuration } from '../format.ts';
import { useSession } from '../session.tsx';
import type { Check } from '../api-types.ts';
import { chartLayout } from '../chart-layout.ts';

/** A page's status history in plain SVG: one band cell per check coloured by verdict, response time above. */
export function HistoryChart({ checks }: { checks: readonly Check[] }) {
  const { locale, timeZone, t } = useSession();
  const layout = chartLayout(checks, { width: 720, height: 140, band: 22 });
  if (layout.cells.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <svg
      className="history-chart"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={t('page.history')}
      data-testid="history-chart"
    >
      <line x1="0" x2={layout.width} y1={layout.lineBottom} y2={layout.lineBottom} className="axis" />
      <polyline points={layout.points} className="latency" fill="none" />
      {layout.cells.map((c) => (
        <rect
          key={c.id}
          x={c.x}
          y={layout.height - layout.band}
          width={c.width}
          height={layout.band}
          className={`cell status-${c.verdict}`}
        >
          <title>{`${formatDateTime(c.at, locale, timeZone)} · ${t(`status.${c.verdict}`)} · ${formatDuration(c.durationMs)}`}</title>
        </rect>
      ))}
      <text x="2" y="12" className="chart-label">
        {formatDuration(layout.maxDuration)}
      </text>
    </svg>
  );
}
