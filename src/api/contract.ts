/**
 * The API's contract as one type: every route's path, method, input and answers, derived from the
 * zod route definitions (each `register…Routes` chains its `app.openapi(route, handler)` calls and
 * returns the chain, so the route types flow here). The dashboard's client and the API tests call
 * the API through `hc<ApiRoutes>`: a field the server does not answer fails to compile.
 *
 * Type-only: importing this module pulls no server code into a bundle (`import type`).
 */
import type { Hono } from 'hono';
import type { ClientResponse } from 'hono/client';
import type { ExtractSchema } from 'hono/types';
// The context variables the route handlers set (`auditTarget`, `auditDetail`) are declared there.
import type {} from './audit-middleware.ts';
import type { registerAuditRoutes } from './routes/audit.ts';
import type { registerAuthRoutes } from './routes/auth.ts';
import type { registerCaseworkRoutes } from './routes/casework.ts';
import type { registerChannelRoutes } from './routes/channels.ts';
import type { registerConsoleCheckRoutes } from './routes/console-checks.ts';
import type { registerConsoleEvidenceRoutes } from './routes/console-evidence.ts';
import type { registerCsirtExportRoutes } from './routes/csirt-exports.ts';
import type { registerEstateRoutes } from './routes/estate.ts';
import type { registerFindingRoutes } from './routes/findings.ts';
import type { registerHealthRoutes } from './routes/health.ts';
import type { registerIncidentRoutes } from './routes/incidents.ts';
import type { registerIntelRoutes } from './routes/intel.ts';
import type { registerOverviewRoutes } from './routes/overview.ts';
import type { registerPageCaptureRoutes } from './routes/page-captures.ts';
import type { registerPageHistoryRoutes } from './routes/page-history.ts';
import type { registerPageRoutes } from './routes/pages.ts';
import type { registerProbeRoutes } from './routes/probe.ts';
import type { registerSiteWatchRoutes } from './routes/site-watch.ts';
import type { registerStixRoutes } from './routes/stix.ts';
import type { registerTargetControlRoutes, registerTargetRoutes } from './routes/targets.ts';
import type { registerTokenRoutes } from './routes/tokens.ts';
import type { registerUserRoutes } from './routes/users.ts';
import type { registerVantageRoutes } from './routes/vantages.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono app: only its schema is read
type RoutesOf<Register extends (...args: never[]) => Hono<any, any, any>> = ExtractSchema<ReturnType<Register>>;

/**
 * Every route createApi can register. Some are registered only when the process has the stage
 * (incidents, intel, console, channels, tokens, audit); `mamori serve` registers them all.
 */
export type ApiSchema = RoutesOf<typeof registerAuthRoutes> &
  RoutesOf<typeof registerUserRoutes> &
  RoutesOf<typeof registerTokenRoutes> &
  RoutesOf<typeof registerAuditRoutes> &
  RoutesOf<typeof registerHealthRoutes> &
  RoutesOf<typeof registerEstateRoutes> &
  RoutesOf<typeof registerPageRoutes> &
  RoutesOf<typeof registerPageHistoryRoutes> &
  RoutesOf<typeof registerTargetRoutes> &
  RoutesOf<typeof registerTargetControlRoutes> &
  RoutesOf<typeof registerFindingRoutes> &
  RoutesOf<typeof registerOverviewRoutes> &
  RoutesOf<typeof registerConsoleCheckRoutes> &
  RoutesOf<typeof registerConsoleEvidenceRoutes> &
  RoutesOf<typeof registerPageCaptureRoutes> &
  RoutesOf<typeof registerIncidentRoutes> &
  RoutesOf<typeof registerCaseworkRoutes> &
  RoutesOf<typeof registerSiteWatchRoutes> &
  RoutesOf<typeof registerStixRoutes> &
  RoutesOf<typeof registerCsirtExportRoutes> &
  RoutesOf<typeof registerIntelRoutes> &
  RoutesOf<typeof registerChannelRoutes> &
  RoutesOf<typeof registerProbeRoutes> &
  RoutesOf<typeof registerVantageRoutes>;

/** The app's type for `hc<ApiRoutes>(…)`: the routes, without the runtime. */
export type ApiRoutes = Hono<object, ApiSchema, '/'>;

/**
 * What a typed call answers when it succeeds: the 200, 201 or 202 JSON body, `undefined` for 204.
 * `OkBody<Awaited<ReturnType<typeof client.api.pages.$get>>>`.
 */
export type OkBody<R> =
  R extends ClientResponse<infer Body, infer Status, infer Format>
    ? Status extends 204
      ? undefined
      : Status extends 200 | 201 | 202
        ? Format extends 'json'
          ? Body
          : never
        : never
    : never;
