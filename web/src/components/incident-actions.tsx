import { useState } from 'react';
import { api, call } from '../api.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';
import type { Incident } from '../api-types.ts';

const ACTIONS = [
  { path: 'acknowledge', key: 'incident.acknowledge', when: ['open'] },
  { path: 'resolve', key: 'incident.resolve', when: ['open', 'acknowledged'] },
  { path: 'false-positive', key: 'incident.falsePositive', when: ['open', 'acknowledged'] },
] as const satisfies readonly { path: string; key: MessageKey; when: readonly Incident['state'][] }[];

/** The analyst's actions on an incident; only CSIRT staff see them (the server refuses others anyway). */
export function IncidentActions({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t, user } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (user && user.role !== 'admin' && user.role !== 'analyst') return null;
  const act = (path: (typeof ACTIONS)[number]['path']) => {
    setBusy(true);
    setProblem(null);
    const args = { param: { id: String(incident.id) }, json: user ? { actor: user.username } : {} };
    call(() => api.incidents[':id'][path].$post(args))
      .then((r) => (r.ok ? onDone() : setProblem(t('common.error', { message: r.message }))))
      .catch((error: unknown) => setProblem(t('common.error', { message: String(error) })))
      .finally(() => setBusy(false));
  };
  const available = ACTIONS.filter((a) => a.when.some((state) => state === incident.state));
  return (
    <>
      {available.map((a) => (
        <button
          type="button"
          key={a.path}
          className="secondary"
          disabled={busy}
          onClick={() => act(a.path)}
          data-testid={`action-${a.path}`}
        >
          {t(a.key)}
        </button>
      ))}
      {problem ? (
        <span className="error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
