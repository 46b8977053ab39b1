import { serve, type ServerType } from '@hono/node-server';
import { createApi } from '../api/app.ts';
import type { Runtime } from './runtime.ts';
import type { Watch } from './watch.ts';
import { VERSION } from './version.ts';
import { openMetrics } from '../metrics/open-metrics.ts';
import { registerMetricsRoute } from '../metrics/metrics-route.ts';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import { createWebHandler, withWeb } from '../api/static-web.ts';
import { AuditStore } from '../auth/audit-store.ts';
import { createLoginLimiter } from '../auth/login-limiter.ts';
import { TokenStore } from '../auth/token-store.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serve the API on the configured address; with a watch, new targets are scheduled at once. */
export async function startServer(runtime: Runtime, watch: Watch | null): Promise<RunningServer> {
  const { config, store, log, clock } = runtime;
  const first = await ensureFirstAdmin(runtime.auth, config.auth.adminPassword, clock.now());
  if (first.created && first.password !== null) {
    log.warn({ username: first.username, password: first.password }, 'first start: created the admin account with this one-time password; sign in and change it');
  } else if (first.created) log.info({ username: first.username }, 'first start: created the admin account with auth.adminPassword');
  const api = createApi({
    store, version: VERSION, log, now: () => clock.now(),
    incidents: { store: runtime.incidents.store, service: runtime.incidents.service, outbox: runtime.incidents.alerts.outbox },
    intel: { store: runtime.intel.store, threats: runtime.intel.threats, claims: runtime.intel.claims, heightened: runtime.intel.heightened },
    health: async () => {
      if (!watch) return {};
      const q = await watch.queue.stats();
      const s = watch.scheduler.stats();
      return { scheduler: { pages: s.pages, lagMs: s.lagMs }, queue: { waiting: q.waiting, active: q.active, failed: q.failed } };
    },
    auth: {
      store: runtime.auth, sessionTtlMs: config.auth.sessionTtlHours * 3_600_000, cookieSecure: config.auth.cookieSecure,
      tokens: new TokenStore(runtime.database), audit: new AuditStore(runtime.database),
      gate: createLoginLimiter({ attempts: config.auth.loginAttempts, windowMinutes: config.auth.loginWindowMinutes }),
    },
    onPageAdded: (page) => {
      watch?.service.schedulePage(page).catch((error: unknown) => log.error({ err: error, pageId: page.id }, 'could not schedule new page'));
    },
  });
  if (config.metrics.enabled) {
    const metrics = openMetrics(runtime, watch);
    runtime.checks.addObserver(metrics.observer);
    registerMetricsRoute(api, metrics, config.metrics.token);
  }
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: withWeb(api.fetch, createWebHandler()), hostname: config.server.host, port: config.server.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  log.info({ url }, 'API listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
