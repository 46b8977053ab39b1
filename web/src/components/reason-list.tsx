import { useSession } from '../session.tsx';
import type { Reason } from '../api-types.ts';
import { SeverityBadge } from './status-badge.tsx';
import { domainText } from '../i18n/domain.ts';

/** A verdict's reasons; evidence snippets from captured pages are React text, so always escaped. */
export function ReasonList({ reasons }: { reasons: readonly Reason[] }) {
  const { t, locale } = useSession();
  const text = domainText(locale);
  if (reasons.length === 0) return <p className="muted">{t('page.noReasons')}</p>;
  return (
    <ul className="reasons" data-testid="reasons">
      {reasons.map((r, i) => (
        <li key={`${r.code}-${i}`}>
          <SeverityBadge severity={r.severity} /> <code>{r.code}</code>{' '}
          <span data-testid="reason-text">{text.reason(r)}</span>
          {r.evidence?.selector ? <div className="mono small muted">{r.evidence.selector}</div> : null}
          {r.evidence?.snippet ? <pre className="snippet inserted">{r.evidence.snippet}</pre> : null}
          {r.evidence?.url ? <div className="mono small">{r.evidence.url}</div> : null}
        </li>
      ))}
    </ul>
  );
}
