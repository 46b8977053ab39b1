import type { FailureAction, OutcomeClass } from '../core/outcome.ts';

/** One hop of a redirect chain. */
export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

export interface FetchTimings {
  /** Time to response headers. */
  headersMs: number;
  /** Time until the whole body was read. */
  totalMs: number;
}

/** Where the charset used to decode the body came from. */
export type CharsetSource = 'header' | 'bom' | 'meta' | 'sniff' | 'default';

/** A page that was received, decompressed within limits, and decoded to text. */
export interface FetchedPage {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  redirects: RedirectHop[];
  /** Selected response headers (lower-case names): content-type, server, last-modified, etag, location, ... */
  headers: Record<string, string>;
  contentType: string | null;
  /** Decompressed body bytes, exactly as received (before decoding). */
  body: Buffer;
  /** SHA-256 of `body`, lower-case hex: equal hashes mean an unchanged page. */
  bodySha256: string;
  /** Lower-case WHATWG encoding label actually used, e.g. `utf-8`, `shift_jis`, `euc-jp`. */
  charset: string;
  charsetSource: CharsetSource;
  /** The decoded document. Bodies seen before are decoded only when this is first read. */
  readonly text: string;
  /** The address the connection went to, when known. */
  remoteAddress: string | null;
  timings: FetchTimings;
}

export interface FetchLimits {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  /** Cap on bytes received on the wire. */
  maxBodyBytes: number;
  /** Cap on bytes after content-encoding is undone (gzip, br, deflate bombs). */
  maxDecodedBytes: number;
  maxRedirects: number;
}

export interface NetworkPolicy {
  /** 127.0.0.0/8 and ::1. Off by default; tests and the demo turn it on. */
  allowLoopback: boolean;
  /** RFC 1918, ULA and similar private ranges. */
  allowPrivate: boolean;
  /** Extra CIDR ranges that are allowed even though private, e.g. an intranet estate. */
  allowCidrs: string[];
}

export interface FetchRequest {
  url: string;
  /** Extra request headers (e.g. a crawler user agent when checking for cloaking). */
  headers?: Record<string, string>;
  /**
   * What may come back: `html` (the default: a watched page) or `text` (sitemaps, watch lists and
   * feeds in any textual type). Anything else is `unsupported-content`.
   */
  accept?: 'html' | 'text';
}

/** A failed fetch, classified so the caller knows what to do. Returned as a value, never thrown. */
export interface FetchFailure {
  outcome: Exclude<OutcomeClass, 'ok' | 'soft-404'>;
  action: FailureAction;
  message: string;
  requestedUrl: string;
  /** What was learnt before the failure, where anything was. */
  status: number | null;
  redirects: RedirectHop[];
  headers: Record<string, string>;
  remoteAddress: string | null;
  timings: FetchTimings;
  /** Body received up to the failure, when it is useful as evidence (e.g. a 5xx page). */
  body: Buffer | null;
}

export type FetchResult = { ok: true; page: FetchedPage } | { ok: false; failure: FetchFailure };

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}
