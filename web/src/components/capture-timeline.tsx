import type { PageCapture } from '../api-types.ts';
import { formatDateTime, seenRunText } from '../format.ts';
import { evidenceFileUrl } from '../render-model.ts';
import { useSession } from '../session.tsx';
import { StatusBadge } from './status-badge.tsx';

export interface Selection {
  a: PageCapture | null;
  b: PageCapture | null;
}

/**
 * A page's versions, newest first: the kept screenshot as a thumbnail (served from this origin,
 * never the captured page), the verdict, the body hash; A and B pick the two versions to diff (only
 * versions whose body is still kept); a row with a ledger entry opens its evidence record. A check
 * that saw the same body as the one before is marked (muted), so a lasting defacement reads as one version.
 * A record that stands for a run of identical checks says how many and until when.
 */
export function CaptureTimeline({
  items,
  selection,
  onPick,
  onOpenRecord,
}: {
  items: readonly PageCapture[];
  selection: Selection;
  onPick: (side: 'a' | 'b', item: PageCapture) => void;
  onOpenRecord: (seq: number) => void;
}) {
  const { t, locale, timeZone } = useSession();
  return (
    <table className="grid" data-testid="capture-timeline">
      <thead>
        <tr>
          <th>{t('history.pickA')}</th>
          <th>{t('history.pickB')}</th>
          <th>{t('check.time')}</th>
          <th>{t('history.shot')}</th>
          <th>{t('check.verdict')}</th>
          <th>{t('check.http')}</th>
          <th>{t('history.body')}</th>
          <th>{t('history.openRecord')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const shot = evidenceFileUrl(item.screenshot);
          const seen = seenRunText(item, t, locale, timeZone);
          return (
            <tr
              key={item.checkId}
              data-testid="capture-row"
              data-check-id={item.checkId}
              data-repeat={item.sameAsPrevious ? 'true' : undefined}
              className={item.sameAsPrevious ? 'repeat-row muted' : undefined}
            >
              {(['a', 'b'] as const).map((side) => (
                <td key={side}>
                  <input
                    type="radio"
                    name={`version-${side}`}
                    aria-label={`${t(side === 'a' ? 'history.pickA' : 'history.pickB')} #${item.checkId}`}
                    data-testid={`pick-${side}`}
                    disabled={!item.bodyKept}
                    checked={selection[side]?.checkId === item.checkId}
                    onChange={() => onPick(side, item)}
                  />
                </td>
              ))}
              <td className="time">
                {formatDateTime(item.startedAt, locale, timeZone)}
                {seen ? (
                  <div className="muted small" data-testid="seen-run">
                    {seen}
                  </div>
                ) : null}
              </td>
              <td>
                {shot ? (
                  <img className="thumb" src={shot} alt={t('history.shot')} loading="lazy" data-testid="thumb" />
                ) : (
                  <span className="muted small">{t('history.noShot')}</span>
                )}
              </td>
              <td>
                <StatusBadge status={item.verdict} />
              </td>
              <td>{item.httpStatus ?? '—'}</td>
              <td className="mono small">
                {item.bodySha256 ? <span title={item.bodySha256}>{item.bodySha256.slice(0, 12)}…</span> : '—'}
                {item.sameAsPrevious ? <div className="muted">{t('history.repeat')}</div> : null}
                {!item.bodyKept && item.bodySha256 ? <div className="muted">{t('history.notKept')}</div> : null}
              </td>
              <td>
                {item.ledger ? (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="open-record"
                    onClick={() => onOpenRecord(item.ledger!.seq)}
                  >
                    #{item.ledger.seq} {item.ledger.kind}
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
