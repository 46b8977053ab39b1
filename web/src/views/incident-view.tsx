import { domainText } from '../i18n/domain.ts';
import { useState } from 'react';
import { Await } from '../components/await.tsx';
import { Link } from '../components/link.tsx';
import { ReasonList } from '../components/reason-list.tsx';
import { SeverityBadge } from '../components/status-badge.tsx';
import { EvidenceList } from '../components/evidence-list.tsx';
import { IncidentActions } from '../components/incident-actions.tsx';
import { CasePanel } from '../components/case-panel.tsx';
import { formatDateTime } from '../format.ts';
import { readScreenshots } from '../render-model.ts';
import { CapturedFrame } from '../components/captured-frame.tsx';
import { TextDiff } from '../components/text-diff.tsx';
import { useSession } from '../session.tsx';
import type { IncidentDetail } from '../api-types.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { IncidentTable } from './incidents.tsx';

export function IncidentView({ id }: { id: number }) {
  const [refresh, setRefresh] = useState(0);
  const detail = useApi(`incident ${id} ${refresh}`, () => api.incidents[':id'].$get({ param: { id: String(id) } }));
  return (
    <Await result={detail}>{(d) => <IncidentDetailView detail={d} onChanged={() => setRefresh((n) => n + 1)} />}</Await>
  );
}

function IncidentDetailView({ detail, onChanged }: { detail: IncidentDetail; onChanged: () => void }) {
  const { t, locale, timeZone } = useSession();
  const text = domainText(locale);
  const { incident, timeline, pages } = detail;
  const checkId = incident.lastCheckId ?? incident.firstCheckId;
  return (
    <section data-testid="incident-view">
      <h1>
        <SeverityBadge severity={incident.severity} /> {text.title(incident.title)}
      </h1>
      <p>{incident.summary}</p>
      <dl className="facts">
        <dt>{t('incident.state')}</dt>
        <dd data-testid="incident-state" data-state={incident.state}>
          {text.state(incident.state)}
        </dd>
        <dt>{t('incident.opened')}</dt>
        <dd>{formatDateTime(incident.openedAt, locale, timeZone)}</dd>
        <dt>{t('incident.lastSeen')}</dt>
        <dd>{formatDateTime(incident.lastSeenAt, locale, timeZone)}</dd>
        {incident.campaignId ? (
          <>
            <dt>{t('incident.campaign')}</dt>
            <dd>
              <Link to={`/campaigns/${incident.campaignId}`}>#{incident.campaignId}</Link>
            </dd>
          </>
        ) : null}
        {incident.pageId ? (
          <>
            <dt>{t('incident.page')}</dt>
            <dd>
              <PageLink id={incident.pageId} />
            </dd>
          </>
        ) : null}
      </dl>
      <div className="actions">
        <a
          className="button"
          href={api.incidents[':id'].evidence.export.$path({ param: { id: String(incident.id) } })}
          download
          data-testid="export-evidence"
        >
          {t('incident.export')}
        </a>
        <IncidentActions incident={incident} onDone={onChanged} />
      </div>
      <CasePanel incidentId={incident.id} />
      {pages.length > 0 ? (
        <div className="card">
          <h2>{t('incident.pages')}</h2>
          <IncidentTable items={pages} />
        </div>
      ) : null}
      {checkId ? <CheckEvidence checkId={checkId} /> : null}
      <div className="card">
        <h2>{t('incident.timeline')}</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((e) => (
            <li key={e.id}>
              <span className="time">{formatDateTime(e.at, locale, timeZone)}</span>{' '}
              <code title={e.type}>{text.event(e.type)}</code> {e.message}
              {e.actor ? <span className="muted"> — {e.actor}</span> : null}
            </li>
          ))}
        </ol>
      </div>
      <div className="card">
        <h2>{t('incident.evidence')}</h2>
        <EvidenceList incidentId={incident.id} />
      </div>
    </section>
  );
}

function PageLink({ id }: { id: number }) {
  const page = useApi(`page ${id}`, () => api.pages[':id'].$get({ param: { id: String(id) } }));
  if ('ok' in page && page.ok) return <Link to={`/pages/${id}`}>{page.data.url}</Link>;
  return <Link to={`/pages/${id}`}>#{id}</Link>;
}

/** What the check that raised the incident saw: screenshots, the inserted element, the diff, the capture. */
function CheckEvidence({ checkId }: { checkId: number }) {
  const { t } = useSession();
  const check = useApi(`check ${checkId}`, () => api.checks[':id'].$get({ param: { id: String(checkId) } }));
  return (
    <>
      <div className="card">
        <h2>{t('incident.screenshots')}</h2>
        <ScreenshotPair checkId={checkId} />
      </div>
      <div className="card">
        <h2>{t('incident.inserted')}</h2>
        <Await result={check}>{(c) => <ReasonList reasons={c.reasons} />}</Await>
      </div>
      <div className="card">
        <h2>{t('incident.textDiff')}</h2>
        <DiffPanel checkId={checkId} />
      </div>
      <div className="card">
        <h2>{t('incident.captured')}</h2>
        <CapturedFrame checkId={checkId} />
      </div>
    </>
  );
}

function ScreenshotPair({ checkId }: { checkId: number }) {
  const { t } = useSession();
  const render = useApi(`render ${checkId}`, () => api.checks[':id'].render.$get({ param: { id: String(checkId) } }));
  const [overlay, setOverlay] = useState(true);
  return (
    <Await result={render}>
      {(body) => {
        const shots = readScreenshots(body);
        if (!shots.baseline && !shots.current) return <p className="muted">{t('incident.noScreenshots')}</p>;
        return (
          <>
            {shots.changedPixelRatio !== null ? (
              <p className="muted small">
                {t('incident.changedPixels', { percent: `${(shots.changedPixelRatio * 100).toFixed(1)}%` })}
              </p>
            ) : null}
            {shots.diff ? (
              <label className="inline">
                <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} />{' '}
                {t('incident.diffOverlay')}
              </label>
            ) : null}
            <div className="side-by-side" data-testid="screenshots">
              <figure>
                <figcaption>{t('incident.baseline')}</figcaption>
                {shots.baseline ? (
                  <img src={shots.baseline} alt={t('incident.baseline')} data-testid="screenshot-baseline" />
                ) : (
                  <p className="muted">{t('common.none')}</p>
                )}
              </figure>
              <figure className="overlay-host">
                <figcaption>{t('incident.current')}</figcaption>
                {shots.current ? (
                  <img src={shots.current} alt={t('incident.current')} data-testid="screenshot-current" />
                ) : (
                  <p className="muted">{t('common.none')}</p>
                )}
                {shots.diff && overlay ? (
                  <img className="diff-overlay" src={shots.diff} alt="" data-testid="screenshot-diff" />
                ) : null}
              </figure>
            </div>
          </>
        );
      }}
    </Await>
  );
}

function DiffPanel({ checkId }: { checkId: number }) {
  const diff = useApi(`diff ${checkId}`, () => api.checks[':id'].diff.$get({ param: { id: String(checkId) } }));
  return <Await result={diff}>{(body) => <TextDiff body={body} />}</Await>;
}
