import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { ConsoleStatus } from '../api-types.ts';
import { CONSOLE_STATUSES } from '../statuses.ts';

export function ConsoleBadge({ status }: { status: ConsoleStatus }) {
  const { t } = useSession();
  return <span className={`badge console-${status}`}>{t(`console.${status}` as MessageKey)}</span>;
}

/** Counts per colour, worst first; with onPick each is a filter button. Zero counts are left out. */
export function CountsBar({
  counts,
  selected,
  onPick,
  small,
}: {
  counts: Record<ConsoleStatus, number>;
  selected?: string;
  onPick?: (s: ConsoleStatus) => void;
  small?: boolean;
}) {
  const { t, locale } = useSession();
  const shown = CONSOLE_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  return (
    <span className={small ? 'counts-inline' : 'counts-bar'}>
      {shown.map((s) => {
        const label = `${t(`console.${s}` as MessageKey)} ${new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB').format(counts[s])}`;
        return onPick ? (
          <button
            type="button"
            key={s}
            className={`count console-${s}${selected === s ? ' selected' : ''}`}
            onClick={() => onPick(s)}
          >
            {label}
          </button>
        ) : (
          <span key={s} className={`count console-${s}`}>
            {label}
          </span>
        );
      })}
    </span>
  );
}
