/**
 * What one render saw besides the page itself: requests made, refused and failed, main-frame
 * navigations, console messages, dialogs, popups and downloads. The network guard and the page's
 * event handlers write here; the renderer copies it into the result. Lists are capped: a hostile
 * page can make thousands of requests or log forever, and evidence must stay small.
 */

export type BlockReason =
  /** The SSRF guard refused the address (metadata, link-local, loopback or private not allowed). */
  | 'policy'
  /** Not http(s): data: and blob: never leave the browser; everything else is refused. */
  | 'scheme'
  /** Only GET and HEAD: a rendered page must not make Mamori send writes. */
  | 'method'
  /** The render made more requests than allowed. */
  | 'request-cap'
  /** The render (or one response) went past its byte cap. */
  | 'byte-cap'
  | 'websocket';

export interface BlockedRequest {
  url: string;
  /** Chromium's resource type: document, script, image, fetch, xhr, websocket, ... */
  resourceType: string;
  reason: BlockReason;
  message: string;
}

export interface FailedRequest {
  url: string;
  resourceType: string;
  message: string;
}

/** One main-frame document the render loaded: HTTP redirects, script redirects and meta refreshes all show here. */
export interface NavigationHop {
  url: string;
  status: number;
  /** Where an HTTP redirect pointed; null for a document that was shown. */
  location: string | null;
}

/** What the guarding proxy decided about a URL (plain http) or an origin (a tunnel): refused, cut, or failed. */
export interface ProxyVerdict {
  /** True when refused or cut (policy, caps); false when the connection itself failed. */
  blocked: boolean;
  reason: BlockReason;
  message: string;
}

export interface ConsoleSample {
  type: string;
  text: string;
}

export interface GuardLimits {
  /** Requests one render may make (the document included). */
  maxRequests: number;
  /** Decoded bytes one render may receive, all responses together. */
  maxBytes: number;
  /** Decoded bytes of any one response. */
  maxResourceBytes: number;
  /**
   * Redirects the guard follows itself when it fetches. Documents hand every redirect to the browser
   * instead, and subresources are redirected by Chromium (at most 20 hops), each hop going through
   * the guarding proxy: so this cap only applies where the guard fetches something else.
   */
  maxRedirects: number;
}

const MAX_LISTED = 200;
const MAX_CONSOLE_SAMPLES = 20;
const MAX_TEXT = 300;
const MAX_ORIGINS = 50;
const MAX_TYPES = 1000;

/** Past this many subresources a page's content is not worth naming: its full-page PNG is always taken. */
const MAX_RESPONSE_IDS = 1000;

export class RenderSession {
  readonly blocked: BlockedRequest[] = [];
  blockedCount = 0;
  readonly failed: FailedRequest[] = [];
  failedCount = 0;
  readonly navigations: NavigationHop[] = [];
  requests = 0;
  bytes = 0;
  inflight = 0;
  /** performance.now() of the last request start or end: the settle loop waits for quiet. */
  lastNetworkActivity = performance.now();
  /** Why the main document could not be loaded, when it could not. */
  mainFailure: { blocked: boolean; message: string } | null = null;
  consoleMessages = 0;
  consoleErrors = 0;
  readonly consoleSamples: ConsoleSample[] = [];
  dialogs = 0;
  popups = 0;
  /** Origins requests went to (capped): their storage is cleared before the slot's next render. */
  readonly origins: string[] = [];
  downloads = 0;
  /**
   * Top-level navigations to another site the page attempted (script or meta-refresh redirects):
   * answered with 204 No Content so the page stays where it is to be probed, and reported.
   */
  readonly offsiteNavigations: string[] = [];
  /** The host the render was asked for: top-level navigations elsewhere are not followed. */
  homeHost: string | null = null;
  private readonly ended = new AbortController();
  private readonly proxyVerdicts = new Map<string, ProxyVerdict>();
  /**
   * What names each subresource's content (status, URL and validators), for the below-the-fold
   * signature; null once one came without a validator (its content could have changed unseen).
   */
  private responseIds: string[] | null = [];
  /** Resource types of the requests let through, by URL and by origin: the proxy sees neither. */
  private readonly types = new Map<string, string>();

  constructor(
    readonly limits: GuardLimits,
    /** performance.now() by which the render must be over. */
    readonly deadline: number,
  ) {}

  get isEnded(): boolean {
    return this.ended.signal.aborted;
  }

  /** Aborted when the render ends (or times out): requests still in flight stop there. */
  get signal(): AbortSignal {
    return this.ended.signal;
  }

  /** A subresource's response arrived: its validators say whether its content is the same as last time. */
  noteResponse(url: string, status: number, headers: Record<string, string>): void {
    if (this.responseIds === null || this.isEnded) return;
    const validators = [headers.etag, headers['last-modified'], headers['content-length']];
    if (validators.every((v) => v === undefined) || this.responseIds.length >= MAX_RESPONSE_IDS) {
      this.responseIds = null;
      return;
    }
    this.responseIds.push(`${status} ${url} ${validators.map((v) => v ?? '').join(' ')}`);
  }

  /** The subresources' identities in a stable order, or null when one of them could not be named. */
  subresourceIdentity(): string | null {
    return this.responseIds === null ? null : [...this.responseIds].sort().join('\n');
  }

  end(): void {
    this.ended.abort();
  }

  /** Counts a request and says why it may not be made, or null when it may. */
  admit(url: string, method: string): { reason: BlockReason; message: string } | null {
    this.requests += 1;
    if (!/^https?:/i.test(url))
      return { reason: 'scheme', message: `only http(s) requests are made, not ${url.split(':', 1)[0]}:` };
    if (method !== 'GET' && method !== 'HEAD')
      return { reason: 'method', message: `${method} requests are not sent from rendered pages (only GET and HEAD)` };
    if (this.requests > this.limits.maxRequests)
      return { reason: 'request-cap', message: `more than ${this.limits.maxRequests} requests in one render` };
    if (this.bytes >= this.limits.maxBytes)
      return { reason: 'byte-cap', message: `the render already received ${this.limits.maxBytes} bytes` };
    this.noteOrigin(url);
    return null;
  }

  private noteOrigin(url: string): void {
    const origin = originOf(url);
    if (origin && this.origins.length < MAX_ORIGINS && !this.origins.includes(origin)) this.origins.push(origin);
  }

  /**
   * A redirect Chromium followed on its own (the network guard is not asked about those): counted
   * like a request, for the cap and so that its origin's storage is cleared after the render.
   */
  noteRedirect(url: string): void {
    this.requests += 1;
    this.noteOrigin(url);
  }

  /** A request let through to the network: remembered so the proxy's verdict on it can name its type. */
  passed(url: string, resourceType: string): void {
    if (this.types.size >= MAX_TYPES) return;
    this.types.set(url, resourceType);
    const origin = originOf(url);
    if (origin) this.types.set(origin, resourceType);
  }

  /**
   * The guarding proxy refused or cut a request (`key` is its URL) or a tunnel (`key` is the origin),
   * or could not connect: recorded here at once, as a block or a failure, once per key (Chromium
   * repeats a request whose connection drops, and that is one refusal).
   */
  proxyVerdict(key: string, verdict: ProxyVerdict): void {
    if (this.proxyVerdicts.has(key) || this.proxyVerdicts.size >= MAX_LISTED) return;
    this.proxyVerdicts.set(key, verdict);
    const type = this.types.get(key) ?? 'other';
    if (verdict.blocked) this.block(key, type, verdict.reason, verdict.message);
    else this.fail(key, type, verdict.message);
  }

  /** Whether the proxy already gave a verdict on this URL (or, for https, its origin). */
  hasProxyVerdict(url: string): boolean {
    return this.proxyVerdicts.has(url) || this.proxyVerdicts.has(originOf(url) ?? '');
  }

  remainingBytes(): number {
    return Math.max(0, Math.min(this.limits.maxResourceBytes, this.limits.maxBytes - this.bytes));
  }

  block(url: string, resourceType: string, reason: BlockReason, message: string): void {
    this.blockedCount += 1;
    if (this.blocked.length < MAX_LISTED)
      this.blocked.push({ url: clip(url, 500), resourceType, reason, message: clip(message, MAX_TEXT) });
  }

  fail(url: string, resourceType: string, message: string): void {
    this.failedCount += 1;
    if (this.failed.length < MAX_LISTED)
      this.failed.push({ url: clip(url, 500), resourceType, message: clip(message, MAX_TEXT) });
  }

  requestStarted(): void {
    this.inflight += 1;
    this.lastNetworkActivity = performance.now();
  }

  requestEnded(bytes: number): void {
    this.inflight -= 1;
    this.bytes += bytes;
    this.lastNetworkActivity = performance.now();
  }

  navigated(hop: NavigationHop): void {
    if (this.navigations.length < MAX_LISTED) this.navigations.push({ ...hop, url: clip(hop.url, 2000) });
  }

  console(type: string, text: string): void {
    this.consoleMessages += 1;
    if (type === 'error') this.consoleErrors += 1;
    if (this.consoleSamples.length < MAX_CONSOLE_SAMPLES)
      this.consoleSamples.push({ type, text: clip(text, MAX_TEXT) });
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
