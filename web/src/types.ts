/** The API's shapes as the dashboard reads them (see /openapi.json). */

export type ApiResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      kind: 'unauthorised' | 'not-found' | 'unavailable' | 'network' | 'error';
      status: number;
      message: string;
    };

export const PAGE_STATUSES = ['pending', 'unchanged', 'changed', 'suspicious', 'tampered', 'down'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];
export type Verdict = Exclude<PageStatus, 'pending'>;

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'analyst' | 'member' | 'investigator';
  organisationIds: number[] | 'all';
  locale: string;
  timeZone: string;
  /** A one-time password is still set: the server refuses everything but changing it (and signing out). */
  mustChangePassword?: boolean;
}

export interface Me {
  user: User;
  csrfToken: string;
}

export interface Organisation {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
}

export interface Site {
  id: number;
  organisationId: number;
  origin: string;
  name: string;
}

export interface Page {
  id: number;
  siteId: number;
  url: string;
  source: string;
  status: PageStatus;
  lastCheckId: number | null;
  lastCheckedAt: number | null;
  baseline: { samples: number; untrusted: boolean; untrustedReasons: string[]; volatileRegions: number } | null;
}

export interface PageList {
  items: Page[];
  total: number;
  nextAfter: number | null;
}

export interface Reason {
  code: string;
  message: string;
  severity: 'info' | 'low' | 'medium' | 'high';
  evidence?: { selector?: string; snippet?: string; url?: string };
}

export interface Check {
  id: number;
  pageId: number;
  startedAt: number;
  durationMs: number;
  outcome: string;
  httpStatus: number | null;
  verdict: Verdict;
  reasons: Reason[];
  bodyBytes: number | null;
}

export interface Incident {
  id: number;
  scope: 'page' | 'site';
  organisationId: number;
  siteId: number;
  pageId: number | null;
  parentId: number | null;
  campaignId: number | null;
  kind: string;
  severity: string;
  state: string;
  title: string;
  summary: string;
  openedAt: number;
  lastSeenAt: number;
  firstCheckId: number | null;
  lastCheckId: number | null;
  signatures: string[];
  hosts: string[];
  reasonCodes: string[];
}

export interface IncidentEvent {
  id: number;
  type: string;
  at: number;
  checkId: number | null;
  pageId: number | null;
  message: string;
  actor: string | null;
}

export interface IncidentDetail {
  incident: Incident;
  timeline: IncidentEvent[];
  pages: Incident[];
}

export interface Notification {
  id: number;
  channel: string;
  incidentId: number | null;
  severity: string;
  state: string;
  attempts: number;
  createdAt: number;
  deliveredAt: number | null;
  event: string;
  lastError: string | null;
}

export type ChannelStatus = 'ok' | 'failing' | 'pending' | 'unused';

/** GET /api/channels: a configured notification channel, its destination redacted by the server. */
export interface Channel {
  name: string;
  type: 'webhook' | 'slack' | 'teams' | 'email' | 'syslog';
  destination: string;
  signed: boolean;
  routes: { organisations: string[]; minSeverity: string }[];
  outbox: {
    pending: number;
    failed: number;
    delivered: number;
    suppressed: number;
    lastDeliveredAt: number | null;
    lastError: { message: string; at: number | null } | null;
  };
  status: ChannelStatus;
}

export interface MaintenanceWindow {
  site: string;
  from: number;
  to: number;
  reason: string;
  active: boolean;
}

export interface ChannelList {
  items: Channel[];
  maintenance: MaintenanceWindow[];
}

/** The overview's colours, worst first (GET /api/overview). */
export const CONSOLE_STATUSES = ['tampered', 'down', 'suspicious', 'degraded', 'unknown', 'up'] as const;
export type ConsoleStatus = (typeof CONSOLE_STATUSES)[number];
export type ConsoleCounts = Record<ConsoleStatus, number>;

export interface OverviewSite {
  id: number;
  organisationId: number;
  name: string;
  origin: string;
  total: number;
  counts: ConsoleCounts;
}

export interface OverviewOrganisation {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  total: number;
  counts: ConsoleCounts;
  sites: OverviewSite[];
}

export interface OverviewPage {
  id: number;
  siteId: number;
  organisationId: number;
  url: string;
  title: string | null;
  status: ConsoleStatus;
  verdict: PageStatus;
  lastCheckId: number | null;
  lastCheckedAt: number | null;
  topReason: Reason | null;
}

export interface Overview {
  total: number;
  counts: ConsoleCounts;
  organisations: OverviewOrganisation[];
  pages: { items: OverviewPage[]; total: number; next: string | null };
}
