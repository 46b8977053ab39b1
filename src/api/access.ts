/**
 * Who may call what, and over which organisations.
 *
 * Every route under /api/ declares its access next to where it is registered:
 *
 *   declareAccess(app, {
 *     'GET /api/pages': SCOPED,                      // lists filtered with orgScope(c)
 *     'GET /api/pages/{id}': SCOPED,                 // 404 unless canSee(c, page's organisation)
 *     'POST /api/incidents/{id}/resolve': scopedWrite(['admin', 'analyst', 'member']),
 *     'GET /api/threats': csirt({ items: [] }),      // admin/analyst; others get this empty list
 *     'GET /api/threats/{id}': csirt(),              // admin/analyst; others get 404
 *     'GET /api/users': ADMIN,                       // admin only; others get 403
 *     'POST /api/auth/password': ACCOUNT_SETUP,      // signed in, even before a one-time password is changed
 *   });
 *
 * The auth middleware (auth-middleware.ts) looks the matched route up and enforces the declaration
 * before the handler runs: 401 without a session or token (except PUBLIC), 403 for a write by a
 * read-only token, an investigator or a role not in `writers`, 404 or the empty body for CSIRT-wide
 * data asked by a member or investigator, 403 for ADMIN routes, and 403 `password_change_required` on
 * every route but the ACCOUNT_SETUP ones for a session that must change its one-time password. A route
 * with no declaration is refused (fail closed), and a test walks `app.routes` so a new route without
 * one fails CI.
 *
 * What the middleware cannot know is which organisation a resource belongs to: SCOPED handlers do
 * that themselves with `orgScope(c)` (filter lists and counts) and `canSee(c, organisationId)`
 * (answer 404, never 403, for a resource outside the caller's organisations, so ids do not leak).
 */
import type { Context } from 'hono';
import type { Role, User } from '../auth/types.ts';
import type { ApiToken } from '../auth/token-store.ts';
import type { TokenScopeName } from '../auth/token-scopes.ts';

/** `read`, `write`, `admin`: what each allows is in auth/token-scopes.ts. */
export type TokenScope = TokenScopeName;

/** The caller: a signed-in user, through a session cookie or an API token. */
export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** The session's CSRF token (null for API tokens, which need none). */
  csrfToken: string | null;
  /** What the credential allows: sessions can do what the role can; tokens are limited to their scopes. */
  scopes: readonly TokenScope[];
  tokenId: number | null;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | undefined;
  }
}

export type Access =
  /** No sign-in needed (health, login). */
  | { who: 'public' }
  /**
   * Any signed-in user; the handler answers only about the caller (me, logout, own tokens). `setup`:
   * open even to a session whose account must change its one-time password first (see ACCOUNT_SETUP).
   */
  | { who: 'signed-in'; writers?: readonly Role[]; setup?: true }
  /** Organisation data: every role may read; the handler filters by orgScope and answers 404 via canSee. */
  | { who: 'scoped'; writers?: readonly Role[] }
  /** CSIRT-wide data (threats, claims): admin and analyst; others get `empty` (200) when set, else 404. */
  | { who: 'csirt'; writers?: readonly Role[]; empty?: unknown }
  /** Users, others' tokens, audit, settings: admin only, 403 otherwise. */
  | { who: 'admin' }
  /** The probe protocol (routes/probe.ts): API tokens with the `probe` scope only, 403 for anything else. */
  | { who: 'probe' };

export const PUBLIC: Access = { who: 'public' };
export const SIGNED_IN: Access = { who: 'signed-in' };
/**
 * Who am I, change my password, sign out: the only routes a session may use while its account has
 * `mustChangePassword` (a first-start admin's or an admin-reset one-time password). Every other
 * route answers 403 `password_change_required` until the password is changed.
 */
export const ACCOUNT_SETUP: Access = { who: 'signed-in', setup: true };
/** Read access over the caller's organisations; writes (if the route has any) by admin and analyst. */
export const SCOPED: Access = { who: 'scoped' };
export const ADMIN: Access = { who: 'admin' };
/** A remote vantage's lease and report routes: a probe-scoped token, never a session. */
export const PROBE: Access = { who: 'probe' };

/** A scoped route whose writes are open to these roles (investigators never write). */
export function scopedWrite(writers: readonly Role[]): Access {
  return { who: 'scoped', writers };
}

/** CSIRT-wide data; `empty` is what a member or investigator gets from a list (items answer 404). */
export function csirt(empty?: unknown, writers?: readonly Role[]): Access {
  return { who: 'csirt', ...(empty !== undefined ? { empty } : {}), ...(writers ? { writers } : {}) };
}

/** Default writers on non-admin routes: CSIRT staff. */
export const CSIRT_ROLES: readonly Role[] = ['admin', 'analyst'];

const registry = new WeakMap<object, Map<string, Access>>();

/** `GET /api/pages/{id}` and `GET /api/pages/:id` name the same route. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
}

/** Declare the access of routes on this app; declaring one route twice is a programming error. */
export function declareAccess(app: object, declarations: Readonly<Record<string, Access>>): void {
  let map = registry.get(app);
  if (!map) registry.set(app, (map = new Map<string, Access>()));
  for (const [spec, access] of Object.entries(declarations)) {
    const m = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(spec);
    if (!m) throw new Error(`access declaration "${spec}" must read "METHOD /path"`);
    const key = routeKey(m[1]!, m[2]!);
    if (map.has(key)) throw new Error(`access of ${key} declared twice`);
    map.set(key, access);
  }
}

/** The declaration of a registered route (hono path, `:id` style), or undefined. */
export function accessOf(app: object, method: string, path: string): Access | undefined {
  return registry.get(app)?.get(routeKey(method, path));
}

/** The caller, or a thrown error: only call this in routes that are not PUBLIC. */
export function principalOf(c: Context): Principal {
  const principal = c.get('principal');
  if (!principal)
    throw new Error(`no principal on ${c.req.method} ${c.req.path}: is the route declared PUBLIC by mistake?`);
  return principal;
}

/** The organisations the caller may see. */
export function orgScope(c: Context): 'all' | number[] {
  return principalOf(c).user.organisationIds;
}

export function canSee(c: Context, organisationId: number): boolean {
  const scope = orgScope(c);
  return scope === 'all' || scope.includes(organisationId);
}

/** True when the caller has one of the roles; for checks inside a handler beyond the declaration. */
export function requireRole(c: Context, ...roles: Role[]): boolean {
  return roles.includes(principalOf(c).user.role);
}

/**
 * The organisation part of a store filter for this caller: `{}` for CSIRT staff, the caller's
 * organisations otherwise, and null when an asked-for organisation is outside the scope (answer an
 * empty list). The handler still passes the asked-for organisationId itself.
 */
export function scopedOrganisations(c: Context, organisationId?: number): { organisationIds?: number[] } | null {
  const scope = orgScope(c);
  if (scope === 'all') return {};
  if (organisationId === undefined) return { organisationIds: scope };
  return scope.includes(organisationId) ? {} : null;
}

/** The principal of a verified API token: the owner's role, limited to the token's scopes. */
export function tokenPrincipal(verified: { token: ApiToken; user: User } | null): Principal | null {
  if (!verified) return null;
  return {
    user: verified.user,
    via: 'token',
    csrfToken: null,
    scopes: verified.token.scopes,
    tokenId: verified.token.id,
  };
}
