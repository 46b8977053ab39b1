import { CaseStore } from '../incidents/case-store.ts';
import { serve, type ServerType } from '@hono/node-server';
import { createApi } from '../api/app.ts';
import type { Runtime } from './runtime.ts';
import type { Watch } from './watch.ts';
import type { LastResort } from './last-resort.ts';
import { TargetControl } from '../estate/target-control.ts';
import { VERSION } from './version.ts';
import { openMetrics } from './open-metrics.ts';
import { registerMetricsRoute } from '../api/routes/metrics.ts';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import { createCaptureApp } from '../api/capture/capture-app.ts';
import { captureTokens } from '../api/capture/capture-token.ts';
import { PageHistory } from '../store/rollup.ts';
import { RenderStateStore } from '../render/render-state-store.ts';
import { createWebHandler, withWeb } from '../api/static-web.ts';
import { AuditStore } from '../auth/audit-store.ts';
import { createLoginLimiter } from '../auth/login-limiter.ts';
import { TokenStore } from '../auth/token-store.ts';
import { createClientIp } from '../api/client-ip.ts';
import { openCsirtExports } from './open-csirt.ts';
import { createStatusApp } from '../status-page/status-app.ts';
import { buildStatusDocument } from '../status-page/status-document.ts';

export interface RunningServer {
  url: string;
  /**
   * The admin created at this start with a generated one-time password, for the command to print
   * once, plainly, on the terminal; null otherwise. It is never logged (logs are kept and shipped).
   */
  firstAdmin: { username: string; password: string } | null;
  /** The separate origin that serves captured pages (another port on the same host). */
  captureUrl: string;
  /** The public status page's own origin, when statusPage.enabled. */
  statusUrl: string | null;
  close(): Promise<void>;
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType> {
  return new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, hostname, port }, () => resolve(s));
    s.once('error', reject);
  });
}

function urlOf(server: ServerType, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The capture origin's port: configured, else the API's port + 1 (a free one when the API's is picked at random). */
export function capturePortOf(server: { port: number; capturePort?: number | undefined }): number {
  if (server.capturePort !== undefined) return server.capturePort;
  return server.port === 0 || server.port === 65_535 ? 0 : server.port + 1;
}

/** Serve the API on the configured address; with a watch, new targets are scheduled at once. */
export async function startServer(
  runtime: Runtime,
  watch: Watch | null,
  lastResort?: LastResort,
): Promise<RunningServer> {
  const { config, store, log, clock } = runtime;
  const first = await ensureFirstAdmin(runtime.auth, config.auth.adminPassword, clock.now());
  if (first.created && first.password !== null) {
    log.warn(
      { username: first.username },
      'first start: created the admin account with a one-time password, printed on the terminal (not logged); sign in and change it',
    );
  } else if (first.created)
    log.info({ username: first.username }, 'first start: created the admin account with auth.adminPassword');
  // Captured pages are served from their own origin first, so the API's CSP can name it in frame-src.
  const tokens = captureTokens();
  const capture = await listen(
    createCaptureApp({ store, bodies: runtime.blobs, tokens, now: () => clock.now(), log }).fetch,
    config.server.host,
    capturePortOf(config.server),
  );
  const captureUrl = urlOf(capture, config.server.host);
  log.info({ url: captureUrl }, 'capture origin listening');
  const apiTokens = new TokenStore(runtime.database);
  const probes = runtime.vantage.probes;
  const api = createApi(
    {
      store,
      version: VERSION,
      log,
      now: () => clock.now(),
      history: new PageHistory(runtime.database.db),
      console: {
        bodies: runtime.blobs,
        renderStates: new RenderStateStore(runtime.database),
        renderBlobs: runtime.renderBlobs,
        evidence: runtime.evidence,
        incidents: runtime.incidents.store,
        captureOrigin: () => captureUrl,
        tokens,
        mamoriVersion: VERSION,
        analyser: runtime.analysis,
      },
      incidents: {
        store: runtime.incidents.store,
        service: runtime.incidents.service,
        outbox: runtime.incidents.alerts.outbox,
      },
      cases: new CaseStore(runtime.database),
      channels: runtime.incidents.alerts.channels,
      exports: openCsirtExports(runtime),
      siteWatch: { watches: runtime.siteWatch.store },
      vantages: { reports: runtime.vantage.reports, vantages: runtime.vantage.vantages },
      ...(probes
        ? { probe: { probes, tokenName: async (id: number) => (await apiTokens.get(id))?.name ?? null } }
        : {}),
      intel: {
        store: runtime.intel.store,
        threats: runtime.intel.threats,
        claims: runtime.intel.claims,
        heightened: runtime.intel.heightened,
      },
      health: async () => {
        if (!watch) return {};
        const q = await watch.queue.stats();
        const s = watch.scheduler.stats();
        return {
          scheduler: { pages: s.pages, lagMs: s.lagMs, leader: watch.service.isLeader() },
          queue: { waiting: q.waiting, active: q.active, failed: q.failed },
        };
      },
      auth: {
        store: runtime.auth,
        sessionTtlMs: config.auth.sessionTtlHours * 3_600_000,
        cookieSecure: config.auth.cookieSecure,
        tokens: apiTokens,
        audit: new AuditStore(runtime.database),
        gate: createLoginLimiter({
          attempts: config.auth.loginAttempts,
          windowMinutes: config.auth.loginWindowMinutes,
        }),
        clientIp: createClientIp(config.api.trustedProxies),
      },
      targets: {
        control: new TargetControl(runtime.database),
        onChanged: (change, page) => {
          if (!watch) return;
          if (change !== 'resumed') watch.service.unschedulePage(page.id);
          else
            watch.service
              .schedulePage(page)
              .catch((error: unknown) => log.error({ err: error, pageId: page.id }, 'could not schedule resumed page'));
        },
      },
      onPageAdded: (page) => {
        watch?.service
          .schedulePage(page)
          .catch((error: unknown) => log.error({ err: error, pageId: page.id }, 'could not schedule new page'));
      },
    },
    { bodyLimits: { json: config.api.bodyLimitBytes, auth: config.api.authBodyLimitBytes } },
  );
  if (config.metrics.enabled) {
    const metrics = openMetrics(runtime.incidents, watch);
    runtime.checks.addObserver(metrics.observer);
    lastResort?.register(metrics.registry);
    registerMetricsRoute(api, metrics, config.metrics.token);
  }
  let server: ServerType;
  try {
    server = await listen(
      withWeb(api.fetch, createWebHandler({ frameOrigins: [captureUrl] })),
      config.server.host,
      config.server.port,
    );
  } catch (error) {
    capture.close();
    throw error;
  }
  const url = urlOf(server, config.server.host);
  log.info({ url }, 'API listening');
  const closeOne = (s: ServerType) => new Promise<void>((resolve) => s.close(() => resolve()));
  let status: ServerType | null = null;
  if (config.statusPage.enabled) {
    const settings = config.statusPage;
    const app = createStatusApp({
      build: () => buildStatusDocument(store, settings),
      maxAgeSeconds: settings.maxAgeSeconds,
      now: () => clock.now(),
      onError: (error) => log.error({ err: error }, 'status page: could not build the document'),
    });
    try {
      status = await listen(app.fetch, settings.host, settings.port);
    } catch (error) {
      await Promise.all([closeOne(server), closeOne(capture)]);
      throw error;
    }
    log.info({ url: urlOf(status, settings.host) }, 'public status page listening');
  }
  const statusUrl = status === null ? null : urlOf(status, config.statusPage.host);
  return {
    url,
    captureUrl,
    firstAdmin:
      first.created && first.password !== null ? { username: first.username, password: first.password } : null,
    statusUrl,
    close: async () => {
      await Promise.all([closeOne(server), closeOne(capture), ...(status === null ? [] : [closeOne(status)])]);
    },
  };
}
