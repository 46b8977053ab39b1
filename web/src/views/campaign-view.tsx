import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { api } from '../api.ts';
import type { Incident } from '../api-types.ts';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { IncidentTable } from './incidents.tsx';

/** One campaign: its incidents grouped by organisation, what linked them, and the threats that named them. */
export function CampaignView({ id }: { id: number }) {
  const { t } = useSession();
  const campaign = useApi(`campaign ${id}`, () => api.campaigns[':id'].$get({ param: { id: String(id) } }));
  const organisations = useApi('organisations', () => api.organisations.$get());
  const names = new Map(
    'ok' in organisations && organisations.ok ? organisations.data.items.map((o) => [o.id, o.name] as const) : [],
  );
  return (
    <Await result={campaign}>
      {({ campaign: c, incidents }) => {
        const byOrg = new Map<number, Incident[]>();
        for (const i of incidents) byOrg.set(i.organisationId, [...(byOrg.get(i.organisationId) ?? []), i]);
        const threats = [...new Set(incidents.map((i) => i.threatId).filter((x): x is string => x !== null))];
        return (
          <section data-testid="campaign-view">
            <h1>{t('campaign.title', { id: c.id, title: c.title })}</h1>
            <p className="muted">{t('campaign.organisations', { count: byOrg.size })}</p>
            <dl className="facts">
              <dt>{t('campaign.linkedBy')}</dt>
              <dd>
                {c.keys.map((k) => (
                  <code key={k}>{k} </code>
                ))}
              </dd>
              {threats.length > 0 ? (
                <>
                  <dt>{t('campaign.threat')}</dt>
                  <dd data-testid="campaign-threats">
                    {threats.map((th) => (
                      <ThreatName key={th} id={th} />
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
            {[...byOrg].map(([org, items]) => (
              <div className="card" key={org}>
                <h2>{names.get(org) ?? `#${org}`}</h2>
                <IncidentTable items={items} />
              </div>
            ))}
          </section>
        );
      }}
    </Await>
  );
}

function ThreatName({ id }: { id: string }) {
  const threat = useApi(`threat ${id}`, () => api.threats[':id'].$get({ param: { id } }));
  const title = 'ok' in threat && threat.ok ? threat.data.threat.title : id;
  return (
    <div>
      <Link to="/threats">{title}</Link>
    </div>
  );
}
