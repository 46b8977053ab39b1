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
import { condenseDiff, readDiff, readScreenshots, safeFrameUrl } from '../render-model.ts';
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
  const { t } = useSession();
  const diff = useApi(`diff ${checkId}`, () => api.checks[':id'].diff.$get({ param: { id: String(checkId) } }));
  return (
    <Await result={diff}>
      {(body) => {
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
      }}
    </Await>
  );
}

/** The hostile page itself, only from the capture origin, in a sandbox with nothing allowed. */
function CapturedFrame({ checkId }: { checkId: number }) {
  const { t } = useSession();
  const capture = useApi(`capture ${checkId}`, () =>
    api.checks[':id']['capture-url'].$get({ param: { id: String(checkId) } }),
  );
  return (
    <Await result={capture}>
      {(body) => {
        // `html` is the page under the capture origin's sandbox CSP; `text` its source as text/plain.
        const url = safeFrameUrl(body.html);
        const text = safeFrameUrl(body.text);
        if (!url) return <p className="muted">{t('common.notAvailable')}</p>;
        return (
          <>
            <iframe
              className="capture"
              sandbox=""
              src={url}
              title={t('incident.captured')}
              referrerPolicy="no-referrer"
              data-testid="capture-frame"
            />
            {text ? (
              <a href={text} target="_blank" rel="noopener noreferrer" className="small">
                {t('incident.sourceAsText')}
              </a>
            ) : null}
          </>
        );
      }}
    </Await>
  );
}
