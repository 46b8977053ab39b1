import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { HTTPException } from 'hono/http-exception';
import type { ApiApp, ApiDeps } from './types.ts';
import { registerEstateRoutes } from './routes/estate.ts';
import { registerFindingRoutes } from './routes/findings.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerIncidentRoutes } from './routes/incidents.ts';
import { registerCaseworkRoutes } from './routes/casework.ts';
import { registerPageRoutes } from './routes/pages.ts';
import { registerPageHistoryRoutes } from './routes/page-history.ts';
import { registerTargetControlRoutes, registerTargetRoutes } from './routes/targets.ts';
import { registerStixRoutes } from './routes/stix.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerIntelRoutes } from './routes/intel.ts';
import { registerSiteWatchRoutes } from './routes/site-watch.ts';
import { intelSource } from '../intel/stix-source.ts';
import { badRequest } from './errors.ts';
import { renderDocsPage } from './docs-page.ts';
import { authMiddleware } from './auth-middleware.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { clientIp } from './client-ip.ts';
import { bodyLimits, DEFAULT_BODY_LIMITS, type BodyLimits } from './body-limit.ts';
import { auditMiddleware } from './audit-middleware.ts';
import { tokenPrincipal } from './access.ts';
import { registerTokenRoutes } from './routes/tokens.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerUserRoutes } from './routes/users.ts';
import { securityHeaders } from './security-headers.ts';
import { registerConsoleCheckRoutes } from './routes/console-checks.ts';
import { registerConsoleEvidenceRoutes } from './routes/console-evidence.ts';
import { registerPageCaptureRoutes } from './routes/page-captures.ts';
import { registerChannelRoutes } from './routes/channels.ts';
import { registerCsirtExportRoutes } from './routes/csirt-exports.ts';
import { registerProbeRoutes } from './routes/probe.ts';
import { registerVantageRoutes } from './routes/vantages.ts';

/**
 * The HTTP API as a Hono app: routes are registered from their own modules, validation failures
 * become 400s listing every problem, and the OpenAPI document is generated from the route schemas.
 */
export interface ApiOptions {
  /** Request body limits (config `api.bodyLimitBytes`, `api.authBodyLimitBytes`). */
  bodyLimits?: BodyLimits;
}

export function createApi(deps: ApiDeps, options: ApiOptions = {}): ApiApp {
  const app: ApiApp = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
      return badRequest(c, `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    },
  });
  app.onError((error, c) => {
    // Hono's validator raises 400s (malformed JSON) as exceptions: answer them in our error shape.
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(
        { error: error.status === 400 ? 'bad_request' : 'client_error', message: error.message },
        error.status,
      );
    }
    deps.log.error({ err: error, method: c.req.method, path: c.req.path }, 'API handler failed');
    return c.json({ error: 'internal', message: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));

  // Strict CSP and no framing on every answer of this origin (captured pages load only from the capture origin).
  app.use(
    '*',
    securityHeaders(() => deps.console?.captureOrigin() ?? null),
  );
  // Before every route: the gate finds the caller and enforces each route's access declaration.
  // The audit middleware wraps the gate, so refused writes are on record too.
  const { tokens, audit } = deps.auth;
  if (audit) app.use('/api/*', auditMiddleware(audit, deps.now, deps.log));
  const bearer = tokens
    ? async (secret: string, now: number) => tokenPrincipal(await tokens.verify(secret, now))
    : undefined;
  app.use(
    '/api/*',
    authMiddleware(app, { sessions: deps.auth.store, now: deps.now, ...(bearer ? { bearer } : {}) }, deps.log),
  );
  // Every body is capped while it streams in. After the gate, so a caller who is not signed in can make
  // the server hold at most the sign-in routes' small limit: every other route refuses them unread.
  app.use('*', bodyLimits(options.bodyLimits ?? DEFAULT_BODY_LIMITS));
  registerAuthRoutes(app, { clientIp, ...deps.auth, now: deps.now });
  registerUserRoutes(app, { auth: deps.auth.store, now: deps.now });
  if (tokens) registerTokenRoutes(app, { tokens, now: deps.now });
  if (audit) registerAuditRoutes(app, audit);
  registerHealthRoutes(app, deps);
  registerEstateRoutes(app, deps);
  registerPageRoutes(app, deps);
  if (deps.history) registerPageHistoryRoutes(app, { ...deps, history: deps.history });
  registerTargetRoutes(app, deps);
  if (deps.targets) registerTargetControlRoutes(app, deps, deps.targets);
  registerFindingRoutes(app, deps);
  registerOverviewRoutes(app, deps);
  if (deps.console) {
    registerConsoleCheckRoutes(app, { ...deps.console, store: deps.store, now: deps.now });
    registerConsoleEvidenceRoutes(app, { ...deps.console, store: deps.store, now: deps.now });
    registerPageCaptureRoutes(app, { ...deps.console, store: deps.store });
  }
  const channels = deps.channels;
  if (deps.incidents)
    registerIncidentRoutes(app, {
      ...deps.incidents,
      now: deps.now,
      ...(channels ? { scrubError: (ch: string, text: string) => channels.scrubError(ch, text) } : {}),
    });
  if (deps.incidents && deps.cases)
    registerCaseworkRoutes(app, { incidents: deps.incidents.store, cases: deps.cases, now: deps.now });
  if (deps.incidents)
    registerStixRoutes(app, {
      store: deps.store,
      incidents: deps.incidents.store,
      now: deps.now,
      ...(deps.intel ? { intel: intelSource(deps.intel.store) } : {}),
    });
  if (deps.exports) registerCsirtExportRoutes(app, { exports: deps.exports, now: deps.now });
  if (deps.intel) registerIntelRoutes(app, { ...deps.intel, now: deps.now });
  if (deps.siteWatch) registerSiteWatchRoutes(app, { ...deps.siteWatch, store: deps.store });
  if (deps.channels) registerChannelRoutes(app, { channels: deps.channels, now: deps.now });
  if (deps.probe) registerProbeRoutes(app, deps.probe);
  if (deps.vantages) registerVantageRoutes(app, { ...deps.vantages, store: deps.store });

  const info = { title: 'Mamori API', version: deps.version, description: 'Watch over a government web estate.' };
  app.doc31('/openapi.json', { openapi: '3.1.0', info });
  // The reference page is rendered here, with nothing fetched from elsewhere: estates are often watched
  // from closed networks. Swagger UI (which loads its assets from a CDN) stays at /docs/swagger.
  app.get('/docs', (c) =>
    c.html(
      renderDocsPage(app.getOpenAPI31Document({ openapi: '3.1.0', info }) as Parameters<typeof renderDocsPage>[0]),
    ),
  );
  app.get('/docs/swagger', swaggerUI({ url: '/openapi.json' }));
  return app;
}
