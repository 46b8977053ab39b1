import type {
  IncidentEventDraft,
  IncidentKind,
  IncidentPatch,
  IncidentSeverity,
  IncidentState,
  RelearnState,
} from './types.ts';

export const ANALYST_ACTIONS = ['acknowledge', 'resolve', 'false_positive', 'approve_relearn'] as const;
export type AnalystAction = (typeof ANALYST_ACTIONS)[number];

/** The part of an incident an action looks at. */
export interface ActionSubject {
  id: number;
  state: IncidentState;
  kind: IncidentKind;
  severity: IncidentSeverity;
  pageId: number | null;
  relearn: RelearnState;
}

export interface ActionRequest {
  action: AnalystAction;
  at: number;
  actor: string | null;
  note: string | null;
}

export type ActionOutcome =
  | {
      ok: true;
      patch: IncidentPatch;
      event: IncidentEventDraft;
      closes: 'resolved' | 'false_positive' | null;
      resetsBaseline: boolean;
    }
  | { ok: false; message: string };

/** Kinds whose false positive means the baseline is wrong (an outage teaches a baseline nothing). */
const CONTENT_KINDS: ReadonlySet<IncidentKind> = new Set(['tampered', 'suspicious']);

/**
 * What an analyst's action does to one incident, or why it cannot. Pure: the caller applies the
 * patch and event in one transaction, and cascades site actions to the site's page incidents.
 * A false positive never touches the baseline itself: it records a pending relearn that only
 * `approve_relearn` applies, so one click cannot teach a page that its defacement is normal.
 */
export function applyAction(subject: ActionSubject, request: ActionRequest): ActionOutcome {
  const { at, actor, note } = request;
  const event = (type: IncidentEventDraft['type'], message: string): IncidentEventDraft => ({
    type,
    at,
    checkId: null,
    pageId: subject.pageId,
    message: note ? `${message} Note: ${note}` : message,
    data: { kind: subject.kind, severity: subject.severity, ...(note ? { note } : {}) },
    // Site incidents tell their channels when a person closes them; page events never notify.
    notify: subject.pageId === null && type !== 'acknowledged' && type !== 'relearn-approved',
    actor,
  });
  const who = actor ? ` by ${actor}` : '';
  switch (request.action) {
    case 'acknowledge':
      if (subject.state !== 'open') return refuse(subject, 'acknowledged', 'only an open incident can be acknowledged');
      return {
        ok: true,
        patch: { state: 'acknowledged', acknowledgedAt: at },
        event: event('acknowledged', `Acknowledged${who}.`),
        closes: null,
        resetsBaseline: false,
      };
    case 'resolve':
      if (subject.state !== 'open' && subject.state !== 'acknowledged')
        return refuse(subject, 'resolved', 'only an open or acknowledged incident can be resolved');
      return {
        ok: true,
        patch: { state: 'resolved', resolution: 'resolved', resolvedAt: at },
        event: event('resolved', `Resolved${who}.`),
        closes: 'resolved',
        resetsBaseline: false,
      };
    case 'false_positive': {
      if (subject.state === 'false_positive') return refuse(subject, 'marked a false positive', 'it already is one');
      const relearn: RelearnState = subject.pageId !== null && CONTENT_KINDS.has(subject.kind) ? 'pending' : null;
      const tail = relearn === 'pending' ? ' The baseline is relearnt only once an analyst approves it.' : '';
      const wasActive = subject.state === 'open' || subject.state === 'acknowledged';
      return {
        ok: true,
        patch: {
          state: 'false_positive',
          resolution: 'false_positive',
          resolvedAt: at,
          relearn,
          suppressing: subject.pageId !== null,
        },
        event: event('false-positive', `Marked a false positive${who}.${tail}`),
        closes: wasActive ? 'false_positive' : null,
        resetsBaseline: false,
      };
    }
    case 'approve_relearn':
      if (subject.relearn !== 'pending')
        return refuse(
          subject,
          'relearnt',
          subject.relearn === 'approved'
            ? 'its relearn was already approved'
            : 'no relearn is pending (mark a content false positive first)',
        );
      return {
        ok: true,
        patch: { relearn: 'approved', suppressing: false },
        event: event(
          'relearn-approved',
          `Baseline relearn approved${who}: the page's normal is learnt again from its next checks.`,
        ),
        closes: null,
        resetsBaseline: true,
      };
  }
}

function refuse(subject: ActionSubject, verb: string, why: string): ActionOutcome {
  return {
    ok: false,
    message: `Incident ${subject.id} is ${subject.state.replace('_', ' ')} and cannot be ${verb}: ${why}.`,
  };
}
