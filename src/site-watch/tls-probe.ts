/**
 * One TLS handshake with a site, for the certificate watch: the protocol, the chain the server sends
 * (leaf first), whether it validates, and whether the leaf covers the watched name. The connection is
 * closed at once; nothing is sent. The chain is read even when it does not validate, since that is
 * what the watch must report.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';
import type { TlsCertificate, TlsSnapshot } from '../core/site/tls.ts';
import { checkAddress, createGuardedLookup } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';

export interface TlsProbeOptions {
  timeoutMs: number;
  /** Extra trust anchors (PEM), added to Node's roots: an internal CA, or a test's. */
  extraCa: readonly string[];
  /** The same network policy as page fetches: a site cannot point the handshake at an address it may not reach. */
  policy: NetworkPolicy;
}

/** The handshake did not complete: the watch records the look as failed. */
export class TlsProbeError extends Error {
  override readonly name = 'TlsProbeError';
}

function keyOf(cert: X509Certificate): string {
  const key = cert.publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  const type = (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  if (d.modulusLength) return `${type} ${d.modulusLength}`;
  return d.namedCurve ? `${type} ${d.namedCurve}` : type;
}

function certificateOf(raw: Buffer): TlsCertificate {
  const cert = new X509Certificate(raw);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    key: keyOf(cert),
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    validFrom: Date.parse(cert.validFrom),
    validTo: Date.parse(cert.validTo),
    sans: (cert.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
  };
}

function chainOf(peer: DetailedPeerCertificate): TlsCertificate[] {
  const out: TlsCertificate[] = [];
  const seen = new Set<string>();
  for (
    let c: DetailedPeerCertificate | undefined = peer;
    c?.raw && !seen.has(c.fingerprint256);
    c = c.issuerCertificate
  ) {
    seen.add(c.fingerprint256);
    out.push(certificateOf(c.raw));
    if (out.length >= 10) break;
  }
  return out;
}

/** Connect to `host:port` presenting `name` (SNI), read the session and the chain, and hang up. */
export function probeTls(host: string, port: number, name: string, options: TlsProbeOptions): Promise<TlsSnapshot> {
  if (isIP(host) !== 0) {
    const verdict = checkAddress(host, options.policy);
    if (!verdict.allowed)
      return Promise.reject(new TlsProbeError(`TLS with ${host}:${port} refused: ${verdict.message}`));
  }
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      lookup: createGuardedLookup(options.policy),
      ...(isIP(name) ? {} : { servername: name }),
      rejectUnauthorized: false,
      ca: options.extraCa.length > 0 ? [...rootCertificates, ...options.extraCa] : undefined,
      timeout: options.timeoutMs,
    });
    const fail = (message: string) => {
      socket.destroy();
      reject(new TlsProbeError(message));
    };
    socket.once('timeout', () => fail(`No TLS handshake with ${host}:${port} within ${options.timeoutMs} ms.`));
    socket.once('error', (error: Error) => fail(`TLS with ${host}:${port} failed: ${error.message}`));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      const chain = peer.raw ? chainOf(peer) : [];
      const mismatch = peer.raw ? checkServerIdentity(name, peer) : undefined;
      const authError = socket.authorizationError as Error | string | null | undefined;
      resolve({
        host: name,
        protocol: socket.getProtocol() ?? null,
        authorized: socket.authorized,
        authorizationError: authError ? String(authError instanceof Error ? authError.message : authError) : null,
        hostnameError: mismatch ? mismatch.message : null,
        chain,
      });
      socket.end();
    });
  });
}
