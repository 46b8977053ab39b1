import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { ReceivedBody } from './body-reader.ts';
import { isHtmlEssence, isTextEssence, looksLikeHtml, parseContentType } from './content-type.ts';
import { rootCertificates } from 'node:tls';
import { BAD_ENCODING_RATIO, decodeHtml } from './decode.ts';
import { DecodeMemo, type KnownDecoding } from './decode-memo.ts';
import { BlockedError, ProtocolError } from './errors.ts';
import { EVIDENCE_BYTES, classifyThrown, evidenceOf, failed, startProgress } from './fetch-progress.ts';
import type { Progress, Verdict } from './fetch-progress.ts';
import { decodeLocation, headerValue, selectHeaders } from './headers.ts';
import { createRemoteAddressTracker } from './remote-address.ts';
import { SharedDeadlines } from './shared-deadlines.ts';
import { PageHandler } from './page-handler.ts';
import type { AddressSlot, RemoteAddressTracker } from './remote-address.ts';
import { assertValidPolicy, createGuardedLookup, type DnsLookupAll } from './ssrf-guard.ts';
import { createUrlGuard } from './url-guard.ts';
import type {
  CharsetSource,
  FetchLimits,
  FetchRequest,
  FetchResult,
  FetchTimings,
  FetchedPage,
  Fetcher,
  HttpExchange,
  NetworkPolicy,
  RedirectHop,
} from './types.ts';

export interface FetcherOptions {
  limits: FetchLimits;
  policy: NetworkPolicy;
  userAgent: string;
  /** Cap on open connections per origin (keep-alive pool size). Default 4: polite to one estate server. */
  connectionsPerOrigin?: number;
  /**
   * Name resolution, system DNS by default. Benchmarks replaying captured pages map their real host
   * names to the loopback server; the SSRF guard still judges whatever this returns.
   */
  resolve?: DnsLookupAll;
  /**
   * Extra trusted root certificates (PEM), added to Node's bundled roots: an intranet estate's own CA.
   * Tests use it for a throwaway CA.
   */
  extraCaCertificates?: string[];
}

export const DEFAULT_CONNECTIONS_PER_ORIGIN = 4;
export { EVIDENCE_BYTES };
/** Redirect bodies are read (not just dropped) up to this, so the connection can be reused. */
const REDIRECT_DRAIN_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Success statuses that carry no body by definition (RFC 9110 §15.3.5, §15.3.6). */
const BODILESS_STATUSES = new Set([204, 205]);

interface Context {
  dispatcher: Dispatcher;
  deadlines: SharedDeadlines;
  memo: DecodeMemo;
  tracker: RemoteAddressTracker;
  /** The SSRF guard's URL-level check, remembered per host; the connect-time guard is the lookup. */
  checkUrl: (url: URL) => BlockedError | null;
  options: FetcherOptions;
}

/**
 * An HTTP(S) fetcher on an undici Agent: keep-alive pools capped per origin, the SSRF guard at
 * connect time, redirects followed by hand, caps on wire and decoded bytes, one total deadline.
 * `fetch` never throws: every failure comes back classified as `{ ok: false, failure }`.
 * Throws only at construction, for an invalid `policy.allowCidrs` entry.
 */
export function createFetcher(options: FetcherOptions): Fetcher {
  assertValidPolicy(options.policy);
  const { limits } = options;
  const tracker = createRemoteAddressTracker();
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    headersTimeout: limits.headersTimeoutMs,
    // Longest silence allowed between body chunks; the total deadline bounds the read as a whole.
    bodyTimeout: limits.headersTimeoutMs,
    connect: {
      timeout: limits.connectTimeoutMs,
      lookup: createGuardedLookup(options.policy, options.resolve),
      ...(options.extraCaCertificates?.length ? { ca: [...rootCertificates, ...options.extraCaCertificates] } : {}),
    },
  });
  const context: Context = {
    dispatcher: agent,
    deadlines: new SharedDeadlines(limits.totalTimeoutMs),
    memo: new DecodeMemo(),
    tracker,
    checkUrl: createUrlGuard(options.policy),
    options,
  };
  return {
    fetch: (fetchRequest) => fetchWithDeadline(context, fetchRequest),
    close: async () => {
      tracker.dispose();
      await agent.close();
      context.deadlines.dispose();
    },
  };
}

async function fetchWithDeadline(context: Context, fetchRequest: FetchRequest): Promise<FetchResult> {
  const deadline = context.deadlines.signal();
  const progress = startProgress(fetchRequest.url);
  try {
    return await followRedirects(context, fetchRequest, progress, deadline);
  } catch (error) {
    return failed(progress, classifyThrown(error, deadline, progress), evidenceOf(progress.received));
  }
}

async function followRedirects(
  context: Context,
  fetchRequest: FetchRequest,
  progress: Progress,
  signal: AbortSignal,
): Promise<FetchResult> {
  const { limits } = context.options;
  let url = parseUrl(fetchRequest.url);
  const visited = new Set([url.href]);
  for (;;) {
    const refusal = context.checkUrl(url);
    if (refusal) throw refusal;
    const response = await send(context, url, fetchRequest.headers, signal, progress);
    if (!REDIRECT_STATUSES.has(response.status))
      return finish(context, url, response, progress, signal, fetchRequest.accept ?? 'html');
    const rawLocation = headerValue(response.headers, 'location');
    const location = rawLocation === null ? null : decodeLocation(rawLocation);
    await response.drain(REDIRECT_DRAIN_BYTES);
    if (location === null)
      throw new ProtocolError(`HTTP ${response.status} redirect from ${url.href} has no Location header`);
    progress.redirects.push({ url: url.href, status: response.status, location });
    url = redirectTarget(url, location);
    if (progress.redirects.length > limits.maxRedirects) {
      throw new ProtocolError(`More than ${limits.maxRedirects} redirects (last one to ${url.href}); giving up`);
    }
    if (visited.has(url.href)) throw new ProtocolError(`Redirect loop: ${url.href} was already visited in this chain`);
    visited.add(url.href);
  }
}

async function send(
  context: Context,
  url: URL,
  extraHeaders: Record<string, string> | undefined,
  signal: AbortSignal,
  progress: Progress,
): Promise<PageHandler> {
  if (signal.aborted) throw signal.reason;
  const slot = context.tracker.slot(url);
  const inFlight = context.deadlines.watchers(signal);
  const handler = new PageHandler(slot, context.tracker.mark, context.options.limits.maxBodyBytes, inFlight);
  // Errors, a synchronous one included, come back through the handler and reject `head`.
  context.dispatcher.dispatch(
    {
      origin: url.origin,
      path: url.search ? `${url.pathname}${url.search}` : url.pathname,
      method: 'GET',
      headers: requestHeaders(context.options.userAgent, extraHeaders),
    },
    handler,
  );
  await handler.head;
  progress.headersAt = performance.now();
  progress.status = handler.status;
  progress.headers = selectHeaders(handler.headers);
  progress.remoteAddress = slot.address;
  progress.exchanges.push(exchangeOf(url, handler.status, slot));
  return handler;
}

/** What the connection tracker saw of this request and its response head, for evidence. */
function exchangeOf(url: URL, status: number, slot: AddressSlot): HttpExchange {
  const raw = slot.rawHeaders ?? [];
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) rawHeaders.push([raw[i]!, raw[i + 1]!]);
  return {
    url: url.href,
    sentAt: slot.sentAt ?? Date.now(),
    requestHead: slot.requestHead,
    status,
    statusText: slot.statusText,
    rawHeaders,
    remoteAddress: slot.address,
    tls: slot.tls,
  };
}

/** The last response of the chain: judge status and type, read within caps, decode. */
async function finish(
  context: Context,
  url: URL,
  response: PageHandler,
  progress: Progress,
  signal: AbortSignal,
  accept: 'html' | 'text',
): Promise<FetchResult> {
  const { limits } = context.options;
  const status = response.status;
  const contentEncoding = progress.headers['content-encoding'] ?? null;
  if (status >= 400) {
    const caps = { maxWireBytes: limits.maxBodyBytes, maxDecodedBytes: EVIDENCE_BYTES };
    const evidence = await response
      .read(contentEncoding, caps, { truncate: true, received: progress.received, signal })
      .then(
        (body) => body.bytes(),
        () => Buffer.concat(progress.received),
      );
    const outcome = status >= 500 ? 'http-5xx' : 'http-4xx';
    return failed(progress, { outcome, action: 'target-down', message: `HTTP ${status} from ${url.href}` }, evidence);
  }
  const early = refuseBeforeReading(url, response, progress, limits, accept);
  if (early) {
    response.discard();
    return early;
  }
  const caps = { maxWireBytes: limits.maxBodyBytes, maxDecodedBytes: limits.maxDecodedBytes };
  const body = await response.read(contentEncoding, caps, { truncate: false, received: progress.received, signal });
  return toPage(context.memo, url, progress, body, accept);
}

/** Statuses that are not a page, non-HTML types and declared oversize bodies are refused unread. */
function refuseBeforeReading(
  url: URL,
  response: PageHandler,
  progress: Progress,
  limits: FetchLimits,
  accept: 'html' | 'text',
): FetchResult | null {
  if (BODILESS_STATUSES.has(response.status)) return failed(progress, emptyResponse(url, response.status), null);
  if (response.status < 200 || response.status >= 300) {
    return failed(
      progress,
      {
        outcome: 'protocol',
        action: 'target-down',
        message: `Unexpected HTTP ${response.status} from ${url.href}`,
      },
      null,
    );
  }
  const type = parseContentType(progress.headers['content-type']);
  if (type && !(accept === 'html' ? isHtmlEssence(type.essence) : isTextEssence(type.essence))) {
    return failed(progress, unsupported(url, type.essence), null);
  }
  const declared = Number(progress.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
    const message = `Declared Content-Length ${declared} is over the ${limits.maxBodyBytes}-byte cap; not read`;
    return failed(progress, { outcome: 'too-large', action: 'target-down', message }, null);
  }
  return null;
}

function toPage(
  memo: DecodeMemo,
  url: URL,
  progress: Progress,
  received: ReceivedBody,
  accept: 'html' | 'text',
): FetchResult {
  const contentType = progress.headers['content-type'] ?? null;
  if (received.length === 0 && contentType === null)
    return failed(progress, emptyResponse(url, progress.status ?? 200), null);
  if (contentType === null && accept === 'html' && !looksLikeHtml(received.bytes())) {
    return failed(progress, unsupported(url, 'no Content-Type, and the body does not look like HTML'), null);
  }
  // Hashed in its chunks: an unchanged body is never joined into one buffer (`body` joins on first read).
  const bodySha256 = received.sha256();
  const known = memo.get(bodySha256);
  // A body seen before is not decoded now: its text is produced only if someone reads it, and an
  // unchanged page is judged by its hash alone.
  let text: string | null = null;
  let decoding: KnownDecoding | undefined = known;
  if (!decoding) {
    const decoded = decodeHtml(received.bytes(), contentType);
    if (decoded.replacementRatio > BAD_ENCODING_RATIO) {
      const percent = (decoded.replacementRatio * 100).toFixed(1);
      const message = `${percent}% of the text is undecodable even with the best guess (${decoded.charset}, from ${decoded.charsetSource})`;
      return failed(progress, { outcome: 'bad-encoding', action: 'target-down', message }, received.bytes());
    }
    text = decoded.text;
    decoding = { charset: decoded.charset, charsetSource: decoded.charsetSource };
    memo.set(bodySha256, decoding);
  }
  const now = performance.now();
  const timings = { headersMs: (progress.headersAt ?? now) - progress.started, totalMs: now - progress.started };
  return {
    ok: true,
    page: new ReceivedPage(progress, url.href, contentType, received, bodySha256, decoding, text, timings),
  };
}

/**
 * A fetched page whose body stays in its received chunks until read. A class, not an object literal
 * with getters: the literal made two closures and a slow-mode object per check, and a check's page
 * lives until its write and observers are done, long enough to be promoted to the old generation
 * (issue 21). `body` and `text` are prototype getters, so spreading a page does not carry them.
 */
class ReceivedPage implements FetchedPage {
  readonly requestedUrl: string;
  readonly status: number;
  readonly redirects: RedirectHop[];
  readonly headers: Record<string, string>;
  readonly bodyBytes: number;
  readonly charset: string;
  readonly charsetSource: CharsetSource;
  readonly remoteAddress: string | null;
  readonly exchanges: HttpExchange[];
  #received: ReceivedBody;
  #text: string | null;

  constructor(
    progress: Progress,
    readonly finalUrl: string,
    readonly contentType: string | null,
    received: ReceivedBody,
    readonly bodySha256: string,
    decoding: KnownDecoding,
    text: string | null,
    readonly timings: FetchTimings,
  ) {
    this.requestedUrl = progress.requestedUrl;
    this.status = progress.status ?? 0;
    this.redirects = progress.redirects;
    this.headers = progress.headers;
    this.bodyBytes = received.length;
    this.charset = decoding.charset;
    this.charsetSource = decoding.charsetSource;
    this.remoteAddress = progress.remoteAddress;
    this.exchanges = progress.exchanges;
    this.#received = received;
    this.#text = text;
  }

  get body(): Buffer {
    return this.#received.bytes();
  }

  get text(): string {
    this.#text ??= new TextDecoder(this.charset).decode(this.#received.bytes());
    return this.#text;
  }
}

/**
 * A success status with nothing in it: the page is not there, whatever the status says. The target's
 * doing (a CMS or proxy answering 204, an emptied page), so it counts against the page like other
 * degraded answers; never "misconfigured", which would blame our own configuration.
 */
function emptyResponse(url: URL, status: number): Verdict {
  const what =
    status === 204
      ? 'HTTP 204 No Content'
      : status === 205
        ? 'HTTP 205 Reset Content'
        : `HTTP ${status} with an empty body and no Content-Type`;
  return {
    outcome: 'unsupported-content',
    action: 'target-down',
    message: `Empty response (${what}) from ${url.href}: the server sent no page`,
  };
}

function unsupported(url: URL, what: string): Verdict {
  const message = `${url.href} is not an HTML page (${what}); watch it with another checker or drop it from the watch list`;
  return { outcome: 'unsupported-content', action: 'misconfigured', message };
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch (cause) {
    throw new BlockedError(`"${text}" is not a valid absolute URL; fix the watch list entry`, { cause });
  }
}

function redirectTarget(from: URL, location: string): URL {
  try {
    return new URL(location, from);
  } catch (cause) {
    throw new ProtocolError(`Redirect from ${from.href} to an invalid Location "${location}"`, { cause });
  }
}

function requestHeaders(userAgent: string, extra: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(extra ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}
