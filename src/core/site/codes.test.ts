import { describe, expect, it } from 'vitest';
import { DAYS_PLACEHOLDER, SECURITY_HEADERS, SITE_REASON_CODES } from './codes.ts';
import { DAY_MS, expiryFinding } from './expiry.ts';

describe('the site reason codes', () => {
  it('lists each code once, each under its watch’s prefix', () => {
    expect(new Set(SITE_REASON_CODES).size).toBe(SITE_REASON_CODES.length);
    expect(SITE_REASON_CODES.filter((c) => !/^(dns|tls|domain|header)-/.test(c))).toEqual([]);
    for (const h of SECURITY_HEADERS) {
      expect(SITE_REASON_CODES).toContain(`header-removed-${h}`);
      expect(SITE_REASON_CODES).toContain(`header-weakened-${h}`);
    }
  });

  it('keys an expiry threshold the config chooses by its family, the days as a placeholder', () => {
    const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    const within = expiryFinding('domain', 'The registration', now + 20 * DAY_MS, now, [21, 60]);
    expect(within?.code).toBe('domain-expires-within-21');
    expect(SITE_REASON_CODES).toContain(`domain-expires-within-${DAYS_PLACEHOLDER}`);
    const expired = expiryFinding('tls-certificate', 'The certificate', now - DAY_MS, now, [21]);
    expect(SITE_REASON_CODES).toContain(expired?.code);
  });
});
