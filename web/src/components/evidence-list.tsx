import { formatBytes, formatDateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { Await } from './await.tsx';

/** The incident's evidence records: what, when, size, digest, and whether its ledger entry verifies. */
export function EvidenceList({ incidentId }: { incidentId: number }) {
  const { t, locale, timeZone } = useSession();
  const evidence = useApi(`evidence ${incidentId}`, () =>
    api.incidents[':id'].evidence.$get({ param: { id: String(incidentId) } }),
  );
  return (
    <Await result={evidence}>
      {(body) => {
        if (body.items.length === 0) return <p className="muted">{t('incident.noEvidence')}</p>;
        return (
          <table className="grid" data-testid="evidence-list">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('evidence.kind')}</th>
                <th>{t('check.time')}</th>
                <th>{t('evidence.what')}</th>
                <th>{t('evidence.size')}</th>
                <th>SHA-256</th>
                <th>{t('evidence.chain')}</th>
              </tr>
            </thead>
            <tbody>
              {body.items.map((e) => (
                <tr key={e.id}>
                  <td>{e.ledgerSeq}</td>
                  <td>{e.kind}</td>
                  <td className="time">{formatDateTime(e.capturedAt ?? e.recordedAt, locale, timeZone)}</td>
                  <td className="small">
                    {e.label}
                    {e.url ? <div className="mono muted">{e.url}</div> : null}
                  </td>
                  <td>{formatBytes(e.size)}</td>
                  <td className="mono small" title={e.sha256}>
                    {e.sha256.slice(0, 16)}…
                  </td>
                  <td>{e.chainVerified ? '✓' : <span className="error">{t('evidence.broken')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      }}
    </Await>
  );
}
