import { describe, expect, it } from 'vitest';
import { DAY_MS } from './expiry.ts';
import { compareTls, type TlsCertificate, type TlsSnapshot } from './tls.ts';

const NOW = 1_800_000_000_000;
const leaf: TlsCertificate = {
  subject: 'CN=www.example.go.jp',
  issuer: 'CN=Good CA',
  serialNumber: '01',
  fingerprint256: 'AA:01',
  key: 'EC prime256v1',
  publicKeySha256: 'key-1',
  validFrom: NOW - 30 * DAY_MS,
  validTo: NOW + 300 * DAY_MS,
  sans: ['DNS:www.example.go.jp'],
};
const snap: TlsSnapshot = {
  host: 'www.example.go.jp',
  protocol: 'TLSv1.3',
  authorized: true,
  authorizationError: null,
  hostnameError: null,
  chain: [leaf],
};
const options = { now: NOW, expiryDays: [30, 14, 7], renewalDays: 30 };
const learnt = compareTls(null, snap, options).baseline;
const codes = (s: TlsSnapshot, now = NOW) => compareTls(learnt, s, { ...options, now }).findings.map((f) => f.code);

describe('compareTls', () => {
  it('learns the first certificate quietly and stays quiet while it is the same', () => {
    expect(compareTls(null, snap, options).findings).toEqual([]);
    expect(codes(snap)).toEqual([]);
  });

  it('warns at 30, 14 and 7 days, more severely as the end nears, and says an expired one is down', () => {
    const at = (days: number) => compareTls(learnt, snap, { ...options, now: leaf.validTo - days * DAY_MS }).findings;
    expect(at(25).map((f) => [f.code, f.severity, f.incident])).toEqual([
      ['tls-certificate-expires-within-30', 'low', 'degraded'],
    ]);
    expect(at(10).map((f) => [f.code, f.severity])).toEqual([['tls-certificate-expires-within-14', 'medium']]);
    expect(at(3).map((f) => [f.code, f.severity])).toEqual([['tls-certificate-expires-within-7', 'high']]);
    expect(at(-2).map((f) => [f.code, f.incident])).toEqual([['tls-certificate-expired', 'down']]);
    expect(at(40)).toEqual([]);
  });

  it('tells a new issuer or key long before the old certificate ended, and does not learn it', () => {
    const other = { ...leaf, fingerprint256: 'BB:02', issuer: 'CN=Other CA', publicKeySha256: 'key-2' };
    const result = compareTls(learnt, { ...snap, chain: [other] }, options);
    expect(result.findings.map((f) => f.code)).toEqual(['tls-issuer-changed']);
    expect(result.findings[0]!.evidence?.snippet).toBe('CN=Good CA → CN=Other CA');
    expect(result.baseline?.fingerprint256).toBe('AA:01');
    expect(
      codes({ ...snap, chain: [{ ...leaf, fingerprint256: 'CC:03', publicKeySha256: 'key-3', key: 'RSA 1024' }] }),
    ).toEqual(['tls-key-changed']);
  });

  it('learns a renewal near the end, even with a new issuer and key', () => {
    const renewed = {
      ...leaf,
      fingerprint256: 'DD:04',
      issuer: 'CN=Other CA',
      publicKeySha256: 'key-4',
      validTo: leaf.validTo + 365 * DAY_MS,
    };
    const result = compareTls(learnt, { ...snap, chain: [renewed] }, { ...options, now: leaf.validTo - 20 * DAY_MS });
    expect(result.findings.map((f) => [f.code, f.incident])).toEqual([['tls-certificate-renewed', null]]);
    expect(result.baseline?.fingerprint256).toBe('DD:04');
  });

  it('tells a name the certificate does not cover, an untrusted chain and an older protocol', () => {
    expect(codes({ ...snap, hostnameError: "Host: x.go.jp. is not in the cert's altnames" })).toEqual([
      'tls-hostname-mismatch',
    ]);
    expect(codes({ ...snap, authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })).toEqual([
      'tls-untrusted-chain',
    ]);
    expect(codes({ ...snap, protocol: 'TLSv1.2' })).toEqual(['tls-protocol-weaker']);
  });
});
