import { useState, type FormEvent } from 'react';
import { api, call, type ApiResult } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { Await } from './await.tsx';

/** An incident's case work: who has it, and the analysts' notes (each audited on the server). */
export function CasePanel({ incidentId }: { incidentId: number }) {
  const { t, user, locale, timeZone } = useSession();
  const [refresh, setRefresh] = useState(0);
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const param = { id: String(incidentId) };
  const kase = useApi(`case ${incidentId} ${refresh}`, () => api.incidents[':id'].case.$get({ param }));
  const canWrite = !user || user.role !== 'investigator';
  const send = (request: () => Promise<ApiResult<unknown>>) => {
    setProblem(null);
    request()
      .then((r) => (r.ok ? setRefresh((n) => n + 1) : setProblem(t('common.error', { message: r.message }))))
      .catch((error: unknown) => setProblem(t('common.error', { message: String(error) })));
  };
  const addNote = (e: FormEvent) => {
    e.preventDefault();
    const body = note.trim();
    if (!body) return;
    setNote('');
    send(() => call(() => api.incidents[':id'].notes.$post({ param, json: { body } })));
  };
  const assign = (e: FormEvent) => {
    e.preventDefault();
    const name = assignee.trim();
    setAssignee('');
    send(() => call(() => api.incidents[':id'].assignee.$put({ param, json: { assignee: name || null } })));
  };
  return (
    <div className="card" data-testid="case">
      <Await result={kase}>
        {(c) => (
          <>
            <h2>{t('incident.assignee')}</h2>
            <p data-testid="assignee">
              {c.assignee ? (
                <>
                  <strong>{c.assignee.assignee}</strong>{' '}
                  <span className="muted small">
                    {t('incident.assignedBy', { name: c.assignee.assignedBy })} ·{' '}
                    {formatDateTime(c.assignee.assignedAt, locale, timeZone)}
                  </span>
                </>
              ) : (
                <span className="muted">{t('incident.unassigned')}</span>
              )}
            </p>
            {canWrite ? (
              <form className="inline" onSubmit={assign}>
                <input
                  aria-label={t('incident.assignee')}
                  value={assignee}
                  onChange={(e) => setAssignee(e.target.value)}
                  maxLength={100}
                  data-testid="assignee-input"
                />
                <button type="submit" className="secondary" data-testid="assign">
                  {t('incident.assign')}
                </button>
              </form>
            ) : null}
            <h2>{t('incident.notes')}</h2>
            {c.notes.length === 0 ? <p className="muted">{t('incident.noNotes')}</p> : null}
            <ol className="timeline" data-testid="notes">
              {c.notes.map((n) => (
                <li key={n.id}>
                  <span className="time">{formatDateTime(n.createdAt, locale, timeZone)}</span>{' '}
                  <span className="muted">{n.author}</span>
                  <div className="note-body">{n.body}</div>
                </li>
              ))}
            </ol>
            {canWrite ? (
              <form onSubmit={addNote}>
                <textarea
                  aria-label={t('incident.addNote')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  maxLength={4000}
                  rows={3}
                  data-testid="note-input"
                />
                <button type="submit" data-testid="add-note">
                  {t('incident.addNote')}
                </button>
              </form>
            ) : null}
          </>
        )}
      </Await>
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
