import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assetFile, robotsTxt, sitemapFile } from './site-files.ts';
import { applyStatePatch, initialEstateState } from './types.ts';
import type { Estate, EstateSite, EstateState, EstateStatePatch, RenderedPage } from './types.ts';

/**
 * Serves an estate on loopback: one HTTP listener per site on an ephemeral port, so every site has its own
 * origin as real sites do (per-host limits, cookies and robots.txt all work per origin).
 */

export interface EstateServerOptions {
  /** Loopback only: the estate must never be reachable from outside this machine. */
  host?: '127.0.0.1';
  initialState?: EstateStatePatch;
}

export interface EstateSiteOrigin {
  key: string;
  origin: string;
}

export interface EstateServer {
  sites: EstateSiteOrigin[];
  /** Every stable page URL of every site, in estate order. */
  urls(): string[];
  urlFor(siteKey: string, path: string): string;
  setState(patch: EstateStatePatch): void;
  getState(): EstateState;
  /** Requests answered since start, for benchmarks and keep-alive checks. */
  requestCount(): number;
  close(): Promise<void>;
}

export async function startEstateServer(estate: Estate, options: EstateServerOptions = {}): Promise<EstateServer> {
  const host = options.host ?? '127.0.0.1';
  let state = applyStatePatch(initialEstateState(), options.initialState ?? {});
  let requests = 0;
  const listeners: Array<{ site: EstateSite; server: Server; origin: string }> = [];
  try {
    for (const site of estate.sites) {
      const server = createServer({ keepAlive: true }, (request, response) => {
        requests += 1;
        handle(estate, site, origin, state, request, response);
      });
      server.keepAliveTimeout = 30_000;
      const origin = `http://${host}:${await listen(server, host)}`;
      listeners.push({ site, server, origin });
    }
  } catch (error) {
    await Promise.all(listeners.map((l) => closeServer(l.server)));
    throw error;
  }
  const origins = new Map(listeners.map((l) => [l.site.key, l.origin]));
  const urlFor = (siteKey: string, path: string): string => {
    const origin = origins.get(siteKey);
    if (origin === undefined) throw new Error(`unknown site ${siteKey}`);
    return origin + path;
  };
  return {
    sites: listeners.map((l) => ({ key: l.site.key, origin: l.origin })),
    urls: () => listeners.flatMap((l) => l.site.paths.map((path) => l.origin + path)),
    urlFor,
    setState: (patch) => {
      state = applyStatePatch(state, patch);
    },
    getState: () => structuredClone(state),
    requestCount: () => requests,
    close: async () => {
      await Promise.all(listeners.map((l) => closeServer(l.server)));
    },
  };
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive clients would otherwise hold close() open until their idle timeout.
    server.closeAllConnections();
  });
}

function handle(
  estate: Estate,
  site: EstateSite,
  origin: string,
  state: EstateState,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(request, response, {
      status: 405,
      headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' },
      body: Buffer.from('Method Not Allowed\n'),
    });
    return;
  }
  try {
    const path = new URL(request.url ?? '/', origin).pathname;
    const page = siteFile(site, origin, path) ?? estate.render(site.key, path, state);
    if (page.reset === true) {
      request.socket.resetAndDestroy();
      return;
    }
    send(request, response, page);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send(request, response, {
      status: 500,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from(`estate render failed: ${message}\n`),
    });
  }
}

function siteFile(site: EstateSite, origin: string, path: string): RenderedPage | null {
  const file =
    path === '/robots.txt'
      ? robotsTxt(origin)
      : path.startsWith('/sitemap')
        ? sitemapFile(origin, site.paths, path)
        : assetFile(path);
  return file === null
    ? null
    : { status: 200, headers: { 'content-type': file.contentType, 'cache-control': 'max-age=300' }, body: file.body };
}

function send(request: IncomingMessage, response: ServerResponse, page: RenderedPage): void {
  response.writeHead(page.status, { ...page.headers, 'content-length': String(page.body.length) });
  response.end(request.method === 'HEAD' ? undefined : page.body);
}
