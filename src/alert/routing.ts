/**
 * Which channels hear of an incident event: routes per organisation and minimum severity, with
 * maintenance windows per site. Pure: the config and the event come in, outbox entries come out.
 */
import type { IncidentSeverity } from '../core/incidents/index.ts';
import { severityRank } from '../core/incidents/index.ts';
import type { Incident, IncidentEvent } from '../core/incidents/records.ts';
import type { MaintenanceConfig, RouteConfig } from '../config/alerts.ts';
import type { NewOutboxEntry, NotificationMessage } from './types.ts';

export interface RoutingConfig {
  routes: readonly RouteConfig[];
  maintenance: readonly MaintenanceConfig[];
}

export interface RoutingContext {
  organisation: { id: number; slug: string; name: string };
  site: { id: number; name: string; origin: string };
  pageUrl: string | null;
}

/** Channel names the routes send `severity` of `organisationSlug` to, each once, in route order. */
export function channelsFor(config: RoutingConfig, organisationSlug: string, severity: IncidentSeverity): string[] {
  const out: string[] = [];
  for (const route of config.routes) {
    if (route.organisations.length > 0 && !route.organisations.includes(organisationSlug)) continue;
    if (severityRank(severity) < severityRank(route.minSeverity)) continue;
    for (const c of route.channels) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** The maintenance window covering `origin` at `at`, if any. */
export function maintenanceAt(config: RoutingConfig, origin: string, at: number): MaintenanceConfig | null {
  const normalised = origin.replace(/\/+$/, '').toLowerCase();
  return (
    config.maintenance.find(
      (w) =>
        w.site.replace(/\/+$/, '').toLowerCase() === normalised && Date.parse(w.from) <= at && at < Date.parse(w.to),
    ) ?? null
  );
}

/**
 * The key that makes a notification one notification: the same incident reaching the same state
 * and severity again (a retried check, a replayed event after a crash) is not news.
 */
export function dedupKey(incident: Pick<Incident, 'id'>, event: Pick<IncidentEvent, 'type' | 'data'>): string {
  const severity = typeof event.data['severity'] === 'string' ? event.data['severity'] : '';
  return `incident:${incident.id}:${event.type}:${severity}`;
}

export function messageOf(event: IncidentEvent, incident: Incident, context: RoutingContext): NotificationMessage {
  const reasons = Array.isArray(event.data['reasons']) ? (event.data['reasons'] as NotificationMessage['reasons']) : [];
  const pageUrl = typeof event.data['pageUrl'] === 'string' ? event.data['pageUrl'] : context.pageUrl;
  return {
    event: `incident.${event.type}`,
    incidentId: incident.id,
    eventId: event.id,
    scope: incident.scope,
    kind: incident.kind,
    severity: incident.severity,
    state: incident.state,
    title: incident.title,
    message: event.message,
    summary: incident.summary,
    at: event.at,
    organisation: context.organisation,
    site: context.site,
    pageUrl,
    campaignId: incident.campaignId,
    reasons,
  };
}

/** The outbox entries of one notifying event. */
export function route(
  config: RoutingConfig,
  event: IncidentEvent,
  incident: Incident,
  context: RoutingContext,
): NewOutboxEntry[] {
  const channels = channelsFor(config, context.organisation.slug, incident.severity);
  if (channels.length === 0) return [];
  const message = messageOf(event, incident, context);
  const quiet = maintenanceAt(config, context.site.origin, event.at) !== null;
  return channels.map((channel) => ({
    channel,
    dedupKey: dedupKey(incident, event),
    incidentId: incident.id,
    eventId: event.id,
    organisationId: incident.organisationId,
    siteId: incident.siteId,
    severity: incident.severity,
    message,
    state: quiet ? 'suppressed' : 'pending',
    createdAt: event.at,
  }));
}

/** Exponential backoff with full jitter in the upper half: attempt 1 waits about base, then 2×, 4×, … up to max. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}
