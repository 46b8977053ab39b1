import { useState } from 'react';
import { Await } from '../components/await.tsx';
import { CapturedFrame } from '../components/captured-frame.tsx';
import { CaptureTimeline, type Selection } from '../components/capture-timeline.tsx';
import { EvidenceRecordPanel } from '../components/evidence-record.tsx';
import { Link } from '../components/link.tsx';
import { TextDiff } from '../components/text-diff.tsx';
import type { PageCapture } from '../api-types.ts';
import { formatDateTime } from '../format.ts';
import { evidenceFileUrl } from '../render-model.ts';
import { useSession } from '../session.tsx';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';

const PAGE_SIZE = 50;

/**
 * A page's history as changedetection.io users expect it: every version over time, any two of them
 * diffed (A earlier, B later), version B as captured through the sandboxed capture origin, and each
 * ledger entry opened as its evidence record.
 */
export function PageHistoryView({ id }: { id: number }) {
  const { t } = useSession();
  const page = useApi(`page ${id}`, () => api.pages[':id'].$get({ param: { id: String(id) } }));
  // Each chunk is one API page of the timeline, from its `before` cursor ("load more" adds one).
  const [chunks, setChunks] = useState<(number | null)[]>([null]);
  const [selection, setSelection] = useState<Selection>({ a: null, b: null });
  const [record, setRecord] = useState<number | null>(null);
  return (
    <section data-testid="page-history">
      <h1 className="page-title">
        {t('history.title')}{' '}
        <Await result={page}>
          {(p) => (
            <Link to={`/pages/${p.id}`} className="mono">
              {p.url}
            </Link>
          )}
        </Await>
      </h1>
      <div className="card">
        <h2>{t('history.timeline')}</h2>
        <p className="muted small">{t('history.pick')}</p>
        {chunks.map((before, i) => (
          <TimelineChunk
            key={before ?? 'newest'}
            pageId={id}
            before={before}
            selection={selection}
            onPick={(side, item) => setSelection((s) => ({ ...s, [side]: item }))}
            onOpenRecord={setRecord}
            onMore={i === chunks.length - 1 ? (next) => setChunks((c) => [...c, next]) : null}
          />
        ))}
      </div>
      {record !== null ? <EvidenceRecordPanel key={record} seq={record} onClose={() => setRecord(null)} /> : null}
      {selection.a && selection.b ? <Comparison pageId={id} a={selection.a} b={selection.b} /> : null}
    </section>
  );
}

function TimelineChunk({
  pageId,
  before,
  selection,
  onPick,
  onOpenRecord,
  onMore,
}: {
  pageId: number;
  before: number | null;
  selection: Selection;
  onPick: (side: 'a' | 'b', item: PageCapture) => void;
  onOpenRecord: (seq: number) => void;
  onMore: ((before: number) => void) | null;
}) {
  const { t } = useSession();
  const query = { limit: String(PAGE_SIZE), ...(before !== null ? { before: String(before) } : {}) };
  const list = useApi(`captures ${pageId} ${before}`, () =>
    api.pages[':id'].captures.$get({ param: { id: String(pageId) }, query }),
  );
  return (
    <Await result={list}>
      {(body) => (
        <>
          <CaptureTimeline items={body.items} selection={selection} onPick={onPick} onOpenRecord={onOpenRecord} />
          {onMore && body.nextBefore !== null ? (
            <button type="button" onClick={() => onMore(body.nextBefore!)} data-testid="more-captures">
              {t('common.more')}
            </button>
          ) : null}
        </>
      )}
    </Await>
  );
}

/** A against B: their screenshots, the text diff (the earlier as A whichever way they were picked), B as captured. */
function Comparison({ pageId, a, b }: { pageId: number; a: PageCapture; b: PageCapture }) {
  const { t, locale, timeZone } = useSession();
  const [from, to] = a.checkId <= b.checkId ? [a, b] : [b, a];
  const query = { from: String(from.checkId), to: String(to.checkId) };
  const diff = useApi(`version diff ${pageId} ${from.checkId} ${to.checkId}`, () =>
    api.pages[':id'].diff.$get({ param: { id: String(pageId) }, query }),
  );
  const when = (c: PageCapture) => formatDateTime(c.startedAt, locale, timeZone);
  return (
    <>
      <div className="card" data-testid="version-diff">
        <h2>{t('history.diff')}</h2>
        <p className="muted small">{t('history.versions', { from: when(from), to: when(to) })}</p>
        <div className="side-by-side">
          {[from, to].map((c, i) => {
            const shot = evidenceFileUrl(c.screenshot);
            return (
              <figure key={c.checkId}>
                <figcaption>
                  {i === 0 ? 'A' : 'B'} · {when(c)}
                </figcaption>
                {shot ? <img src={shot} alt={t('history.shot')} /> : <p className="muted">{t('history.noShot')}</p>}
              </figure>
            );
          })}
        </div>
        <Await result={diff}>{(body) => <TextDiff body={body} />}</Await>
      </div>
      <div className="card">
        <h2>{t('history.capturedB')}</h2>
        <CapturedFrame key={to.checkId} checkId={to.checkId} />
      </div>
    </>
  );
}
