import type { LedgerRecord } from '../api-types.ts';
import { formatBytes, formatDateTime } from '../format.ts';
import { evidenceFileUrl } from '../render-model.ts';
import { useSession } from '../session.tsx';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { Await } from './await.tsx';

/**
 * One ledger entry opened: its own hash and the previous entry's (the chain link), what it vouches
 * for (files, with the WARC to download), and the HTTP response head read from its WARC. Header
 * values are shown as text, never as markup.
 */
export function EvidenceRecordPanel({ seq, onClose }: { seq: number; onClose: () => void }) {
  const { t } = useSession();
  const record = useApi(`ledger ${seq}`, () => api.evidence[':seq'].$get({ param: { seq: String(seq) } }));
  return (
    <div className="card" data-testid="evidence-record">
      <h2>
        {t('history.record', { seq })}{' '}
        <button type="button" className="link-button" onClick={onClose}>
          {t('history.close')}
        </button>
      </h2>
      <Await result={record}>{(body) => <RecordBody record={body} />}</Await>
    </div>
  );
}

function RecordBody({ record }: { record: LedgerRecord }) {
  const { t, locale, timeZone } = useSession();
  const { entry } = record;
  const warc = record.files.find((f) => f.kind === 'warc');
  const warcHref = evidenceFileUrl(warc?.href ?? null);
  return (
    <>
      <dl className="facts">
        <dt>{t('history.kind')}</dt>
        <dd>{entry.kind}</dd>
        <dt>{t('history.observedAt')}</dt>
        <dd>{entry.observedAt !== null ? formatDateTime(entry.observedAt, locale, timeZone) : '—'}</dd>
        <dt>{t('history.recordedAt')}</dt>
        <dd>{formatDateTime(entry.recordedAt, locale, timeZone)}</dd>
        {entry.refersToSeq !== null ? (
          <>
            <dt>{t('history.refersTo')}</dt>
            <dd>#{entry.refersToSeq}</dd>
          </>
        ) : null}
        <dt>{t('history.entryHash')}</dt>
        <dd className="mono small" data-testid="entry-hash">
          {entry.entryHash}
        </dd>
        <dt>{t('history.prevHash')}</dt>
        <dd className="mono small" data-testid="prev-hash">
          {entry.prevHash}
        </dd>
        <dt>{t('evidence.chain')}</dt>
        <dd data-testid="chain">
          {record.chainVerified ? `✓ ${t('history.chainOk')}` : <span className="error">{t('evidence.broken')}</span>}
        </dd>
      </dl>
      {warcHref ? (
        <p>
          <a className="button" href={warcHref} download data-testid="warc-download">
            {t('history.downloadWarc')}
          </a>
        </p>
      ) : null}
      {record.warcState === 'missing' ? <p className="muted">{t('history.warcMissing')}</p> : null}
      {record.warcState === 'damaged' ? <p className="error">{t('history.warcDamaged')}</p> : null}
      <h3>{t('history.files')}</h3>
      <table className="grid" data-testid="record-files">
        <thead>
          <tr>
            <th>{t('evidence.kind')}</th>
            <th>{t('evidence.what')}</th>
            <th>{t('evidence.size')}</th>
            <th>SHA-256</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {record.files.map((f) => {
            const href = evidenceFileUrl(f.href);
            return (
              <tr key={f.id}>
                <td>{f.kind}</td>
                <td className="small">{f.label}</td>
                <td>{formatBytes(f.size)}</td>
                <td className="mono small">{f.sha256}</td>
                <td>
                  {href ? (
                    <a href={href} download>
                      {t('history.download')}
                    </a>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('history.response')}</h3>
      {record.response ? (
        <>
          <pre className="headers" data-testid="response-head">
            {[record.response.statusLine, ...record.response.headers.map(([k, v]) => `${k}: ${v}`)].join('\n')}
          </pre>
          <details>
            <summary>{t('history.warcFields')}</summary>
            <pre className="headers small">{record.response.warc.map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          </details>
        </>
      ) : (
        <p className="muted">{t('history.noResponse')}</p>
      )}
    </>
  );
}
