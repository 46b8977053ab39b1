/**
 * Request body limits for every API route, enforced while the body streams in: a body declared larger
 * than the limit (Content-Length) is refused before a byte is read, and a chunked body without a length
 * is counted as it arrives and cut off at the limit, so at most `limit` bytes are ever held.
 * hono/body-limit does exactly that; this module only chooses the limit per route and answers in the
 * API's error shape.
 *
 * The sign-in and password routes get the smallest limit: they are open to anyone (or to a half-set-up
 * account), and their bodies are a username and a password. Everything else gets the JSON limit. A
 * route that truly needs more (a future upload) is named in `larger`, so the exception is written down
 * next to the others instead of being a handler that reads the raw body itself.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export const KiB = 1024;
export const MiB = 1024 * KiB;

export interface BodyLimits {
  /** Every write route not named below. */
  json: number;
  /** Routes under /api/auth/ (sign-in, password change, sign-out). */
  auth: number;
  /** Path prefixes allowed a larger body, with their limit. */
  larger?: Readonly<Record<string, number>>;
}

/** The defaults of `api.bodyLimitBytes` and `api.authBodyLimitBytes` (config/schema.ts). */
export const DEFAULT_BODY_LIMITS: BodyLimits = { json: MiB, auth: 16 * KiB };

/** The limit for a request path: pure, so the choice can be tested and documented on its own. */
export function bodyLimitFor(limits: BodyLimits, path: string): number {
  if (path === '/api/auth' || path.startsWith('/api/auth/')) return limits.auth;
  for (const [prefix, limit] of Object.entries(limits.larger ?? {})) if (path.startsWith(prefix)) return limit;
  return limits.json;
}

function tooLarge(c: Context, limit: number): Response {
  // The connection may still be sending: ask the client not to reuse it, so the rest is not read as a request.
  c.header('Connection', 'close');
  return c.json(
    { error: 'payload_too_large', message: `the request body is larger than ${limit} bytes, the limit of this route` },
    413,
  );
}

/** Middleware for '*': GET and HEAD carry no body and pass untouched. */
export function bodyLimits(limits: BodyLimits = DEFAULT_BODY_LIMITS): MiddlewareHandler {
  const byLimit = new Map<number, MiddlewareHandler>();
  const handlerFor = (limit: number): MiddlewareHandler => {
    let handler = byLimit.get(limit);
    if (!handler) byLimit.set(limit, (handler = bodyLimit({ maxSize: limit, onError: (c) => tooLarge(c, limit) })));
    return handler;
  };
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const response = await handlerFor(bodyLimitFor(limits, c.req.path))(c, next);
    return response ?? undefined;
  };
}
