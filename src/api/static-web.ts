/**
 * The dashboard: the built single-page app in web/dist, served beside the API. Files are read once per
 * request from the build directory (no directory listing, no path escaping it); any other non-API path
 * answers index.html so the app's own routes survive a reload. Every HTML answer carries a strict CSP:
 * scripts and styles only from this origin, captured pages only framed from the capture origin.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { PROJECT_DIR } from '../config/project-dir.ts';

export const DEFAULT_WEB_DIR = join(PROJECT_DIR, 'web', 'dist');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Paths the API and its documents own: never answered with the app. */
const RESERVED = [/^\/api(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/metrics$/];

export interface StaticWebOptions {
  /** The build output; defaults to web/dist of this checkout. */
  dir?: string;
  /** Origins captured pages are framed from (sandboxed iframes); none by default. */
  frameOrigins?: readonly string[];
}

export function contentSecurityPolicy(frameOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    `frame-src ${frameOrigins.length > 0 ? frameOrigins.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(frameOrigins: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(frameOrigins),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

export type WebHandler = (request: Request) => Promise<Response | null>;

/**
 * The dashboard as a handler in front of the API: it answers GETs of non-API paths and returns null
 * for everything else, which then goes to the API untouched (its routes, auth gate and 404s).
 */
export function createWebHandler(options: StaticWebOptions = {}): WebHandler {
  const dir = normalize(options.dir ?? DEFAULT_WEB_DIR);
  const headers = securityHeaders(options.frameOrigins ?? []);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const path = decodePath(new URL(request.url).pathname);
    if (path === null || RESERVED.some((r) => r.test(path))) return null;
    const file = await findFile(dir, path);
    if (file) {
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      // Hashed asset names never change content, so they may be cached for good; the rest is revalidated.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return new Response(await readFile(file), {
        status: 200,
        headers: { ...headers, 'Content-Type': type, 'Cache-Control': cache },
      });
    }
    // A missing asset is a 404 from the API, not the app: a stale hashed name must not get HTML.
    if (extname(path) !== '' && !path.endsWith('.html')) return null;
    const index = join(dir, 'index.html');
    if (!(await isFile(index))) {
      return new Response('The dashboard is not built: run `npm run build:web` (npm start does it).', {
        status: 503,
        headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    return new Response(await readFile(index), {
      status: 200,
      headers: { ...headers, 'Content-Type': TYPES['.html'] ?? 'text/html', 'Cache-Control': 'no-cache' },
    });
  };
}

/** The server's fetch: the dashboard first, then the API for whatever it leaves. */
export function withWeb<A extends unknown[]>(
  api: (request: Request, ...rest: A) => Response | Promise<Response>,
  web: WebHandler,
) {
  return async (request: Request, ...rest: A): Promise<Response> => (await web(request)) ?? api(request, ...rest);
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** The file a URL path names inside dir, or null: `..`, NUL and directories never resolve. */
async function findFile(dir: string, path: string): Promise<string | null> {
  if (path.includes('\0') || path === '/' || path.endsWith('/')) return null;
  const file = normalize(join(dir, path));
  if (!file.startsWith(dir + sep)) return null;
  return (await isFile(file)) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
