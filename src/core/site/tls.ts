/**
 * The certificate watch's judgement: the certificate and TLS session a site presents, compared with
 * the one learnt. A renewal (a new certificate near the old one's end) is learnt; a new issuer or key
 * while the old certificate had long to run, a name the certificate does not cover, an older protocol
 * or a certificate near its end are findings. Times are epoch ms, given by the caller. Pure.
 */
import { expiryFinding, DAY_MS } from './expiry.ts';
import { beforeAfter, finding, type WatchComparison, type WatchFinding } from './findings.ts';

export interface TlsCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint256: string;
  /** e.g. `RSA 2048`, `EC prime256v1`. */
  key: string;
  /** SHA-256 of the public key: equal across renewals that keep the key. */
  publicKeySha256: string;
  validFrom: number;
  validTo: number;
  sans: string[];
}

export interface TlsSnapshot {
  host: string;
  protocol: string | null;
  /** Whether the chain validated against the trusted roots. */
  authorized: boolean;
  authorizationError: string | null;
  /** Why the leaf does not cover the host, when it does not. */
  hostnameError: string | null;
  /** Leaf first. */
  chain: TlsCertificate[];
}

export interface TlsBaseline {
  samples: number;
  fingerprint256: string;
  issuer: string;
  publicKeySha256: string;
  key: string;
  validFrom: number;
  validTo: number;
  /** The best protocol the site has been seen to speak. */
  protocol: string | null;
}

export interface TlsOptions {
  now: number;
  expiryDays: readonly number[];
  /** A new certificate within this many days of the old one's end (or past two thirds of its life) is a renewal. */
  renewalDays: number;
}

const PROTOCOL_RANK: Record<string, number> = { SSLv3: 0, TLSv1: 1, 'TLSv1.1': 2, 'TLSv1.2': 3, 'TLSv1.3': 4 };

function rank(protocol: string | null): number {
  return protocol === null ? -1 : (PROTOCOL_RANK[protocol] ?? -1);
}

function baselineOf(leaf: TlsCertificate, protocol: string | null, samples: number): TlsBaseline {
  return {
    samples,
    fingerprint256: leaf.fingerprint256,
    issuer: leaf.issuer,
    publicKeySha256: leaf.publicKeySha256,
    key: leaf.key,
    validFrom: leaf.validFrom,
    validTo: leaf.validTo,
    protocol,
  };
}

export function compareTls(
  baseline: TlsBaseline | null,
  s: TlsSnapshot,
  o: TlsOptions,
): WatchComparison<TlsBaseline | null> {
  const leaf = s.chain[0];
  if (!leaf)
    return {
      baseline,
      findings: [finding('tls-no-certificate', 'high', 'down', `${s.host} presented no certificate.`)],
    };
  const findings: WatchFinding[] = [];
  const expiry = expiryFinding('tls-certificate', `The certificate of ${s.host}`, leaf.validTo, o.now, o.expiryDays);
  if (expiry) findings.push(expiry);
  if (s.hostnameError) {
    const message = `The certificate of ${s.host} does not cover that name (${s.hostnameError}); it names ${leaf.sans.join(', ') || leaf.subject}.`;
    findings.push(finding('tls-hostname-mismatch', 'high', 'suspicious', message));
  } else if (!s.authorized) {
    const message = `The certificate chain of ${s.host} does not validate (${s.authorizationError ?? 'unknown error'}); browsers warn every visitor.`;
    findings.push(finding('tls-untrusted-chain', 'medium', 'degraded', message));
  }
  if (!baseline) return { baseline: baselineOf(leaf, s.protocol, 1), findings };
  if (rank(s.protocol) < rank(baseline.protocol)) {
    const message = `${s.host} now negotiates ${s.protocol ?? 'no known protocol'}, older than the ${baseline.protocol} it spoke before.`;
    findings.push(
      finding('tls-protocol-weaker', 'medium', 'suspicious', message, beforeAfter(baseline.protocol, s.protocol)),
    );
  }
  const protocol = rank(s.protocol) > rank(baseline.protocol) ? s.protocol : baseline.protocol;
  if (leaf.fingerprint256 === baseline.fingerprint256)
    return { baseline: { ...baseline, samples: baseline.samples + 1, protocol }, findings };
  const changed = certificateChange(baseline, leaf, s.host, o);
  findings.push(...changed);
  const learnt = changed.every((f) => f.incident === null);
  return {
    baseline: learnt
      ? baselineOf(leaf, protocol, baseline.samples + 1)
      : { ...baseline, samples: baseline.samples + 1, protocol },
    findings,
  };
}

function certificateChange(b: TlsBaseline, leaf: TlsCertificate, host: string, o: TlsOptions): WatchFinding[] {
  const lifetime = b.validTo - b.validFrom;
  const renewal = b.validTo - o.now <= o.renewalDays * DAY_MS || o.now - b.validFrom >= (lifetime * 2) / 3;
  const daysLeft = Math.max(0, Math.floor((b.validTo - o.now) / DAY_MS));
  const issuerChanged = leaf.issuer !== b.issuer;
  const keyChanged = leaf.publicKeySha256 !== b.publicKeySha256;
  if (renewal || (!issuerChanged && !keyChanged)) {
    const message = `${host} has a new certificate (${renewal ? 'a renewal' : 'same issuer and key'}): learnt.`;
    return [
      finding('tls-certificate-renewed', 'info', null, message, beforeAfter(b.fingerprint256, leaf.fingerprint256)),
    ];
  }
  if (issuerChanged) {
    const message = `${host} presents a certificate from a new issuer, ${leaf.issuer}, while the one from ${b.issuer} still had ${daysLeft} days to run: not a renewal; a certificate issued to someone else?`;
    return [finding('tls-issuer-changed', 'high', 'suspicious', message, beforeAfter(b.issuer, leaf.issuer))];
  }
  const message = `${host} presents a certificate with a new key (${leaf.key}, was ${b.key}) while the old one still had ${daysLeft} days to run: not a renewal.`;
  return [finding('tls-key-changed', 'medium', 'suspicious', message, beforeAfter(b.key, leaf.key))];
}
