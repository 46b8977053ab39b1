import { describe, expect, it } from 'vitest';
import { compareDns, type DnsBaseline, type DnsSnapshot } from './dns.ts';
import { networkOf, providerOf } from './names.ts';

const base: DnsSnapshot = {
  name: 'www.ministry.go.jp',
  zone: 'ministry.go.jp',
  a: ['203.0.113.10'],
  aaaa: [],
  cname: null,
  ns: ['ns1.dns-host.net', 'ns2.dns-host.net'],
  mx: ['mx.mail-host.net'],
  caa: ['0 issue letsencrypt.org'],
  spf: 'v=spf1 include:mail-host.net -all',
  dmarc: 'v=DMARC1; p=reject',
  missing: false,
  failed: [],
};

function learnt(...snapshots: DnsSnapshot[]): DnsBaseline {
  let b: DnsBaseline | null = null;
  for (const s of snapshots) b = compareDns(b, s, { learnSamples: 1 }).baseline;
  return b!;
}

const codes = (b: DnsBaseline, s: DnsSnapshot) => compareDns(b, s, { learnSamples: 1 }).findings.map((f) => f.code);

describe('names', () => {
  it('tells the provider of a host and the network of an address', () => {
    expect(providerOf('ns-12.Cdn-Provider.net.')).toBe('cdn-provider.net');
    expect(providerOf('ns.example.go.jp')).toBe('example.go.jp');
    expect(networkOf('198.51.100.7')).toBe('198.51.100.0/24');
    expect(networkOf('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
    expect(networkOf('not an address')).toBeNull();
  });
});

describe('compareDns', () => {
  it('learns the first resolution without a finding, and an identical one stays quiet', () => {
    const first = compareDns(null, base, { learnSamples: 1 });
    expect(first.findings).toEqual([]);
    expect(codes(first.baseline, base)).toEqual([]);
  });

  it('learns CDN churn: a new address in a learnt network, and any address behind a learnt CNAME provider', () => {
    const b = learnt(base);
    expect(codes(b, { ...base, a: ['203.0.113.77'] })).toEqual([]);
    const cdn = learnt({ ...base, cname: 'site.edge-cdn.net', a: ['192.0.2.1'] });
    expect(codes(cdn, { ...base, cname: 'site.edge-cdn.net', a: ['198.51.100.9', '100.64.3.3'] })).toEqual([]);
  });

  it('says the name servers moved to a new provider, with before and after, and does not learn it', () => {
    const b = learnt(base);
    const hijacked = { ...base, ns: ['ns1.evil-dns.example'] };
    const result = compareDns(b, hijacked, { learnSamples: 1 });
    const ns = result.findings.find((f) => f.code === 'dns-ns-changed');
    expect(ns?.incident).toBe('tampered');
    expect(ns?.evidence?.snippet).toBe('ns1.dns-host.net ns2.dns-host.net → ns1.evil-dns.example');
    expect(result.baseline.nsProviders).toEqual(['dns-host.net']);
    expect(codes(result.baseline, hijacked)).toContain('dns-ns-changed');
  });

  it('learns a new name server of a provider already used', () => {
    expect(codes(learnt(base), { ...base, ns: [...base.ns, 'ns3.dns-host.net'] })).toEqual(['dns-ns-added']);
  });

  it('tells an address outside every learnt network, moved or added', () => {
    const b = learnt(base);
    expect(codes(b, { ...base, a: ['192.0.2.66'] })).toEqual(['dns-address-moved']);
    expect(codes(b, { ...base, a: ['203.0.113.10', '192.0.2.66'] })).toEqual(['dns-address-new-network']);
  });

  it('learns freely while learning, then judges', () => {
    let b = compareDns(null, base, { learnSamples: 2 }).baseline;
    const second = compareDns(b, { ...base, a: ['192.0.2.66'] }, { learnSamples: 2 });
    expect(second.findings).toEqual([]);
    b = second.baseline;
    expect(compareDns(b, { ...base, a: ['192.0.2.67'] }, { learnSamples: 2 }).findings).toEqual([]);
    expect(compareDns(b, { ...base, a: ['198.18.0.1'] }, { learnSamples: 2 }).findings.map((f) => f.code)).toEqual([
      'dns-address-moved',
    ]);
  });

  it('tells a CNAME to a new provider, CAA removed or widened, SPF, DMARC and MX changes', () => {
    const b = learnt(base);
    expect(codes(b, { ...base, cname: 'x.other-cdn.org' })).toEqual(['dns-cname-provider']);
    expect(codes(b, { ...base, caa: [] })).toEqual(['dns-caa-removed']);
    expect(codes(b, { ...base, caa: [...base.caa, '0 issue cheap-ca.example'] })).toEqual(['dns-caa-changed']);
    expect(codes(b, { ...base, spf: 'v=spf1 +all' })).toEqual(['dns-spf-changed']);
    expect(codes(b, { ...base, dmarc: null })).toEqual(['dns-dmarc-changed']);
    expect(codes(b, { ...base, mx: ['mx.elsewhere.example'] })).toEqual(['dns-mx-changed']);
  });

  it('says a name that no longer exists is down, and compares nothing a lookup failed to answer', () => {
    const b = learnt(base);
    const gone = compareDns(b, { ...base, a: [], ns: [], missing: true }, { learnSamples: 1 });
    expect(gone.findings.map((f) => [f.code, f.incident])).toEqual([['dns-name-missing', 'down']]);
    const failed = compareDns(b, { ...base, ns: [], caa: [], failed: ['NS', 'CAA'] }, { learnSamples: 1 });
    expect(failed.findings.map((f) => [f.code, f.incident])).toEqual([
      ['dns-lookup-failed', null],
      ['dns-lookup-failed', null],
    ]);
  });
});
