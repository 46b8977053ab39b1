/**
 * resolveSite against a real DNS server on loopback UDP: what it reads from the zone, and what it
 * refuses to read when a lookup gets no answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDns, type DnsBaseline } from '../core/site/dns.ts';
import { makeResolver, resolveSite } from './dns-resolve.ts';
import { startTestDnsServer, type TestDnsServer, type TestZone } from './test-dns-server.ts';

const ZONE: TestZone = {
  'agency.test': {
    NS: ['ns1.registry-dns.test', 'ns2.registry-dns.test'],
    MX: ['10 mail.agency.test'],
    TXT: ['v=spf1 mx -all'],
  },
  '_dmarc.agency.test': { TXT: ['v=DMARC1; p=reject'] },
  'www.agency.test': { A: ['192.0.2.10'] },
};

describe('resolveSite', () => {
  let dns: TestDnsServer;
  beforeAll(async () => {
    dns = await startTestDnsServer(ZONE);
  });
  afterAll(() => dns.close());
  const resolve = () => resolveSite('www.agency.test', makeResolver({ servers: [dns.server], timeoutMs: 2_000 }));

  it('reads the mail policy at the zone apex found by climbing to the NS records', async () => {
    dns.setFailing([]);
    const s = await resolve();
    expect(s).toMatchObject({
      zone: 'agency.test',
      a: ['192.0.2.10'],
      spf: 'v=spf1 mx -all',
      dmarc: 'v=DMARC1; p=reject',
      failed: [],
    });
    expect(s.mx).toEqual(['mail.agency.test']);
  });

  it('lists MX, SPF and DMARC as failed when the NS lookup fails, rather than reading them at the wrong name', async () => {
    dns.setFailing([]);
    let baseline: DnsBaseline | null = null;
    const options = { learnSamples: 2 };
    for (let i = 0; i < 3; i++) baseline = compareDns(baseline, await resolve(), options).baseline;

    dns.setFailing(['NS']);
    const s = await resolve();
    expect(s.failed).toEqual(expect.arrayContaining(['NS', 'MX', 'SPF', 'DMARC']));
    // A resolver that failed is not a changed zone: no finding beyond "lookup failed".
    const { findings, baseline: next } = compareDns(baseline, s, options);
    expect(findings.map((f) => f.code)).toEqual(findings.map(() => 'dns-lookup-failed'));
    expect(next.spf).toBe('v=spf1 mx -all');
    expect(next.dmarc).toBe('v=DMARC1; p=reject');
  });
});
