import { formatBytes, formatDateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { Await } from './await.tsx';

interface EvidenceItem {
  id?: number | string;
  seq?: number;
  kind?: string;
  type?: string;
  sha256?: string;
  bytes?: number;
  size?: number;
  at?: number;
  recordedAt?: number;
  url?: string;
  description?: string;
}

/** The incident's evidence items as the server lists them: kind, time, size and digest. */
export function EvidenceList({ incidentId }: { incidentId: number }) {
  const { t, locale, timeZone } = useSession();
  const evidence = useApi<{ items?: EvidenceItem[]; evidence?: EvidenceItem[] } | EvidenceItem[]>(`/api/incidents/${incidentId}/evidence`);
  return (
    <Await result={evidence}>
      {(body) => {
        const items = Array.isArray(body) ? body : (body.items ?? body.evidence ?? []);
        if (items.length === 0) return <p className="muted">{t('incident.noEvidence')}</p>;
        return (
          <table className="grid" data-testid="evidence-list">
            <tbody>
              {items.map((e, i) => {
                const at = e.at ?? e.recordedAt;
                const bytes = e.bytes ?? e.size;
                return (
                  <tr key={String(e.id ?? e.seq ?? i)}>
                    <td>{e.kind ?? e.type ?? '—'}</td>
                    <td className="time">{at ? formatDateTime(at, locale, timeZone) : ''}</td>
                    <td className="mono small">{e.url ?? e.description ?? ''}</td>
                    <td>{bytes !== undefined ? formatBytes(bytes) : ''}</td>
                    <td className="mono small" title={e.sha256}>{e.sha256 ? `${e.sha256.slice(0, 16)}…` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      }}
    </Await>
  );
}
