import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CertificateSummary, TlsSummary } from './types.ts';

/**
 * Filled as a request goes out and its response head comes back: the peer address, and for evidence
 * the request head as written, the TLS session, and the response header lines as received.
 */
export interface AddressSlot {
  readonly origin: string;
  address: string | null;
  /** Epoch milliseconds when the request head was written. */
  sentAt: number | null;
  requestHead: string | null;
  tls: TlsSummary | null;
  /** Response header lines as received, name then value, before any merging (bytes read as Latin-1). */
  rawHeaders: string[] | null;
  statusText: string;
}

export interface RemoteAddressTracker {
  /** A new slot for a request to `url`, filled as it goes out (see `mark`). */
  slot(url: URL): AddressSlot;
  /** Called by the request's handler in `onRequestStart`: the next send-headers message is this slot's. */
  mark: (slot: AddressSlot) => void;
  dispose(): void;
}

const SEND_HEADERS = 'undici:client:sendHeaders';

interface SendHeadersMessage {
  request: { origin?: unknown };
  /** The request line and header lines exactly as undici writes them, each ending in CRLF. */
  headers?: unknown;
  socket: Socket;
}

/** One summary per TLS connection: keep-alive reuses it, so an unchanged check pays nothing for it. */
const tlsBySocket = new WeakMap<Socket, TlsSummary>();

function isTlsSocket(socket: Socket): socket is TLSSocket {
  return typeof (socket as Partial<TLSSocket>).getPeerCertificate === 'function';
}

function distinguishedName(name: unknown): string {
  if (typeof name !== 'object' || name === null) return '';
  return Object.entries(name as Record<string, unknown>)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.map(String).join('+') : String(value)}`)
    .join(', ');
}

/** The peer's chain, leaf first, up to the self-issued root (which names itself as its issuer). */
export function summariseTls(socket: TLSSocket): TlsSummary {
  const chain: CertificateSummary[] = [];
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true);
  while (cert && typeof cert.fingerprint256 === 'string' && !seen.has(cert.fingerprint256) && chain.length < 16) {
    seen.add(cert.fingerprint256);
    chain.push({
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      validFrom: cert.valid_from,
      validTo: cert.valid_to,
      serialNumber: cert.serialNumber,
      fingerprint256: cert.fingerprint256,
      subjectAltName: cert.subjectaltname ?? null,
    });
    cert = cert.issuerCertificate;
  }
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    authorized: socket.authorized,
    chain,
  };
}

function tlsOf(socket: Socket): TlsSummary | null {
  if (!isTlsSocket(socket)) return null;
  let summary = tlsBySocket.get(socket);
  if (summary === undefined) {
    try {
      summary = summariseTls(socket);
    } catch {
      // A socket torn down mid-read: the chain is simply not known.
      return null;
    }
    tlsBySocket.set(socket, summary);
  }
  return summary;
}

/**
 * Copies the response header lines and status text into the slot: undici's buffers are views on the
 * socket's read chunk. A few microseconds per response. Called at every head, so an informational
 * (1xx) head is replaced by the final one.
 */
export function recordResponseHead(slot: AddressSlot, raw: Buffer[] | null | undefined, message?: string): void {
  let lines: string[] | null = null;
  if (raw) {
    lines = new Array<string>(raw.length);
    for (let i = 0; i < raw.length; i++) lines[i] = raw[i]!.toString('latin1');
  }
  slot.rawHeaders = lines;
  slot.statusText = message ?? '';
}

/**
 * undici's dispatch handlers never see the socket, and with keep-alive pools several sockets serve an
 * origin. Two synchronous steps happen back to back when a request is written to a socket: the
 * handler's `onRequestStart` and the `undici:client:sendHeaders` diagnostics message (which carries
 * the socket). The handler marks the slot in the first, the subscriber fills it in the second.
 * If undici ever changes that order the address just stays null ("not known"), nothing breaks.
 */
export function createRemoteAddressTracker(): RemoteAddressTracker {
  let pending: AddressSlot | null = null;

  const onSendHeaders = (message: unknown): void => {
    const slot = pending;
    pending = null;
    const { request, socket, headers } = message as SendHeadersMessage;
    if (!slot || request.origin !== slot.origin) return;
    slot.address = socket.remoteAddress ?? null;
    slot.sentAt = Date.now();
    // A slice, not a regular expression's copy of the whole head: the slot lives as long as its check.
    slot.requestHead = typeof headers === 'string' ? (headers.endsWith('\r\n') ? headers.slice(0, -2) : headers) : null;
    slot.tls = tlsOf(socket);
  };
  diagnostics.subscribe(SEND_HEADERS, onSendHeaders);

  const mark = (slot: AddressSlot): void => {
    pending = slot;
    // Never let a mark outlive the synchronous send it belongs to.
    queueMicrotask(() => {
      if (pending === slot) pending = null;
    });
  };

  return {
    slot: (url) => {
      const slot: AddressSlot = {
        origin: url.origin,
        address: null,
        sentAt: null,
        requestHead: null,
        tls: null,
        rawHeaders: null,
        statusText: '',
      };
      return slot;
    },
    mark,
    dispose: () => diagnostics.unsubscribe(SEND_HEADERS, onSendHeaders),
  };
}
