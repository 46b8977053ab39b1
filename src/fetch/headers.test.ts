import { describe, expect, it } from 'vitest';
import { decodeLocation, headerValue, selectHeaders } from './headers.ts';

describe('selectHeaders', () => {
  it('keeps the evidence headers, counts cookies without their values, drops the rest', () => {
    const selected = selectHeaders({
      'Content-Type': 'text/html; charset=utf-8',
      server: 'Apache',
      'x-powered-by': 'PHP/5.2.17',
      'set-cookie': ['session=secret; HttpOnly', 'tracking=abc'],
      'x-request-id': 'drop-me',
      etag: '"abc"',
      'content-security-policy': "default-src 'self'",
      'Referrer-Policy': 'no-referrer',
    });
    expect(selected).toEqual({
      'content-type': 'text/html; charset=utf-8',
      server: 'Apache',
      'x-powered-by': 'PHP/5.2.17',
      etag: '"abc"',
      'content-security-policy': "default-src 'self'",
      'referrer-policy': 'no-referrer',
      'set-cookie-count': '2',
    });
    expect(JSON.stringify(selected)).not.toContain('secret');
  });

  it('joins repeated headers', () => {
    expect(selectHeaders({ 'cache-control': ['no-cache', 'no-store'] })).toEqual({
      'cache-control': 'no-cache, no-store',
    });
    expect(headerValue({ location: '/next' }, 'location')).toBe('/next');
    expect(headerValue({}, 'location')).toBeNull();
  });
});

describe('decodeLocation', () => {
  it('reads raw UTF-8 bytes (delivered as Latin-1 text) as UTF-8', () => {
    const asNodeGivesIt = Buffer.from('/法令/検索', 'utf8').toString('latin1');
    expect(decodeLocation(asNodeGivesIt)).toBe('/法令/検索');
    expect(selectHeaders({ location: asNodeGivesIt }).location).toBe('/法令/検索');
  });

  it('leaves ASCII and non-UTF-8 Latin-1 alone', () => {
    expect(decodeLocation('/a%E6%B3%95?q=1')).toBe('/a%E6%B3%95?q=1');
    expect(decodeLocation('/caf\u00e9')).toBe('/caf\u00e9');
  });
});
