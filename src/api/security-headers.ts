/**
 * Response headers of the API and dashboard origin. Captured pages are hostile and are never served
 * from here as HTML; they load only in frames from the capture origin (frame-src), and nothing here
 * can be framed by anyone (frame-ancestors, X-Frame-Options).
 */
import type { MiddlewareHandler } from 'hono';

export function appCsp(captureOrigin: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    `frame-src ${captureOrigin ?? "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Swagger UI loads its script and style from a CDN (estates on closed networks use /docs, which is
 * self-contained); that one page gets the CDN added to script and style sources, nothing else.
 */
const SWAGGER_CDN = 'https://cdn.jsdelivr.net';

export function securityHeaders(captureOrigin: () => string | null): MiddlewareHandler {
  return async (c, next) => {
    await next();
    let csp = appCsp(captureOrigin());
    if (c.req.path === '/docs/swagger')
      csp =
        csp.replace("script-src 'self'", `script-src 'self' 'unsafe-inline' ${SWAGGER_CDN}`) +
        `; style-src 'self' ${SWAGGER_CDN}`;
    // The reference page (docs-page.ts) has no script and one inline style block.
    if (c.req.path === '/docs') csp += "; style-src 'unsafe-inline'";
    c.header('Content-Security-Policy', csp);
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
  };
}
