/**
 * A site watch's look, folded into the site's incident: the same incidents, timelines and notifications
 * as page checks. A watch's finding opens a site incident (or joins the site's open one); a watch seen
 * healthy for `restoreAfterChecks` looks in a row closes the incident it opened when no page of the
 * site is still affected. Pure: the caller reads the state and writes the change under the site's lock.
 */
import { maxSeverity, severityRank, type IncidentChange, type IncidentSnapshot } from '../incidents/types.ts';
import { worseKind } from '../incidents/signal.ts';
import { watchFingerprint, type WatchKind, type WatchSignal } from './findings.ts';

export const WATCH_NAMES: Record<WatchKind, string> = {
  dns: 'DNS',
  tls: 'certificate',
  domain: 'domain registration',
  headers: 'security headers',
};

export interface WatchLook {
  watch: WatchKind;
  organisationId: number;
  siteId: number;
  siteName: string;
  at: number;
  signal: WatchSignal | null;
}

/** What the watch remembers of the incident it took part in. */
export interface WatchIncidentMemory {
  incidentId: number | null;
  fingerprint: string | null;
  healthyStreak: number;
}

export interface WatchIncidentState {
  /** The site's open or acknowledged incident. */
  site: IncidentSnapshot | null;
  /** Active page incidents under it. */
  activePages: number;
  memory: WatchIncidentMemory;
}

export interface WatchIncidentPlan {
  change: IncidentChange | null;
  /** The memory to keep; `incidentId` is filled from the written incident when the change opens one. */
  memory: WatchIncidentMemory;
}

export const NO_MEMORY: WatchIncidentMemory = { incidentId: null, fingerprint: null, healthyStreak: 0 };

function summaryOf(look: WatchLook, signal: WatchSignal): string {
  const lead = [...signal.findings].filter((f) => f.incident !== null).sort((a, b) => rank(b) - rank(a))[0];
  return `${look.siteName}: ${WATCH_NAMES[look.watch]} watch. ${lead?.message ?? ''}`.trim();
}

const rank = (f: { severity: string }) => ({ info: 0, low: 1, medium: 2, high: 3 })[f.severity] ?? 0;

function reasonList(signal: WatchSignal) {
  return signal.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, evidence: f.evidence }));
}

export function planWatchIncident(
  look: WatchLook,
  state: WatchIncidentState,
  options: { restoreAfterChecks: number },
): WatchIncidentPlan {
  const { signal } = look;
  if (signal) return problem(look, signal, state);
  const { memory, site } = state;
  if (memory.incidentId === null) return { change: null, memory };
  if (!site || site.id !== memory.incidentId) return { change: null, memory: NO_MEMORY };
  const streak = memory.healthyStreak + 1;
  const data = { kind: site.kind, severity: site.severity, watch: look.watch };
  if (streak < options.restoreAfterChecks) {
    const events =
      streak === 1
        ? [
            {
              type: 'recovering' as const,
              at: look.at,
              checkId: null,
              pageId: null,
              message: `The ${WATCH_NAMES[look.watch]} of ${look.siteName} is back to what was learnt; restoration is confirmed after ${options.restoreAfterChecks} healthy looks in a row.`,
              data,
              notify: false,
            },
          ]
        : [];
    return { change: { op: 'update', id: site.id, patch: {}, events }, memory: { ...memory, healthyStreak: streak } };
  }
  if (state.activePages > 0) {
    const message = `The ${WATCH_NAMES[look.watch]} of ${look.siteName} is restored; ${state.activePages} page${state.activePages === 1 ? '' : 's'} of the site still affected.`;
    return {
      change: {
        op: 'update',
        id: site.id,
        patch: {},
        events: [{ type: 'page-restored', at: look.at, checkId: null, pageId: null, message, data, notify: false }],
      },
      memory: NO_MEMORY,
    };
  }
  const message = `The ${WATCH_NAMES[look.watch]} of ${look.siteName} is restored: ${streak} healthy looks in a row.`;
  return {
    change: {
      op: 'update',
      id: site.id,
      patch: { state: 'resolved', resolution: 'restored', resolvedAt: look.at },
      events: [{ type: 'restored', at: look.at, checkId: null, pageId: null, message, data, notify: true }],
    },
    memory: NO_MEMORY,
  };
}

function problem(look: WatchLook, signal: WatchSignal, state: WatchIncidentState): WatchIncidentPlan {
  const fingerprint = watchFingerprint(look.watch, signal);
  const summary = summaryOf(look, signal);
  const codes = [...new Set(signal.findings.filter((f) => f.incident !== null).map((f) => f.code))].sort();
  const site = state.site;
  if (!site) {
    return {
      change: {
        op: 'open',
        incident: {
          scope: 'site',
          organisationId: look.organisationId,
          siteId: look.siteId,
          pageId: null,
          kind: signal.kind,
          severity: signal.severity,
          title: `${look.siteName}: ${WATCH_NAMES[look.watch]} ${describe(signal)}`,
          summary,
          fingerprint,
          openedAt: look.at,
          checkId: null,
          signatures: [],
          hosts: [],
          reasonCodes: codes,
        },
        events: [
          {
            type: 'opened',
            at: look.at,
            checkId: null,
            pageId: null,
            message: summary,
            data: { kind: signal.kind, severity: signal.severity, watch: look.watch, reasons: reasonList(signal) },
            notify: true,
          },
        ],
      },
      memory: { incidentId: null, fingerprint, healthyStreak: 0 },
    };
  }
  const same = state.memory.incidentId === site.id && state.memory.fingerprint === fingerprint;
  const memory = { incidentId: site.id, fingerprint, healthyStreak: 0 };
  if (same) return { change: { op: 'update', id: site.id, patch: { lastSeenAt: look.at }, events: [] }, memory };
  const kind = worseKind(site.kind, signal.kind);
  const severity = maxSeverity(site.severity, signal.severity);
  const escalated = severityRank(severity) > severityRank(site.severity);
  return {
    change: {
      op: 'update',
      id: site.id,
      patch: { kind, severity, lastSeenAt: look.at, reasonCodes: [...new Set([...site.reasonCodes, ...codes])].sort() },
      events: [
        {
          type: escalated ? 'escalated' : 'changed',
          at: look.at,
          checkId: null,
          pageId: null,
          message: summary,
          data: { kind, severity, watch: look.watch, reasons: reasonList(signal) },
          notify: true,
        },
      ],
    },
    memory,
  };
}

function describe(signal: WatchSignal): string {
  switch (signal.kind) {
    case 'tampered':
      return 'tampered with';
    case 'down':
      return 'down';
    case 'suspicious':
      return 'changed suspiciously';
    case 'degraded':
      return 'needs attention';
  }
}
