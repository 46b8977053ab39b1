import type { CaseStore } from '../incidents/case-store.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Page, EstateStore } from '../store/types.ts';
import type { IncidentApiDeps } from './routes/incidents.ts';
import type { IntelApiDeps } from './routes/intel.ts';
import type { AuthRouteDeps } from './routes/auth.ts';
import type { AuditStore } from '../auth/audit-store.ts';
import type { TokenStore } from '../auth/token-store.ts';
import type { ConsoleApiDeps } from './console-deps.ts';
import type { ChannelService } from '../alert/channel-service.ts';
import type { TargetApiDeps } from './routes/targets.ts';
import type { CsirtExports } from '../interop/csirt.ts';
import type { PageHistory } from '../store/rollup.ts';
import type { SiteWatchApiDeps } from './routes/site-watch.ts';
import type { ProbeApiDeps } from './routes/probe.ts';
import type { VantageApiDeps } from './routes/vantages.ts';

export interface HealthInfo {
  /** `leader`: this process holds the scheduler lease (of several `serve`, one schedules). */
  scheduler?: { pages: number; lagMs: number; leader: boolean };
  queue?: { waiting: number; active: number; failed: number };
}

/** What the HTTP layer needs from the rest of Mamori: data and services, never config or globals. */
export interface ApiDeps {
  store: EstateStore;
  version: string;
  now: () => number;
  log: Pick<Logger, 'error'>;
  /** Live figures from the watch loop, when this process runs one. */
  health?: () => Promise<HealthInfo>;
  /** Called after a page is added, so a running watch can schedule it at once. */
  onPageAdded?: (page: Page) => void;
  /** Pages' rolled-up check history (GET /api/pages/{id}/history; absent without it). */
  history?: PageHistory;
  /** Pause, resume and remove targets (routes absent without it). */
  targets?: TargetApiDeps;
  /** Incidents, campaigns and notifications, when this process has the incident stage. */
  incidents?: Omit<IncidentApiDeps, 'now'>;
  /** Notes and assignees on incidents (GET /api/incidents/{id}/case; absent without it or without incidents). */
  cases?: CaseStore;
  /** Threats and claims, when this process has the intel stage. */
  intel?: Omit<IntelApiDeps, 'now'>;
  /** MISP export and TheHive push (GET /api/export/misp, POST /api/incidents/{id}/thehive). */
  exports?: CsirtExports;
  /** Site watch history (DNS, certificate, domain, headers), when this process has the site watch stage. */
  siteWatch?: Omit<SiteWatchApiDeps, 'store'>;
  /** The probe protocol (POST /api/probe/leases, /api/probe/reports), when vantage.probes are configured. */
  probe?: ProbeApiDeps;
  /** Each vantage's latest report per page (GET /api/pages/{id}/vantages). */
  vantages?: Omit<VantageApiDeps, 'store'>;
  /** The notification channels, their outbox figures and test notifications (Settings). */
  channels?: ChannelService;
  /** Accounts and sessions: every /api/ route but health and login needs a session or a token. */
  /** The console's data views (render states, artefacts, evidence, capture links), when this process serves them. */
  console?: ConsoleApiDeps;
  auth: Omit<AuthRouteDeps, 'now'> & {
    /** API tokens (`Authorization: Bearer mmr_…`) and their routes. */
    tokens?: TokenStore;
    /** The audit log of writes and exports, and GET /api/audit. */
    audit?: AuditStore;
  };
}

export type ApiApp = OpenAPIHono;
