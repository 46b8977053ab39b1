import { condenseDiff, readDiff } from '../render-model.ts';
import type { CheckDiff } from '../api-types.ts';
import { useSession } from '../session.tsx';

/**
 * A text/DOM diff as the console shows it (a check against the version before, or any two versions
 * of a page): the inserted elements named, added text highlighted, hidden insertions marked hidden,
 * the churn the baseline expects muted, long unchanged runs folded.
 */
export function TextDiff({ body }: { body: Pick<CheckDiff, 'blocks' | 'inserted'> }) {
  const { t } = useSession();
  const d = readDiff(body);
  if (d.inserted.length === 0 && d.blocks.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <div className="diff" data-testid="diff">
      {d.inserted.map((e, i) => (
        <div key={`e${i}`} className="inserted-element" data-testid="inserted-element">
          <div className="mono small muted">{e.path}</div>
          <pre className="snippet">
            <mark>{e.snippet}</mark>
          </pre>
        </div>
      ))}
      {d.blocks.length > 0 ? (
        <ul className="text-diff plain">
          {condenseDiff(d.blocks).map((b, i) =>
            b.kind === 'gap' ? (
              <li key={`b${i}`} className="diff-gap muted small">
                {t('incident.unchangedBlocks', { count: b.count })}
              </li>
            ) : (
              <li
                key={`b${i}`}
                className={`diff-${b.kind}${b.expected ? ' diff-expected muted' : ''}`}
                title={b.path}
                data-expected={b.expected ? 'true' : undefined}
              >
                {b.kind === 'added' ? <ins>{b.text}</ins> : b.kind === 'removed' ? <del>{b.text}</del> : b.text}
                {b.hidden !== null && b.kind === 'added' ? (
                  <span className="badge hidden-badge" title={b.hidden} data-testid="hidden-mark">
                    {t('incident.hidden')}
                  </span>
                ) : null}
                {b.expected ? <span className="small"> {t('incident.expectedChurn')}</span> : null}
              </li>
            ),
          )}
        </ul>
      ) : null}
    </div>
  );
}
