import { describe, expect, it } from 'vitest';
import { compareHeaders, securityHeadersOf, type SecurityHeaders } from './headers.ts';

const strong: SecurityHeaders = {
  'content-security-policy': "default-src 'self'; script-src 'self' https://cdn.example.go.jp; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), geolocation=()',
};
const URL = 'https://www.example.go.jp/';
const learnt = compareHeaders(null, strong, URL).baseline;
const codes = (h: SecurityHeaders) => compareHeaders(learnt, h, URL).findings.map((f) => f.code);

describe('compareHeaders', () => {
  it('keeps only the security headers, and learns the first set quietly', () => {
    expect(securityHeadersOf({ 'content-type': 'text/html', 'x-frame-options': ' DENY ' })).toEqual({
      'x-frame-options': 'DENY',
    });
    expect(compareHeaders(null, strong, URL).findings).toEqual([]);
    expect(codes(strong)).toEqual([]);
  });

  it("says a CSP newly allowing 'unsafe-inline' or a new script host is weaker, with before and after", () => {
    const csp =
      "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example.go.jp https://evil.example; frame-ancestors 'none'";
    const result = compareHeaders(learnt, { ...strong, 'content-security-policy': csp }, URL);
    expect(result.findings).toHaveLength(1);
    const f = result.findings[0]!;
    expect(f.code).toBe('header-weakened-content-security-policy');
    expect(f.message).toContain("'unsafe-inline'");
    expect(f.message).toContain('https://evil.example');
    expect(f.evidence?.snippet).toBe(`${strong['content-security-policy']} → ${csp}`);
    expect(result.baseline.headers['content-security-policy']).toBe(strong['content-security-policy']);
  });

  it("does not count 'unsafe-inline' beside a nonce, which browsers ignore", () => {
    const csp =
      "default-src 'self'; script-src 'self' 'nonce-abc' 'unsafe-inline' https://cdn.example.go.jp; frame-ancestors 'none'";
    expect(codes({ ...strong, 'content-security-policy': csp })).toEqual([]);
  });

  it('tells each removed or weakened header and learns a stricter one', () => {
    const { 'strict-transport-security': _hsts, ...noHsts } = strong;
    expect(codes(noHsts)).toEqual(['header-removed-strict-transport-security']);
    expect(codes({ ...strong, 'strict-transport-security': 'max-age=0' })).toEqual([
      'header-weakened-strict-transport-security',
    ]);
    expect(codes({ ...strong, 'x-frame-options': 'ALLOWALL' })).toEqual(['header-weakened-x-frame-options']);
    expect(codes({ ...strong, 'referrer-policy': 'unsafe-url' })).toEqual(['header-weakened-referrer-policy']);
    expect(codes({ ...strong, 'permissions-policy': 'camera=*, geolocation=()' })).toEqual([
      'header-weakened-permissions-policy',
    ]);
    expect(codes({ ...strong, 'content-security-policy': "default-src 'self'; script-src 'self'" })).toEqual([
      'header-weakened-content-security-policy',
    ]);
    const stricter = compareHeaders(learnt, { ...strong, 'referrer-policy': 'no-referrer' }, URL);
    expect(stricter.findings).toEqual([]);
    expect(stricter.baseline.headers['referrer-policy']).toBe('no-referrer');
  });

  it('does not mind X-Frame-Options going while CSP frame-ancestors still guards framing', () => {
    const { 'x-frame-options': _xfo, ...rest } = strong;
    expect(codes(rest)).toEqual([]);
  });
});
