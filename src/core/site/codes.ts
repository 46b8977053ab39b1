/**
 * Every reason code the site watches emit, as one typed list: `finding()` takes only these, so a
 * watch cannot emit a code missing here, and the message catalogue's test reads this list, so a code
 * here cannot lack its Japanese text. Pure.
 */

/** The security headers the headers watch baselines (lower-case names), each with its two codes. */
export const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
] as const;
export type SecurityHeader = (typeof SECURITY_HEADERS)[number];

/** What ends: a certificate or a domain registration (`tls-certificate-expired`, `domain-expires-within-7`). */
export const EXPIRY_SUBJECTS = ['tls-certificate', 'domain'] as const;
export type ExpirySubject = (typeof EXPIRY_SUBJECTS)[number];

const FIXED_CODES = [
  'dns-name-missing',
  'dns-lookup-failed',
  'dns-ns-changed',
  'dns-ns-added',
  'dns-cname-provider',
  'dns-address-new-network',
  'dns-address-moved',
  'dns-caa-removed',
  'dns-caa-changed',
  'dns-spf-changed',
  'dns-dmarc-changed',
  'dns-mx-changed',
  'tls-no-certificate',
  'tls-hostname-mismatch',
  'tls-untrusted-chain',
  'tls-protocol-weaker',
  'tls-certificate-renewed',
  'tls-issuer-changed',
  'tls-key-changed',
  'tls-certificate-expired',
  'domain-expiry-unknown',
  'domain-registrar-changed',
  'domain-expired',
] as const satisfies readonly `${'dns' | 'tls' | 'domain'}-${string}`[];

export type HeaderReasonCode = `header-${'removed' | 'weakened'}-${SecurityHeader}`;
/** The days are the config's (`siteWatch.expiryDays`), so this family has no fixed members. */
export type ExpiryWithinCode = `${ExpirySubject}-expires-within-${number}`;
export type SiteReasonCode = (typeof FIXED_CODES)[number] | HeaderReasonCode | ExpiryWithinCode;

const HEADER_CODES: readonly HeaderReasonCode[] = SECURITY_HEADERS.flatMap((h) => [
  `header-removed-${h}` as const,
  `header-weakened-${h}` as const,
]);

/** The placeholder for the days of an `…-expires-within-N` code in the catalogue's keys. */
export const DAYS_PLACEHOLDER = '{days}';

/**
 * Every site reason code as the message catalogue keys it: the fixed codes, the headers' codes, and
 * each expiry-within family once, its days as `{days}` (`domain-expires-within-{days}`).
 */
export const SITE_REASON_CODES: readonly string[] = [
  ...FIXED_CODES,
  ...HEADER_CODES,
  ...EXPIRY_SUBJECTS.map((s) => `${s}-expires-within-${DAYS_PLACEHOLDER}`),
];

export function expiryWithinCode(subject: ExpirySubject, days: number): ExpiryWithinCode {
  return `${subject}-expires-within-${days}`;
}
