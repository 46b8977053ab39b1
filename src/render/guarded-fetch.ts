/**
 * The Node side of the documents a rendered page loads (the page and its frames; subresources go
 * through Chromium and the guarding proxy, see network-guard.ts). Each URL is vetted by the SSRF
 * guard, the connection goes through the guarded lookup (so DNS rebinding is caught at connect
 * time, as in the fetcher), bodies are read within byte caps, and every request has a deadline.
 */
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { readBody } from '../fetch/body-reader.ts';
import { classifyError, errorChain } from '../fetch/classify-error.ts';
import { BlockedError, TooLargeError } from '../fetch/errors.ts';
import { decodeLocation } from '../fetch/headers.ts';
import { createSteadyBodyInterceptor } from '../fetch/steady-body.ts';
import { assertValidPolicy, checkUrl, createGuardedLookup, type DnsLookupAll } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Hop-by-hop and framing headers: the body handed to Chromium is already decoded and complete. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'trailer',
  'upgrade',
  'proxy-connection',
]);
/** Request headers Chromium adds that undici sets itself or that must not be forwarded. */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
]);

/** Playwright's `route.abort` error codes that a failed fetch maps to. */
export type AbortCode =
  'blockedbyclient' | 'namenotresolved' | 'connectionrefused' | 'connectionreset' | 'timedout' | 'failed';

export type GuardedResponse =
  | { kind: 'response'; url: string; status: number; headers: Record<string, string>; body: Buffer }
  /** A redirect not followed here (navigations: the browser must see the new address itself). */
  | { kind: 'redirect'; url: string; status: number; location: string }
  | { kind: 'blocked'; why: 'policy' | 'byte-cap'; message: string }
  | { kind: 'failed'; abortCode: AbortCode; message: string };

export interface GuardedFetchOptions {
  policy: NetworkPolicy;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Cap on open connections per origin, as in the fetcher: polite to one estate server. */
  connectionsPerOrigin?: number;
  /** Name resolution, system DNS by default; tests map names to chosen addresses. */
  resolve?: DnsLookupAll;
}

export interface GuardedRequest {
  url: string;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** Cap on the decoded body, in bytes. */
  maxBytes: number;
  /** Redirects followed here; 0 hands the first redirect back to the caller. */
  maxRedirects: number;
  signal: AbortSignal;
}

/** A keep-alive pool of guarded connections shared by every render of a browser pool. */
export class GuardedFetcher {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly policy: NetworkPolicy;

  constructor(options: GuardedFetchOptions) {
    assertValidPolicy(options.policy);
    this.policy = options.policy;
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 4,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.headersTimeoutMs,
      connect: { timeout: options.connectTimeoutMs, lookup: createGuardedLookup(options.policy, options.resolve) },
    });
    // Bodies are read by the same slow decoders as the fetcher's: the same undici crash applies (see steady-body.ts).
    this.dispatcher = this.agent.compose(createSteadyBodyInterceptor(capOfRequest));
  }

  /** Never throws: refusals and failures come back as values. */
  async fetch(req: GuardedRequest): Promise<GuardedResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return { kind: 'failed', abortCode: 'failed', message: `"${req.url.slice(0, 200)}" is not a valid URL` };
    }
    try {
      for (let hop = 0; ; hop++) {
        const refusal = checkUrl(url, this.policy);
        if (refusal) return { kind: 'blocked', why: 'policy', message: refusal.message };
        const response = await this.send(url, req);
        const rawLocation = response.headers.location;
        if (!REDIRECT_STATUSES.has(response.statusCode) || rawLocation === undefined)
          return await this.read(url, response, req);
        response.body.on('error', () => undefined);
        response.body.destroy();
        const location = decodeLocation(Array.isArray(rawLocation) ? (rawLocation[0] ?? '') : rawLocation);
        const next = parseUrl(location, url);
        if (!next)
          return {
            kind: 'failed',
            abortCode: 'failed',
            message: `redirect from ${url.href} to an invalid Location "${location.slice(0, 200)}"`,
          };
        if (hop >= req.maxRedirects)
          return { kind: 'redirect', url: url.href, status: response.statusCode, location: next.href };
        url = next;
      }
    } catch (error) {
      return failure(error, req.signal);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private send(url: URL, req: GuardedRequest): Promise<Dispatcher.ResponseData<unknown>> {
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' };
    for (const [name, value] of Object.entries(req.headers)) {
      const lower = name.toLowerCase();
      // HTTP/2 pseudo-headers (":authority") and hop-by-hop headers are not ours to forward.
      if (!lower.startsWith(':') && !DROPPED_REQUEST_HEADERS.has(lower)) headers[lower] = value;
    }
    return request(url, {
      dispatcher: this.dispatcher,
      method: req.method,
      headers,
      signal: req.signal,
      opaque: { maxBytes: req.maxBytes },
    });
  }

  private async read(
    url: URL,
    response: Dispatcher.ResponseData<unknown>,
    req: GuardedRequest,
  ): Promise<GuardedResponse> {
    const encoding = response.headers['content-encoding'];
    const caps = { maxWireBytes: req.maxBytes, maxDecodedBytes: req.maxBytes };
    const body = await readBody(
      response.body,
      Array.isArray(encoding) ? encoding.join(', ') : (encoding ?? null),
      caps,
      { signal: req.signal },
    );
    return {
      kind: 'response',
      url: url.href,
      status: response.statusCode,
      headers: responseHeaders(response.headers),
      body,
    };
  }
}

/** The byte cap `send` passes along as `opaque`; a request without one gets a conservative cap. */
function capOfRequest(options: Dispatcher.DispatchOptions): number {
  const maxBytes = (options as { opaque?: { maxBytes?: unknown } }).opaque?.maxBytes;
  return typeof maxBytes === 'number' ? maxBytes : 32 * 1024 * 1024;
}

/** Headers for `route.fulfill`: one string per name; repeated Set-Cookie lines joined by newlines, as Playwright expects. */
function responseHeaders(raw: Dispatcher.ResponseData<unknown>['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(lower)) continue;
    out[lower] = Array.isArray(value) ? value.join(lower === 'set-cookie' ? '\n' : ', ') : value;
  }
  return out;
}

function parseUrl(text: string, base: URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

function failure(error: unknown, signal: AbortSignal): GuardedResponse {
  const chain = errorChain(error);
  const blocked = chain.find((e): e is BlockedError => e instanceof BlockedError);
  if (blocked) return { kind: 'blocked', why: 'policy', message: blocked.message };
  const tooLarge = chain.find((e): e is TooLargeError => e instanceof TooLargeError);
  if (tooLarge) return { kind: 'blocked', why: 'byte-cap', message: tooLarge.message };
  if (signal.aborted)
    return { kind: 'failed', abortCode: 'timedout', message: 'the request ran out of the render’s time' };
  const verdict = classifyError(error);
  const codes = chain.map((e) => (e as { code?: unknown } | null)?.code);
  let abortCode: AbortCode = 'failed';
  if (verdict.outcome === 'dns') abortCode = 'namenotresolved';
  else if (verdict.outcome === 'timeout') abortCode = 'timedout';
  else if (codes.includes('ECONNREFUSED')) abortCode = 'connectionrefused';
  else if (verdict.outcome === 'connect') abortCode = 'connectionreset';
  return { kind: 'failed', abortCode, message: verdict.message };
}
