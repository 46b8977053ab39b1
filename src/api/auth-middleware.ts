/**
 * The gate in front of every /api/ route: find the caller (session cookie or bearer token), refuse
 * what its declaration (access.ts) does not allow, and check the CSRF header on cookie-borne writes.
 * Handlers then only filter by organisation.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import type { AuthStore } from '../auth/auth-store.ts';
import { accessOf, CSIRT_ROLES, type Access, type Principal } from './access.ts';
import { scopeForMethod, SESSION_SCOPES } from '../auth/token-scopes.ts';

export const SESSION_COOKIE = 'mamori_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface PrincipalSources {
  sessions: Pick<AuthStore, 'getSession'>;
  /** Resolves an `Authorization: Bearer` API token, when the process has tokens. */
  bearer?: (token: string, now: number) => Promise<Principal | null>;
  now: () => number;
}

/** The caller of this request, or null: a bearer token wins over a cookie when both are sent. */
export async function resolvePrincipal(c: Context, sources: PrincipalSources): Promise<Principal | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer !== undefined) return sources.bearer ? sources.bearer(bearer, sources.now()) : null;
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await sources.sessions.getSession(cookie, sources.now());
  if (!session) return null;
  return { user: session.user, via: 'session', csrfToken: session.csrfToken, scopes: SESSION_SCOPES, tokenId: null };
}

export type Refusal =
  { status: 401 | 403 | 404; body: { error: string; message: string } } | { status: 200; body: unknown };

/**
 * A session whose account still has a one-time password may only see who it is, change the password
 * and sign out (ACCOUNT_SETUP routes): whoever learnt the printed or handed-over password must not get
 * the account's powers for longer than it takes to replace it.
 *
 * API tokens are not held back. A token is minted by POST /api/tokens, which this refuses to such a
 * session, so it comes from an account that had set its own password; it is a secret of its own,
 * with its own expiry and revocation, that the one-time password does not reveal. An admin's reset
 * (which sets the flag) is about the password, and must not stop the account's automation; when the
 * account is thought compromised, its tokens are revoked too (DELETE /api/tokens/{id}).
 */
export function passwordChangePending(access: Access, principal: Principal): boolean {
  if (principal.via !== 'session' || !principal.user.mustChangePassword) return false;
  return !(access.who === 'signed-in' && access.setup === true);
}

/** Pure: what the declaration says about this caller and method (null = let the handler run). */
export function judgeAccess(access: Access, principal: Principal, unsafe: boolean): Refusal | null {
  const role = principal.user.role;
  if (access.who === 'public') return null;
  // Only a probe token leases and reports: a session (whatever its role) is a person, not a vantage.
  if (access.who === 'probe')
    return principal.via === 'token' && principal.scopes.includes('probe')
      ? null
      : forbidden('only an API token with the "probe" scope may do this');
  if (passwordChangePending(access, principal)) {
    return {
      status: 403,
      body: {
        error: 'password_change_required',
        message: 'change the one-time password first (POST /api/auth/password)',
      },
    };
  }
  if (access.who === 'admin' && role !== 'admin') return forbidden('only an admin may do this');
  const refusal = scopeRefusal(access, principal, unsafe);
  if (refusal) return refusal;
  if (unsafe) {
    // Signing out and managing one's own tokens are open to every signed-in user.
    if (access.who !== 'signed-in' && role === 'investigator') return forbidden('investigators have read-only access');
    if (access.who !== 'admin') {
      const writers = access.writers ?? (access.who === 'signed-in' ? null : CSIRT_ROLES);
      if (writers && !writers.includes(role)) return forbidden(`a ${role} may not do this`);
    }
  }
  if (access.who === 'csirt' && !CSIRT_ROLES.includes(role)) {
    // CSIRT-wide data does not exist for organisation users: an empty list, or 404 for an item.
    if (!unsafe && access.empty !== undefined) return { status: 200, body: access.empty };
    return { status: 404, body: { error: 'not_found', message: 'not found' } };
  }
  return null;
}

/** Token scopes (auth/token-scopes.ts): the method's scope, and `admin` for admin-only routes. */
function scopeRefusal(access: Access, principal: Principal, unsafe: boolean): Refusal | null {
  const needed = scopeForMethod(unsafe ? 'POST' : 'GET');
  if (!principal.scopes.includes(needed)) {
    return forbidden(
      needed === 'write' ? 'this API token is read-only' : 'this API token has no "read" scope: it may only write',
    );
  }
  if (access.who === 'admin' && !principal.scopes.includes('admin'))
    return forbidden('this API token has no "admin" scope');
  return null;
}

function forbidden(message: string): Refusal {
  return { status: 403, body: { error: 'forbidden', message } };
}

/** Constant-time comparison, so the CSRF token cannot be found a byte at a time. */
function sameSecret(given: string | undefined, expected: string | null): boolean {
  if (given === undefined || expected === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The registered route this request matched (the handler, not a middleware), if any. */
function matchedRoute(c: Context): { method: string; path: string } | undefined {
  return matchedRoutes(c).findLast((r) => r.method !== 'ALL');
}

export function authMiddleware(app: object, sources: PrincipalSources, log: Pick<Logger, 'error'>): MiddlewareHandler {
  return async (c, next) => {
    const route = matchedRoute(c);
    const access = route ? accessOf(app, route.method, route.path) : undefined;
    if (access?.who === 'public') return next();
    const principal = await resolvePrincipal(c, sources);
    if (!principal)
      return c.json(
        {
          error: 'unauthorised',
          message: 'sign in (POST /api/auth/login) or send an API token as "Authorization: Bearer <token>"',
        },
        401,
      );
    c.set('principal', principal);
    if (!route) return next(); // answered by notFound
    if (!access) {
      log.error({ method: route.method, path: route.path }, 'route has no access declaration; refused');
      return c.json({ error: 'forbidden', message: `${route.method} ${route.path} has no access declaration` }, 403);
    }
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (unsafe && principal.via === 'session' && !sameSecret(c.req.header(CSRF_HEADER), principal.csrfToken)) {
      return c.json(
        { error: 'csrf', message: `send the session's CSRF token (from /api/auth/me) in the ${CSRF_HEADER} header` },
        403,
      );
    }
    const refusal = judgeAccess(access, principal, unsafe);
    if (refusal) return c.json(refusal.body, refusal.status);
    return next();
  };
}
