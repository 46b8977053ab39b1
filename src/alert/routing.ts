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
  /** The dashboard's public address (`server.publicUrl`): notifications link to their incident there. */
  publicUrl?: string | null;
}

/** The incident's page in the dashboard, or null when the public address is not configured. */
export function incidentLink(publicUrl: string | null | undefined, incidentId: number): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}/incidents/${incidentId}`;
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
export function dedupKey(
  incident: Pick<Incident, 'id'>,
  event: Pick<IncidentEvent, 'id' | 'type' | 'data' | 'pageId'>,
): string {
  const severity = typeof event.data['severity'] === 'string' ? event.data['severity'] : '';
  // Each page that joins a site incident is news of its own (another defaced page), so its key names
  // the page and the event; a replay of that same event still collapses into one notification.
  if (event.type === 'page-joined') return `incident:${incident.id}:page-joined:${event.pageId ?? ''}:${event.id}`;
  return `incident:${incident.id}:${event.type}:${severity}`;
}

export function messageOf(
  event: IncidentEvent,
  incident: Incident,
  context: RoutingContext,
  publicUrl: string | null = null,
): NotificationMessage {
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
    link: incidentLink(publicUrl, incident.id),
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
  const message = messageOf(event, incident, context, config.publicUrl ?? null);
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
