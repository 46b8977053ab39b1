import { useState, type FormEvent } from 'react';
import { api, call } from '../api.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { Incident } from '../api-types.ts';

const ACTIONS = [
  { path: 'acknowledge', key: 'incident.acknowledge', when: (i: Incident) => i.state === 'open' },
  { path: 'resolve', key: 'incident.resolve', when: (i: Incident) => i.state === 'open' || i.state === 'acknowledged' },
  {
    path: 'false-positive',
    key: 'incident.falsePositive',
    when: (i: Incident) => i.state === 'open' || i.state === 'acknowledged',
  },
  { path: 'approve-relearn', key: 'incident.approveRelearn', when: (i: Incident) => i.relearn === 'pending' },
] as const satisfies readonly { path: string; key: MessageKey; when: (i: Incident) => boolean }[];
type ActionPath = (typeof ACTIONS)[number]['path'];

/**
 * The analyst's actions on an incident; only CSIRT staff see them (the server refuses others anyway).
 * Every state change asks first, in a dialog that says what the action does, with an optional note
 * that goes into the timeline: a misclick must not silence a defacement.
 */
export function IncidentActions({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t, user } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<(typeof ACTIONS)[number] | null>(null);
  const [note, setNote] = useState('');
  if (user && user.role !== 'admin' && user.role !== 'analyst') return null;
  const act = (path: ActionPath) => {
    setBusy(true);
    setProblem(null);
    const args = { param: { id: String(incident.id) }, json: note.trim() ? { note: note.trim() } : {} };
    call(() => api.incidents[':id'][path].$post(args))
      .then((r) => {
        if (!r.ok) return setProblem(t('common.error', { message: r.message }));
        setAsking(null);
        setNote('');
        onDone();
      })
      .catch((error: unknown) => setProblem(t('common.error', { message: String(error) })))
      .finally(() => setBusy(false));
  };
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (asking) act(asking.path);
  };
  return (
    <>
      {ACTIONS.filter((a) => a.when(incident)).map((a) => (
        <button
          type="button"
          key={a.path}
          className="secondary"
          disabled={busy}
          onClick={() => {
            setProblem(null);
            setAsking(a);
          }}
          data-testid={`action-${a.path}`}
        >
          {t(a.key)}
        </button>
      ))}
      {asking ? (
        <div
          className="confirm card"
          role="dialog"
          aria-modal="true"
          aria-labelledby="confirm-title"
          data-testid="confirm"
        >
          <form onSubmit={confirm}>
            <h2 id="confirm-title">{t('incident.confirmTitle', { action: t(asking.key) })}</h2>
            <p>{t(`incident.confirm.${asking.path}` as MessageKey)}</p>
            <label>
              {t('incident.confirmNote')}
              <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
            </label>
            <div className="actions">
              <button type="submit" disabled={busy} data-testid="confirm-yes">
                {t('incident.confirmYes')}
              </button>
              <button type="button" className="secondary" onClick={() => setAsking(null)} data-testid="confirm-cancel">
                {t('incident.cancel')}
              </button>
            </div>
          </form>
        </div>
      ) : null}
      {problem ? (
        <span className="error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
