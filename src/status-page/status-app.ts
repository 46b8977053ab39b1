/**
 * The public status page's own origin (its own listener, apart from the API, the dashboard and the
 * capture origin): `/` (HTML) and `/status.json`, nothing else. Answers are static-cached: one
 * document is built per `maxAgeSeconds` and shared by every visitor, with Cache-Control and an ETag
 * so browsers and proxies revalidate for a 304 instead of refetching.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { PublicStatusDocument } from '../core/public-status.ts';
import { renderStatusHtml } from './render-html.ts';

export interface StatusAppOptions {
  /** Builds the document from the estate (buildStatusDocument, bound to a store and settings). */
  build: () => Promise<PublicStatusDocument>;
  maxAgeSeconds: number;
  now: () => number;
  onError?: (error: unknown) => void;
}

interface Rendered {
  html: string;
  json: string;
  htmlTag: string;
  jsonTag: string;
  builtAt: number;
}

const etagOf = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

// Nothing here runs script or may be framed; the one style block is inline.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function createStatusApp(options: StatusAppOptions): Hono {
  let cached: Rendered | null = null;
  let building: Promise<Rendered> | null = null;

  const current = (): Promise<Rendered> => {
    const now = options.now();
    if (cached !== null && now - cached.builtAt < options.maxAgeSeconds * 1000) return Promise.resolve(cached);
    // Visitors arriving while the document is rebuilt share one database read.
    building ??= options
      .build()
      .then((doc) => {
        const html = renderStatusHtml(doc);
        const json = JSON.stringify(doc);
        cached = { html, json, htmlTag: etagOf(html), jsonTag: etagOf(json), builtAt: now };
        return cached;
      })
      .finally(() => {
        building = null;
      });
    return building;
  };

  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  const answer = (kind: 'html' | 'json') => async (c: Context) => {
    const r = await current();
    const [body, tag, type] =
      kind === 'html'
        ? [r.html, r.htmlTag, 'text/html; charset=utf-8']
        : [r.json, r.jsonTag, 'application/json; charset=utf-8'];
    c.header('Cache-Control', `public, max-age=${options.maxAgeSeconds}`);
    c.header('ETag', tag);
    const match = c.req.header('If-None-Match');
    if (match !== undefined && match.split(',').some((t) => t.trim() === tag || t.trim() === '*'))
      return c.body(null, 304);
    c.header('Content-Type', type);
    return c.body(body);
  };
  app.get('/', answer('html'));
  app.get('/status.json', answer('json'));
  app.notFound((c) => c.text('Not found', 404));
  app.onError((error, c) => {
    options.onError?.(error);
    // Nothing of the failure is shown: it could name internal hosts or the database.
    return c.text('The status page is unavailable; try again shortly.', 503);
  });
  return app;
}
