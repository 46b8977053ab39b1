import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { formatDateTime } from '../format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';

interface Threat {
  id: number | string;
  title?: string;
  summary?: string;
  source?: string;
  createdAt?: number;
  detectedAt?: number;
  watchUntil?: number | null;
  heightenedUntil?: number | null;
  targets?: { name?: string; url?: string; organisationId?: number; siteId?: number; kind?: string; label?: string }[];
}

interface Claim {
  id: number | string;
  text?: string;
  claim?: string;
  target?: string;
  url?: string;
  status: string;
  checkedAt?: number | null;
  incidentId?: number | null;
  createdAt?: number;
}

const CLAIM_STATUS: Record<string, MessageKey> = { confirmed: 'claims.confirmed', refuted: 'claims.refuted', unverifiable: 'claims.unverifiable', pending: 'claims.pending' };

type Listing<T> = { items: T[] } | T[];
const itemsOf = <T,>(l: Listing<T>): T[] => (Array.isArray(l) ? l : l.items);

export function ThreatsView() {
  const { t } = useSession();
  const threats = useApi<Listing<Threat>>('/api/threats?limit=100');
  const claims = useApi<Listing<Claim>>('/api/claims?limit=100');
  return (
    <section data-testid="threats-view">
      <h1>{t('threats.title')}</h1>
      <div className="board">
        <div className="card">
          <h2>{t('threats.threats')}</h2>
          <Await result={threats}>{(l) => <ThreatList items={itemsOf(l)} />}</Await>
        </div>
        <div className="card">
          <h2>{t('threats.claims')}</h2>
          <Await result={claims}>{(l) => <ClaimList items={itemsOf(l)} />}</Await>
        </div>
      </div>
    </section>
  );
}

function ThreatList({ items }: { items: Threat[] }) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('threats.none')}</p>;
  return (
    <ul className="plain stack">
      {items.map((th) => {
        const until = th.heightenedUntil ?? th.watchUntil;
        const at = th.detectedAt ?? th.createdAt;
        return (
          <li key={String(th.id)} className="threat" data-testid="threat">
            <strong>{th.title ?? th.summary ?? `#${th.id}`}</strong>
            {at ? <span className="muted small"> · {formatDateTime(at, locale, timeZone)}</span> : null}
            {th.source ? <div className="muted small mono">{th.source}</div> : null}
            {until ? <div className="watch">{t('threats.watchUntil', { time: formatDateTime(until, locale, timeZone) })}</div> : null}
            {th.targets && th.targets.length > 0 ? (
              <div className="small">
                {t('threats.targets')}: {th.targets.map((x) => x.label ?? x.name ?? x.url ?? '').filter(Boolean).join(', ')}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function ClaimList({ items }: { items: Claim[] }) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('threats.noClaims')}</p>;
  return (
    <ul className="plain stack">
      {items.map((c) => {
        const key = CLAIM_STATUS[c.status];
        return (
          <li key={String(c.id)} className="claim" data-testid="claim">
            <span className={`badge claim-${c.status}`}>{key ? t(key) : c.status}</span> {c.text ?? c.claim ?? ''}
            <div className="mono small">{c.target ?? c.url ?? ''}</div>
            {c.checkedAt ? <div className="muted small">{t('claims.checkedAt', { time: formatDateTime(c.checkedAt, locale, timeZone) })}</div> : null}
            {c.incidentId ? <Link to={`/incidents/${c.incidentId}`}>#{c.incidentId}</Link> : null}
          </li>
        );
      })}
    </ul>
  );
}
