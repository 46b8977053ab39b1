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

/** One certificate of a TLS peer's chain, reduced to what identifies it. */
export interface CertificateSummary {
  /** Distinguished name, e.g. `CN=www.example.go.jp, O=Example`. */
  subject: string;
  issuer: string;
  /** As OpenSSL prints them, e.g. `Jan  1 00:00:00 2026 GMT`. */
  validFrom: string;
  validTo: string;
  serialNumber: string;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex (as browsers show it). */
  fingerprint256: string;
  subjectAltName: string | null;
}

/** The TLS session a response came over: protocol, cipher and the peer's chain, leaf first. */
export interface TlsSummary {
  protocol: string | null;
  cipher: string | null;
  /** Whether the chain validated against the trusted roots (it must have, or the fetch failed). */
  authorized: boolean;
  chain: CertificateSummary[];
}

/**
 * One request and its response head as they went over the wire (one per redirect hop): the raw
 * material of a WARC record pair. Filled by the fetcher's connection tracker; a field it could not
 * learn is null or empty, never guessed.
 */
export interface HttpExchange {
  url: string;
  /** Epoch milliseconds when the request head was written. */
  sentAt: number;
  /** The request head exactly as written (request line and header lines joined by CRLF, no blank line). */
  requestHead: string | null;
  status: number;
  statusText: string;
  /** Response header lines in the order received, names as the server spelt them (bytes read as Latin-1). */
  rawHeaders: [string, string][];
  remoteAddress: string | null;
  /** Null for plain HTTP. */
  tls: TlsSummary | null;
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
  /** Decompressed body bytes, exactly as received (before decoding): joined into one buffer when first read. */
  readonly body: Buffer;
  /** The body's length in bytes, known without reading `body`. */
  bodyBytes: number;
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
  /** Every request and response head of the chain, redirects first (evidence capture). */
  exchanges?: HttpExchange[];
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
  /** Request and response heads exchanged before the failure (none when no response came). */
  exchanges?: HttpExchange[];
}

export type FetchResult = { ok: true; page: FetchedPage } | { ok: false; failure: FetchFailure };

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}
