/**
 * Sign in, sign out, and who am I. The session cookie is HttpOnly and SameSite=Strict; writes made
 * with it need the session's CSRF token in a header (checked by the auth middleware).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthStore } from '../../auth/auth-store.ts';
import type { User } from '../../auth/types.ts';
import { ROLES } from '../../auth/types.ts';
import type { LoginGate } from '../../auth/login-limiter.ts';
import { ACCOUNT_SETUP, declareAccess, principalOf, PUBLIC } from '../access.ts';
import { SESSION_COOKIE } from '../auth-middleware.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiApp } from '../types.ts';

export interface AuthRouteDeps {
  store: AuthStore;
  sessionTtlMs: number;
  cookieSecure: boolean;
  now: () => number;
  gate?: LoginGate;
  /** The client's address (the socket's, from the node server); 'unknown' when not known. */
  clientIp?: (c: Context) => string;
}

export const MeUserSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    organisationIds: z.union([z.array(z.number()), z.literal('all')]),
    locale: z.enum(['ja', 'en']),
    timeZone: z.string(),
    mustChangePassword: z.boolean(),
  })
  .openapi('CurrentUser');
const SessionSchema = z.object({ user: MeUserSchema, csrfToken: z.string() }).openapi('SessionInfo');
const LoginBody = z
  .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) })
  .openapi('Login');
const PasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(1000),
    newPassword: z.string().min(8, { error: 'must be at least 8 characters' }).max(1000),
  })
  .openapi('PasswordChange');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in: sets the mamori_session cookie and returns the CSRF token for writes',
  request: { body: { required: true, content: { 'application/json': { schema: LoginBody } } } },
  responses: {
    200: json(SessionSchema, 'Signed in'),
    401: json(ErrorSchema, 'Wrong username or password'),
    429: json(ErrorSchema, 'Too many failed attempts; see Retry-After'),
  },
});
const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Sign out: deletes the session and clears the cookie',
  responses: { 204: { description: 'Signed out' }, 401: json(ErrorSchema, 'Not signed in') },
});
const me = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user and the session’s CSRF token',
  responses: { 200: json(SessionSchema, 'The current user'), 401: json(ErrorSchema, 'Not signed in') },
});

const changePassword = createRoute({
  method: 'post',
  path: '/api/auth/password',
  tags: ['auth'],
  summary:
    'Change your own password (needed after a one-time password): every session of yours ends and a new one is returned, as at sign-in',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordBody } } } },
  responses: {
    200: json(SessionSchema, 'Changed; signed in again'),
    400: json(ErrorSchema, 'Invalid request'),
    403: json(ErrorSchema, 'The current password is wrong'),
  },
});

export function presentUser(user: User): z.infer<typeof MeUserSchema> {
  const { id, username, displayName, role, organisationIds, locale, timeZone, mustChangePassword } = user;
  return { id, username, displayName, role, organisationIds, locale, timeZone, mustChangePassword };
}

export function registerAuthRoutes(app: ApiApp, deps: AuthRouteDeps) {
  // Open before a one-time password is changed too: the account can see that it must, and do it.
  declareAccess(app, {
    'POST /api/auth/login': PUBLIC,
    'POST /api/auth/logout': ACCOUNT_SETUP,
    'GET /api/auth/me': ACCOUNT_SETUP,
    'POST /api/auth/password': ACCOUNT_SETUP,
  });
  const cookieOptions = { httpOnly: true, sameSite: 'Strict', path: '/', secure: deps.cookieSecure } as const;

  return app
    .openapi(login, async (c) => {
      const { username, password } = c.req.valid('json');
      const ip = deps.clientIp?.(c) ?? 'unknown';
      c.set('auditDetail', { username, ip });
      const wait = await deps.gate?.blocked(username, ip);
      if (wait != null) {
        c.header('Retry-After', String(wait));
        return c.json({ error: 'rate_limited', message: `too many failed sign-ins; try again in ${wait} s` }, 429);
      }
      const user = await deps.store.verifyCredentials(username, password);
      if (!user) {
        await deps.gate?.failed(username, ip);
        return c.json({ error: 'unauthorised', message: 'wrong username or password' }, 401);
      }
      await deps.gate?.succeeded(username, ip);
      const session = await deps.store.createSession(user.id, deps.now(), deps.sessionTtlMs);
      // For the audit row: the sign-in is the new session's first act.
      c.set('principal', {
        user,
        via: 'session',
        csrfToken: session.csrfToken,
        scopes: ['read', 'write'],
        tokenId: null,
      });
      setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: Math.floor(deps.sessionTtlMs / 1000) });
      return c.json({ user: presentUser(user), csrfToken: session.csrfToken }, 200);
    })

    .openapi(logout, async (c) => {
      const principal = principalOf(c);
      const cookie = getCookie(c, SESSION_COOKIE);
      if (principal.via === 'session' && cookie) await deps.store.deleteSession(cookie);
      deleteCookie(c, SESSION_COOKIE, cookieOptions);
      return c.body(null, 204);
    })

    .openapi(me, (c) => {
      const principal = principalOf(c);
      return c.json({ user: presentUser(principal.user), csrfToken: principal.csrfToken ?? '' }, 200);
    })

    .openapi(changePassword, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const { user } = principalOf(c);
      if (!(await deps.store.verifyCredentials(user.username, currentPassword))) {
        return c.json({ error: 'forbidden', message: 'the current password is wrong' }, 403);
      }
      if (newPassword === currentPassword)
        return c.json({ error: 'bad_request', message: 'the new password must differ from the current one' }, 400);
      const updated = await deps.store.updateUser(user.id, { password: newPassword, mustChangePassword: false });
      if (!updated) return c.json({ error: 'forbidden', message: 'the account is gone' }, 403);
      const session = await deps.store.createSession(updated.id, deps.now(), deps.sessionTtlMs);
      setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: Math.floor(deps.sessionTtlMs / 1000) });
      return c.json({ user: presentUser(updated), csrfToken: session.csrfToken }, 200);
    });
}
