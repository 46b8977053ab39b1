import type { Reason } from '../verdict.ts';
import { featuresOf, mergeFeatures } from './features.ts';
import { describeKind, fingerprintOf, leadReason, severityOf, signalOf, worseKind } from './signal.ts';
import type {
  IncidentChange,
  IncidentEventDraft,
  IncidentFeatures,
  IncidentKind,
  IncidentPatch,
  IncidentSeverity,
  IncidentSnapshot,
  NewIncidentData,
} from './types.ts';
import { maxSeverity, severityRank } from './types.ts';

/** One stored check, as the rollup needs it. */
export interface CheckInput {
  checkId: number;
  pageId: number;
  pageUrl: string;
  siteId: number;
  siteName: string;
  organisationId: number;
  /** When the check started (epoch ms). */
  at: number;
  verdict: string;
  outcome: string;
  reasons: readonly Reason[];
}

/** What the store knows about the page and its site before this check. */
export interface RollupState {
  /** The page's open or acknowledged incident. */
  page: IncidentSnapshot | null;
  /** The page's latest false positive while it still silences its finding. */
  falsePositive: { id: number; fingerprint: string } | null;
  /** The site's open or acknowledged incident. */
  site: IncidentSnapshot | null;
  /** Active page incidents under `site`, this page's excluded. */
  siteOtherActivePages: number;
  /** When a further page joining `site` was last notified; null or absent when never. */
  siteJoinNotifiedAt?: number | null;
}

/**
 * Pages that join a site incident within this long of the last notified one are gathered into it
 * without a message each: a burst (25 doorway pages found at once) is one message, not 25. A page
 * that joins later is news again.
 */
export const JOIN_NOTIFY_GAP_MS = 10 * 60_000;

export interface RollupOptions {
  /** Healthy checks in a row that confirm a page is restored. */
  restoreAfterChecks: number;
}

/** What to write. `campaignCheck` asks the caller to (re)consider campaigns for the site incident. */
export interface RollupPlan {
  page: IncidentChange | null;
  site: IncidentChange | null;
  /** A false positive whose silence ends (the page was seen healthy). */
  endSilence: number | null;
  campaignCheck: boolean;
}

/** Page problems about content (not availability): each affected page is news to the people cleaning up. */
const CONTENT_KINDS: ReadonlySet<IncidentKind> = new Set(['tampered', 'suspicious']);

const NOTHING: RollupPlan = { page: null, site: null, endSilence: null, campaignCheck: false };

/**
 * Fold one check into the incidents of its page and site. Pure: the caller reads `state` and writes
 * the plan in one transaction. A healthy check only matters while an incident is active (it counts
 * towards restoration) or a false positive is silencing its page.
 */
export function rollupCheck(check: CheckInput, state: RollupState, options: RollupOptions): RollupPlan {
  const signal = signalOf(check.verdict, check.outcome);
  if (signal === null) return NOTHING;
  if (signal.kind === 'healthy') return healthy(check, state, options);
  return problem(check, signal.kind, state);
}

function healthy(check: CheckInput, state: RollupState, options: RollupOptions): RollupPlan {
  const endSilence = state.falsePositive?.id ?? null;
  const incident = state.page;
  if (!incident) return { ...NOTHING, endSilence };
  const streak = incident.healthyStreak + 1;
  const base = { kind: incident.kind, severity: incident.severity };
  if (streak < options.restoreAfterChecks) {
    const events: IncidentEventDraft[] =
      streak === 1
        ? [
            {
              type: 'recovering',
              at: check.at,
              checkId: check.checkId,
              pageId: check.pageId,
              message: `${check.pageUrl} is back to its usual content; restoration is confirmed after ${options.restoreAfterChecks} healthy checks in a row.`,
              data: { ...base, verdict: check.verdict },
              notify: false,
            },
          ]
        : [];
    return {
      ...NOTHING,
      endSilence,
      page: { op: 'update', id: incident.id, patch: { healthyStreak: streak }, events },
    };
  }
  const restored: IncidentEventDraft = {
    type: 'restored',
    at: check.at,
    checkId: check.checkId,
    pageId: check.pageId,
    message: `${check.pageUrl} is restored: ${streak} healthy checks in a row.`,
    data: { ...base, healthyChecks: streak },
    notify: false,
  };
  const page: IncidentChange = {
    op: 'update',
    id: incident.id,
    patch: { healthyStreak: streak, state: 'resolved', resolution: 'restored', resolvedAt: check.at },
    events: [restored],
  };
  return { page, site: siteAfterPageClosed(state, check, 'restored'), endSilence, campaignCheck: false };
}

/** A page incident closed (restored, resolved or a false positive): the site incident follows. */
export function siteAfterPageClosed(
  state: Pick<RollupState, 'site' | 'siteOtherActivePages'>,
  at: { at: number; checkId: number | null; pageId: number; pageUrl: string },
  how: 'restored' | 'resolved' | 'false_positive',
): IncidentChange | null {
  const site = state.site;
  if (!site) return null;
  const data = { kind: site.kind, severity: site.severity };
  if (state.siteOtherActivePages > 0) {
    const type = how === 'restored' ? 'page-restored' : 'page-closed';
    const message = `${at.pageUrl} is ${how === 'restored' ? 'restored' : how === 'resolved' ? 'resolved' : 'a false positive'}; ${state.siteOtherActivePages} page${state.siteOtherActivePages === 1 ? '' : 's'} of the site still affected.`;
    return {
      op: 'update',
      id: site.id,
      patch: {},
      events: [{ type, at: at.at, checkId: at.checkId, pageId: at.pageId, message, data, notify: false }],
    };
  }
  const type = how === 'restored' ? 'restored' : how === 'resolved' ? 'resolved' : 'false-positive';
  const resolution = how === 'false_positive' ? 'false_positive' : how;
  const message =
    how === 'restored'
      ? 'Every affected page of the site is restored.'
      : how === 'resolved'
        ? 'The last affected page of the site was resolved by an analyst.'
        : 'The last affected page of the site was marked a false positive.';
  return {
    op: 'update',
    id: site.id,
    patch: { state: resolution === 'false_positive' ? 'false_positive' : 'resolved', resolution, resolvedAt: at.at },
    events: [{ type, at: at.at, checkId: at.checkId, pageId: at.pageId, message, data, notify: true }],
  };
}

function problem(check: CheckInput, kind: IncidentKind, state: RollupState): RollupPlan {
  const fingerprint = fingerprintOf(kind, check.reasons);
  const features = featuresOf(check.reasons, check.pageUrl);
  if (state.page) return updatePage(check, kind, fingerprint, features, state, state.page);
  // The analyst said this very finding is not a problem: stay quiet until the page is seen healthy
  // or the baseline is relearnt. A different finding is news.
  if (state.falsePositive?.fingerprint === fingerprint) return NOTHING;
  const severity = severityOf(kind);
  const summary = summaryOf(check, kind);
  const incident: NewIncidentData = {
    scope: 'page',
    organisationId: check.organisationId,
    siteId: check.siteId,
    pageId: check.pageId,
    kind,
    severity,
    title: `${check.pageUrl} is ${describeKind(kind)}`,
    summary,
    fingerprint,
    openedAt: check.at,
    checkId: check.checkId,
    ...features,
  };
  const opened: IncidentEventDraft = {
    type: 'opened',
    at: check.at,
    checkId: check.checkId,
    pageId: check.pageId,
    message: summary,
    data: { kind, severity, reasons: reasonList(check.reasons) },
    notify: false,
  };
  return {
    page: { op: 'open', incident, events: [opened] },
    site: siteOnPageOpened(check, incident, state),
    endSilence: null,
    campaignCheck: true,
  };
}

function updatePage(
  check: CheckInput,
  kind: IncidentKind,
  fingerprint: string,
  features: IncidentFeatures,
  state: RollupState,
  incident: IncidentSnapshot,
): RollupPlan {
  const severity = maxSeverity(incident.severity, severityOf(kind));
  const escalated = severityRank(severity) > severityRank(incident.severity);
  const merged = mergeFeatures(incident, features);
  const events: IncidentEventDraft[] = [];
  const data = { kind, severity };
  const ids = { at: check.at, checkId: check.checkId, pageId: check.pageId };
  if (incident.healthyStreak > 0)
    events.push({
      type: 'relapsed',
      ...ids,
      message: `${check.pageUrl} is ${describeKind(kind)} again before restoration was confirmed.`,
      data,
      notify: false,
    });
  if (escalated) {
    events.push({
      type: 'escalated',
      ...ids,
      message: `Escalated to ${severity}: ${summaryOf(check, kind)}`,
      data: { ...data, from: incident.severity, reasons: reasonList(check.reasons) },
      notify: false,
    });
  } else if (fingerprint !== incident.fingerprint) {
    events.push({
      type: 'changed',
      ...ids,
      message: summaryOf(check, kind),
      data: { ...data, reasons: reasonList(check.reasons) },
      notify: false,
    });
  }
  const patch: IncidentPatch = { lastSeenAt: check.at, lastCheckId: check.checkId, healthyStreak: 0 };
  if (events.length > 0 || merged.changed) {
    Object.assign(
      patch,
      {
        kind,
        severity,
        fingerprint,
        summary: summaryOf(check, kind),
        title: `${check.pageUrl} is ${describeKind(kind)}`,
      },
      merged.features,
    );
  }
  // Escalation asks for attention again, even from someone who had acknowledged the lesser problem.
  if (escalated && incident.state === 'acknowledged') patch.state = 'open';
  const site = siteOnPageUpdated(check, kind, severity, merged.features, state);
  return {
    page: { op: 'update', id: incident.id, patch, events },
    site,
    endSilence: null,
    campaignCheck: merged.changed,
  };
}

function siteOnPageOpened(check: CheckInput, page: NewIncidentData, state: RollupState): IncidentChange {
  const ids = { at: check.at, checkId: check.checkId, pageId: check.pageId };
  const site = state.site;
  if (!site) {
    const incident: NewIncidentData = {
      ...page,
      scope: 'site',
      pageId: null,
      title: `${check.siteName}: ${describeKind(page.kind)}`,
    };
    return {
      op: 'open',
      incident,
      events: [
        {
          type: 'opened',
          ...ids,
          message: page.summary,
          data: {
            kind: page.kind,
            severity: page.severity,
            pageUrl: check.pageUrl,
            reasons: reasonList(check.reasons),
          },
          notify: true,
        },
      ],
    };
  }
  const change = escalateSite(site, check, page.kind, page.severity, page);
  // Another page defaced or tampered with is news even when the site incident is already at its
  // worst: it is a new place to clean. One message per page (the page incident opens once), none when
  // the site's escalation already says it, and one for a burst (JOIN_NOTIFY_GAP_MS). A further page
  // going down in an outage is not news.
  const last = state.siteJoinNotifiedAt ?? null;
  const quietAfterLast = last !== null && check.at - last < JOIN_NOTIFY_GAP_MS;
  const notify = CONTENT_KINDS.has(page.kind) && change.events.length === 0 && !quietAfterLast;
  const joined: IncidentEventDraft = {
    type: 'page-joined',
    ...ids,
    message: `Another page is affected: ${page.summary}`,
    data: {
      kind: page.kind,
      severity: page.severity,
      pageUrl: check.pageUrl,
      ...(notify ? { reasons: reasonList(check.reasons) } : {}),
    },
    notify,
  };
  return { ...change, events: [joined, ...change.events] };
}

function siteOnPageUpdated(
  check: CheckInput,
  kind: IncidentKind,
  severity: IncidentSeverity,
  features: IncidentFeatures,
  state: RollupState,
): IncidentChange | null {
  if (!state.site) return null;
  const change = escalateSite(state.site, check, kind, severity, features);
  return change.events.length === 0 && Object.keys(change.patch).length === 0 ? null : change;
}

/** Raise the site incident to a page's severity and gather the page's features into it. */
function escalateSite(
  site: IncidentSnapshot,
  check: CheckInput,
  kind: IncidentKind,
  severity: IncidentSeverity,
  features: IncidentFeatures,
): IncidentChange & { op: 'update' } {
  const merged = mergeFeatures(site, features);
  const patch: IncidentPatch = merged.changed ? { ...merged.features } : {};
  const events: IncidentEventDraft[] = [];
  if (severityRank(severity) > severityRank(site.severity)) {
    const siteKind = worseKind(site.kind, kind);
    Object.assign(patch, {
      severity,
      kind: siteKind,
      summary: summaryOf(check, kind),
      title: `${check.siteName}: ${describeKind(siteKind)}`,
      lastSeenAt: check.at,
    });
    if (site.state === 'acknowledged') patch.state = 'open';
    events.push({
      type: 'escalated',
      at: check.at,
      checkId: check.checkId,
      pageId: check.pageId,
      message: `Escalated to ${severity}: ${summaryOf(check, kind)}`,
      data: {
        kind: siteKind,
        severity,
        from: site.severity,
        pageUrl: check.pageUrl,
        reasons: reasonList(check.reasons),
      },
      notify: true,
    });
  }
  return { op: 'update', id: site.id, patch, events };
}

function summaryOf(check: CheckInput, kind: IncidentKind): string {
  const lead = leadReason(check.reasons);
  return `${check.pageUrl} is ${describeKind(kind)}${lead ? `: ${lead.message}` : '.'}`;
}

/** The reasons as kept in the timeline: code, severity and sentence (evidence stays with the check). */
function reasonList(reasons: readonly Reason[]): { code: string; severity: string; message: string }[] {
  return reasons
    .filter((r) => r.severity !== 'info')
    .slice(0, 10)
    .map((r) => ({ code: r.code, severity: r.severity, message: r.message }));
}
