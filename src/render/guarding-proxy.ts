/**
 * The forward proxy every rendered page's subresources go through. Chromium makes those requests
 * with its own network stack, so CORS, CORB/ORB and the rest of the browser's security model apply
 * as for any visitor; but it never resolves or connects to anything itself: each of a context's
 * requests (absolute-form GET for http, CONNECT for https) comes here, where the destination is
 * vetted by the SSRF guard and the connection is opened to the vetted address only. A name that
 * resolves to a refused address, a DNS answer that changed since the page was loaded (rebinding) and
 * a redirect to an internal address are all caught where the socket is opened.
 *
 * Each browser context gets a listener of its own (`listen`), bound to the render running in it,
 * so bytes and refusals are charged to that render. TLS is not intercepted: Chromium validates the
 * server's certificate through the tunnel itself.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, LookupFunction } from 'node:net';
import { Transform, pipeline } from 'node:stream';
import type { Duplex, TransformCallback } from 'node:stream';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { classifyError, errorChain } from '../fetch/classify-error.ts';
import { BlockedError } from '../fetch/errors.ts';
import { assertValidPolicy, checkUrl, createGuardedLookup, type DnsLookupAll } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import type { RenderSession } from './render-session.ts';

/** Hop-by-hop headers: they describe the connection to the proxy, not the request or response. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

export interface GuardingProxyOptions {
  policy: NetworkPolicy;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Cap on open connections per origin for plain http: polite to one estate server. */
  connectionsPerOrigin?: number;
  /** Name resolution, system DNS by default; tests map names to chosen addresses. */
  resolve?: DnsLookupAll;
}

/** The render a connection is charged to, or null between renders (then nothing is let through). */
export type CurrentSession = () => RenderSession | null;

export interface ProxyListener {
  /** For `browser.newContext({ proxy: { server } })`. */
  server: string;
  port: number;
  close(): Promise<void>;
}

export class GuardingProxy {
  private readonly policy: NetworkPolicy;
  private readonly lookup: LookupFunction;
  private readonly agent: Agent;
  private readonly connectTimeoutMs: number;
  private readonly listeners = new Set<ProxyListener>();

  constructor(options: GuardingProxyOptions) {
    assertValidPolicy(options.policy);
    this.policy = options.policy;
    this.connectTimeoutMs = options.connectTimeoutMs;
    this.lookup = createGuardedLookup(options.policy, options.resolve);
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 4,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.headersTimeoutMs,
      connect: { timeout: options.connectTimeoutMs, lookup: this.lookup },
    });
  }

  /** A loopback listener whose every request and tunnel is charged to `current()`. */
  async listen(current: CurrentSession): Promise<ProxyListener> {
    const sockets = new Set<Duplex>();
    const track = (socket: Duplex): void => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    };
    const server = http.createServer({ keepAlive: true }, (req, res) => void this.forward(req, res, current()));
    server.on('connection', track);
    server.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      track(socket);
      this.tunnel(req, socket, head, current(), track);
    });
    // Chromium sends WebSockets through CONNECT (and the network guard refuses them before that).
    server.on('upgrade', (_req: http.IncomingMessage, socket: Duplex) => socket.destroy());
    server.on('clientError', (_error, socket: Duplex) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.unref();
    const port = (server.address() as AddressInfo).port;
    const listener: ProxyListener = {
      server: `http://127.0.0.1:${port}`,
      port,
      close: () => {
        this.listeners.delete(listener);
        for (const socket of sockets) socket.destroy();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    this.listeners.add(listener);
    return listener;
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l.close()));
    await this.agent.close();
  }

  /** A plain-http request in absolute form: vetted, sent through the guarded agent, streamed back within the byte caps. */
  private async forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    session: RenderSession | null,
  ): Promise<void> {
    req.resume();
    const url = parseUrl(req.url ?? '');
    if (!session || session.isEnded || !url || url.protocol !== 'http:') {
      res.destroy();
      return;
    }
    const refusal = this.refusal(session, req.method ?? 'GET', url.href);
    if (refusal) {
      session.proxyVerdict(url.href, { blocked: true, ...refusal });
      res.destroy();
      return;
    }
    const remaining = Math.max(1, Math.ceil(session.deadline - performance.now()));
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await request(url, {
        dispatcher: this.agent,
        method: req.method === 'HEAD' ? 'HEAD' : 'GET',
        headers: forwardedHeaders(req.headers),
        signal: AbortSignal.any([session.signal, AbortSignal.timeout(remaining)]),
      });
    } catch (error) {
      session.proxyVerdict(url.href, connectVerdict(error));
      res.destroy();
      return;
    }
    res.writeHead(upstream.statusCode, responseHeaders(upstream.headers));
    const cap = session.remainingBytes();
    pipeline(upstream.body, byteCounter(session, cap, url.href), res, () => undefined);
  }

  /** CONNECT host:port (https): the destination vetted and connected to by address, then bytes piped both ways. */
  private tunnel(
    req: http.IncomingMessage,
    client: Duplex,
    head: Buffer,
    session: RenderSession | null,
    track: (s: Duplex) => void,
  ): void {
    client.on('error', () => undefined);
    const target = parseUrl(`https://${req.url ?? ''}`);
    if (!session || session.isEnded || !target || target.pathname !== '/' || target.username) {
      refuseTunnel(client);
      return;
    }
    const origin = target.origin;
    const refusal = this.refusal(session, 'GET', origin);
    if (refusal) {
      session.proxyVerdict(origin, { blocked: true, ...refusal });
      refuseTunnel(client);
      return;
    }
    const port = Number(target.port || 443);
    const upstream = net.connect({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port,
      lookup: this.lookup,
      timeout: this.connectTimeoutMs,
    });
    track(upstream);
    const ended = (): void => {
      upstream.destroy();
      client.destroy();
    };
    session.signal.addEventListener('abort', ended, { once: true });
    upstream.once('close', () => session.signal.removeEventListener('abort', ended));
    upstream.once('timeout', () =>
      upstream.destroy(
        Object.assign(new Error(`no connection to ${origin} within ${this.connectTimeoutMs} ms`), {
          code: 'ETIMEDOUT',
        }),
      ),
    );
    let connected = false;
    upstream.once('error', (error) => {
      if (!connected) {
        session.proxyVerdict(origin, connectVerdict(error));
        refuseTunnel(client);
      } else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      upstream.setTimeout(0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      pipeline(upstream, byteCounter(session, Number.POSITIVE_INFINITY, origin), client, () => upstream.destroy());
      pipeline(client, upstream, () => client.destroy());
    });
  }

  /** Why the render may not open this request or tunnel (literal addresses, method, caps); null when it may. */
  private refusal(
    session: RenderSession,
    method: string,
    href: string,
  ): { reason: 'policy' | 'method' | 'request-cap' | 'byte-cap'; message: string } | null {
    const url = new URL(href);
    const literal = checkUrl(url, this.policy);
    if (literal) return { reason: 'policy', message: literal.message };
    if (method !== 'GET' && method !== 'HEAD')
      return { reason: 'method', message: `${method} requests are not sent from rendered pages (only GET and HEAD)` };
    if (session.requests > session.limits.maxRequests)
      return { reason: 'request-cap', message: `more than ${session.limits.maxRequests} requests in one render` };
    if (session.bytes >= session.limits.maxBytes)
      return { reason: 'byte-cap', message: `the render already received ${session.limits.maxBytes} bytes` };
    return null;
  }
}

/**
 * Charges what comes back to the render, and cuts the stream when it goes past the render's byte
 * cap (or `perStream`, for one plain-http response). Bytes as on the wire: Chromium decodes them.
 */
function byteCounter(session: RenderSession, perStream: number, key: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      session.bytes += chunk.length;
      session.lastNetworkActivity = performance.now();
      const limit =
        seen > perStream ? perStream : session.bytes > session.limits.maxBytes ? session.limits.maxBytes : null;
      if (limit !== null) {
        const message =
          seen > perStream
            ? `a response went past ${perStream} bytes`
            : `the render went past ${session.limits.maxBytes} bytes`;
        session.proxyVerdict(key, { blocked: true, reason: 'byte-cap', message });
        callback(new Error(message));
        return;
      }
      callback(null, chunk);
    },
  });
}

/** A refusal by the guarded lookup (the name resolves only to refused addresses), or why the connection failed. */
function connectVerdict(error: unknown): { blocked: boolean; reason: 'policy'; message: string } {
  const blocked = errorChain(error).find((e): e is BlockedError => e instanceof BlockedError);
  return {
    blocked: blocked !== undefined,
    reason: 'policy',
    message: blocked ? blocked.message : classifyError(error).message,
  };
}

/** 403 to a CONNECT makes Chromium fail the request (ERR_TUNNEL_CONNECTION_FAILED) without going anywhere else. */
function refuseTunnel(client: Duplex): void {
  if (!client.writable) return;
  client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
}

function forwardedHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function responseHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
