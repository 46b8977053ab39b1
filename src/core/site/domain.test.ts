import { describe, expect, it } from 'vitest';
import { compareDomain, readRdapDomain } from './domain.ts';
import { DAY_MS } from './expiry.ts';

const rdap = {
  objectClassName: 'domain',
  handle: 'EXAMPLE-1',
  ldhName: 'example.go.jp',
  status: ['active', 'client transfer prohibited'],
  events: [
    { eventAction: 'registration', eventDate: '2001-04-01T00:00:00Z' },
    { eventAction: 'expiration', eventDate: '2027-01-01T00:00:00Z' },
  ],
  entities: [
    { objectClassName: 'entity', roles: ['registrant'], vcardArray: ['vcard', [['fn', {}, 'text', 'Ministry']]] },
    {
      objectClassName: 'entity',
      roles: ['registrar'],
      vcardArray: [
        'vcard',
        [
          ['version', {}, 'text', '4.0'],
          ['fn', {}, 'text', 'Good Registrar'],
        ],
      ],
    },
  ],
  nameservers: [{ objectClassName: 'nameserver', ldhName: 'NS1.DNS-HOST.NET' }],
};

describe('readRdapDomain', () => {
  it('reads the expiration event, the registrar, status and name servers of an RFC 9083 domain', () => {
    expect(readRdapDomain(rdap)).toEqual({
      handle: 'EXAMPLE-1',
      expiration: '2027-01-01T00:00:00Z',
      registrar: 'Good Registrar',
      status: ['active', 'client transfer prohibited'],
      nameservers: ['ns1.dns-host.net'],
    });
    expect(readRdapDomain({ objectClassName: 'entity' })).toBeNull();
    expect(readRdapDomain({ objectClassName: 'domain', events: 'bad' })?.expiration).toBeNull();
  });
});

describe('compareDomain', () => {
  const NOW = 1_800_000_000_000;
  const s = {
    domain: 'example.go.jp',
    expiresAt: NOW + 100 * DAY_MS,
    registrar: 'Good Registrar',
    status: [],
    nameservers: [],
  };
  const o = { now: NOW, expiryDays: [30, 14, 7] };

  it('warns as the registration nears its end and says a lapsed one is down', () => {
    expect(compareDomain(null, s, o).findings).toEqual([]);
    expect(compareDomain(null, { ...s, expiresAt: NOW + 12 * DAY_MS }, o).findings.map((f) => f.code)).toEqual([
      'domain-expires-within-14',
    ]);
    expect(compareDomain(null, { ...s, expiresAt: NOW - DAY_MS }, o).findings.map((f) => [f.code, f.incident])).toEqual(
      [['domain-expired', 'down']],
    );
  });

  it('tells a transfer to another registrar and keeps the learnt one', () => {
    const b = compareDomain(null, s, o).baseline;
    const moved = compareDomain(b, { ...s, registrar: 'Cheap Registrar' }, o);
    expect(moved.findings.map((f) => f.code)).toEqual(['domain-registrar-changed']);
    expect(moved.baseline.registrar).toBe('Good Registrar');
  });
});
