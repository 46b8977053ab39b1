import { consoleStatus } from '../console-status.ts';
import { OUTCOME_CLASSES, type OutcomeClass } from '../outcome.ts';
import type { Reason } from '../verdict.ts';
import type { IncidentKind, IncidentSeverity } from './types.ts';

/** What one check means for incidents: the page is fine, or has a problem of some kind. */
export type CheckSignal = { kind: 'healthy' } | { kind: IncidentKind };

/**
 * The incident signal of a check. `unchanged` and `changed` are the page at its baseline. A `down`
 * verdict is split by the one mapping the console and the CLI use (`consoleStatus`): no usable answer
 * is `down`, an answer that is not the page (4xx, soft 404, unreadable body) is `degraded`, and a
 * request Mamori's own network policy refused says nothing of the page (no incident: it is a
 * configuration matter, not an outage). Anything else (`pending`) says nothing. Verdicts and outcomes
 * are taken as strings so that new kinds never break this.
 */
export function signalOf(verdict: string, outcome: string): CheckSignal | null {
  switch (verdict) {
    case 'unchanged':
    case 'changed':
      return { kind: 'healthy' };
    case 'tampered':
    case 'suspicious':
    case 'degraded':
      return { kind: verdict };
    case 'down': {
      const state = consoleStatus('down', isOutcomeClass(outcome) ? outcome : null);
      if (state === 'unknown') return null;
      return { kind: state === 'degraded' ? 'degraded' : 'down' };
    }
    default:
      return null;
  }
}

function isOutcomeClass(outcome: string): outcome is OutcomeClass {
  return (OUTCOME_CLASSES as readonly string[]).includes(outcome);
}

const SEVERITY: Record<IncidentKind, IncidentSeverity> = {
  tampered: 'critical',
  down: 'high',
  suspicious: 'medium',
  degraded: 'medium',
};

export function severityOf(kind: IncidentKind): IncidentSeverity {
  return SEVERITY[kind];
}

/** Among kinds of equal severity, the one that names the incident: tampering over outage. */
const KIND_ORDER: Record<IncidentKind, number> = { tampered: 4, down: 3, suspicious: 2, degraded: 1 };

/** The kind that describes an incident holding both. */
export function worseKind(a: IncidentKind, b: IncidentKind): IncidentKind {
  return KIND_ORDER[b] > KIND_ORDER[a] ? b : a;
}

/** `kind:code,code`: the same finding on the same page has the same fingerprint. */
export function fingerprintOf(kind: IncidentKind, reasons: readonly Reason[]): string {
  const codes = [...new Set(reasons.filter((r) => r.severity !== 'info').map((r) => r.code))].sort();
  return `${kind}:${codes.join(',')}`;
}

const KIND_WORDS: Record<IncidentKind, string> = {
  tampered: 'tampered with',
  suspicious: 'suspicious',
  down: 'down',
  degraded: 'degraded',
};

export function describeKind(kind: IncidentKind): string {
  return KIND_WORDS[kind];
}

/** The reason a person should read first: the most severe, in the order the detectors gave. */
export function leadReason(reasons: readonly Reason[]): Reason | null {
  const order = { high: 0, medium: 1, low: 2, info: 3 } as const;
  return [...reasons].sort((a, b) => order[a.severity] - order[b.severity])[0] ?? null;
}
