import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { formatDateTime } from '../format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { Claim, Threat } from '../api-types.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';

const CLAIM_STATUS: Record<Claim['status'], MessageKey> = {
  confirmed: 'claims.confirmed',
  refuted: 'claims.refuted',
  unverifiable: 'claims.unverifiable',
  pending: 'claims.pending',
};

export function ThreatsView() {
  const { t } = useSession();
  const threats = useApi('threats', () => api.threats.$get({ query: { limit: '100' } }));
  const claims = useApi('claims', () => api.claims.$get({ query: { limit: '100' } }));
  const orgs = useApi('organisations', () => api.organisations.$get());
  const names = new Map(('ok' in orgs && orgs.ok ? orgs.data.items : []).map((o) => [o.id, o.name]));
  return (
    <section data-testid="threats-view">
      <h1>{t('threats.title')}</h1>
      <div className="board">
        <div className="card">
          <h2>{t('threats.threats')}</h2>
          <Await result={threats}>{(l) => <ThreatList items={l.items} names={names} />}</Await>
        </div>
        <div className="card">
          <h2>{t('threats.claims')}</h2>
          <Await result={claims}>{(l) => <ClaimList items={l.items} />}</Await>
        </div>
      </div>
    </section>
  );
}

function ThreatList({ items, names }: { items: Threat[]; names: Map<number, string> }) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('threats.none')}</p>;
  return (
    <ul className="plain stack">
      {items.map((th) => (
        <li key={th.id} className="threat" data-testid="threat">
          <strong>{th.title || th.summary}</strong>
          <span className="muted small">
            {' '}
            · {formatDateTime(th.publishedAt || th.createdAt, locale, timeZone)} · {th.source}
          </span>
          {th.title && th.summary ? <div>{th.summary}</div> : null}
          {th.heightened ? (
            <div className="watch">
              {t('threats.watchUntil', { time: formatDateTime(th.watchUntil, locale, timeZone) })}
            </div>
          ) : null}
          {th.targets.length > 0 ? (
            <div className="small">
              {t('threats.targets')}:{' '}
              {th.targets
                .map((x) => `${names.get(x.organisationId) ?? `#${x.organisationId}`} (${x.by}: ${x.term})`)
                .join(', ')}
            </div>
          ) : null}
          {th.keywords.length > 0 ? <div className="muted small mono">{th.keywords.join(' ')}</div> : null}
        </li>
      ))}
    </ul>
  );
}

function ClaimList({ items }: { items: Claim[] }) {
  const { t, locale, timeZone } = useSession();
  if (items.length === 0) return <p className="muted">{t('threats.noClaims')}</p>;
  return (
    <ul className="plain stack">
      {items.map((c) => (
        <li key={c.id} className="claim" data-testid="claim">
          <span className={`badge claim-${c.status}`}>{t(CLAIM_STATUS[c.status])}</span> {c.text}
          <div className="small">{c.summary}</div>
          {c.targetUrl ? <div className="mono small">{c.targetUrl}</div> : null}
          <div className="muted small">
            {c.checkedAt
              ? t('claims.checkedAt', { time: formatDateTime(c.checkedAt, locale, timeZone) })
              : formatDateTime(c.createdAt, locale, timeZone)}
            {c.incidentId ? (
              <>
                {' · '}
                <Link to={`/incidents/${c.incidentId}`}>
                  {t('incident.title')} #{c.incidentId}
                </Link>
              </>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
