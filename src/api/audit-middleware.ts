/**
 * The audit trail: every write (POST, PUT, PATCH, DELETE) under /api/, allowed or refused, and every
 * evidence export (a GET of an export path or /api/stix), appended after the answer is known with
 * who asked, through which credential, and the status. Sign-in attempts are writes too, so failed
 * logins are on record (with the username tried, never the password).
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AuditStore } from '../auth/audit-store.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** What a handler acted on, when the path does not say it (e.g. a created token's id). */
    auditTarget: string | undefined;
    /** Extra facts for the audit row (never secrets). */
    auditDetail: Record<string, unknown> | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** GETs that hand evidence out of Mamori, and so are audited like writes. */
export const EXPORT_PATHS: readonly RegExp[] = [/\/export(\/|$)/, /^\/api\/stix(\/|$)/];

export function isAudited(method: string, path: string): boolean {
  return !SAFE_METHODS.has(method) || EXPORT_PATHS.some((p) => p.test(path));
}

/** `/api/incidents/12/acknowledge` → `incidents:12`; `/api/targets` → `targets`. */
export function targetOf(path: string): string {
  const [collection, id] = path.replace(/^\/api\//, '').split('/');
  return id && /^\d+$/.test(id) ? `${collection}:${id}` : (collection ?? path);
}

export function auditMiddleware(audit: AuditStore, now: () => number, log: Pick<Logger, 'error'>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const method = c.req.method;
    const path = c.req.path;
    if (!isAudited(method, path)) return;
    const principal = c.get('principal');
    const query = c.req.query();
    try {
      await audit.append({
        at: now(),
        actorId: principal?.user.id ?? null,
        actorUsername: principal?.user.username ?? null,
        via: principal?.via ?? 'anonymous',
        method,
        path,
        status: c.res.status,
        target: c.get('auditTarget') ?? targetOf(path),
        detail: {
          ...(Object.keys(query).length > 0 ? { query } : {}),
          ...(principal?.tokenId != null ? { tokenId: principal.tokenId } : {}),
          ...c.get('auditDetail'),
        },
      });
    } catch (error) {
      // The action already happened: the answer stands, but a missing audit row must be loud.
      log.error({ err: error, method, path }, 'could not write the audit log');
    }
  };
}
